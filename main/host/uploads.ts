/**
 * Browser-mode uploads: the body is streamed to a temp file in `<dataDir>/uploads`, hashed on the way,
 * then renamed to its SHA-256, which is the upload id. Identical uploads share one file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TrailviewError } from '../../shared/errors';

export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

export interface UploadStore {
  receive(body: Readable, name: string, declaredLengthBytes?: number): Promise<{ uploadId: string; sizeBytes: number }>;
  resolve(uploadId: string): Promise<{ path: string; fileName: string }>;
}

/** A display name from whatever the browser sent: base name only, no control characters. */
export function cleanUploadName(name: string | null | undefined): string {
  const cleaned = basename(String(name ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return cleaned || 'upload';
}

export function createUploadStore(opts: { dir: string; maxBytes?: number }): UploadStore {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const names = new Map<string, string>();
  const tooLarge = () =>
    new TrailviewError('TOO_LARGE', `The upload is larger than the limit of ${maxBytes} bytes; open big files in the desktop app or with "trailview web FILE".`);

  return {
    async receive(body, name, declaredLengthBytes) {
      if (declaredLengthBytes !== undefined && declaredLengthBytes > maxBytes) {
        body.resume();
        throw tooLarge();
      }
      await fsp.mkdir(opts.dir, { recursive: true });
      const tmp = join(opts.dir, `.tmp-${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256');
      let sizeBytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          sizeBytes += chunk.length;
          if (sizeBytes > maxBytes) return done(tooLarge());
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(tmp, { flags: 'wx' }));
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        if (err instanceof TrailviewError) throw err;
        throw new TrailviewError('NOT_READABLE', `The upload of "${cleanUploadName(name)}" did not complete: ${(err as Error).message}`);
      }
      const uploadId = hash.digest('hex');
      const finalPath = join(opts.dir, uploadId);
      // Same content uploaded before: keep the existing file (it may be open right now).
      const exists = await fsp.stat(finalPath).then(() => true, () => false);
      if (exists) await fsp.rm(tmp, { force: true });
      else await fsp.rename(tmp, finalPath);
      names.set(uploadId, cleanUploadName(name));
      return { uploadId, sizeBytes };
    },

    async resolve(uploadId) {
      const path = join(opts.dir, uploadId);
      const known = /^[0-9a-f]{64}$/.test(uploadId) && (await fsp.stat(path).then((s) => s.isFile(), () => false));
      if (!known) throw new TrailviewError('NOT_FOUND', `No upload with id "${uploadId}"; upload the file again.`);
      return { path, fileName: names.get(uploadId) ?? uploadId };
    },
  };
}
