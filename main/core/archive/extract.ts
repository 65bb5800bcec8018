/**
 * Writing members out of an archive, only when they must be (compressed content, or a reader that takes
 * whole files): always under `<dataDir>/archives/<archive sha256>/`, named by number, never by the entry's
 * name, through a temporary file renamed into place, and cut off at the size and ratio limits.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { TrailviewError } from '../../../shared/errors';
import { GunzipDecoder } from '../gunzip';
import type { OpenJob } from '../open-job';
import type { ArchiveLimits } from './types';

export function sizeLabel(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Throws TOO_LARGE once `total` output bytes pass the member limit or the ratio to `compressedBytes`. */
export function outputGuard(limits: ArchiveLimits, compressedBytes: number, what: string): (total: number) => void {
  const ratioCap = Math.max(limits.ratioFloorBytes, compressedBytes * limits.maxRatio);
  return (total) => {
    if (total > limits.maxMemberBytes) {
      throw new TrailviewError('TOO_LARGE', `${what} decompresses to more than ${sizeLabel(limits.maxMemberBytes)}, the limit for one archive member; not unpacked`);
    }
    if (total > ratioCap) {
      throw new TrailviewError(
        'TOO_LARGE',
        `${what} decompresses to more than ${limits.maxRatio} times its ${sizeLabel(compressedBytes)} compressed size (past ${sizeLabel(ratioCap)}): refused as a likely decompression bomb`,
      );
    }
  };
}

let tmpCounter = 0;

/** Writes `produce`'s output to `<dir>/<fileName>` through a temporary name; reuses a finished file of `expectBytes`. */
export async function writeOnce(dir: string, fileName: string, expectBytes: number | undefined, produce: (tmpPath: string) => Promise<void>): Promise<string> {
  const target = join(dir, fileName);
  const have = await stat(target).catch(() => undefined);
  if (have?.isFile() && (expectBytes === undefined || have.size === expectBytes)) return target;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${fileName}.tmp-${process.pid}-${++tmpCounter}`);
  try {
    await produce(tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return target;
}

/** A stream step that counts (and checks) what passes, and keeps a CRC-32 of it. */
function counter(guard: (total: number) => void): Transform & { total: number; crc: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        t.total += chunk.length;
        t.crc = zlib.crc32(chunk, t.crc);
        guard(t.total);
        done(null, chunk);
      } catch (e) {
        done(e as Error);
      }
    },
  }) as Transform & { total: number; crc: number };
  t.total = 0;
  t.crc = 0;
  return t;
}

function zlibError(e: unknown, what: string): unknown {
  if (e instanceof TrailviewError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err.code?.startsWith('Z_')) return new TrailviewError('CORRUPT', `${what}: its compressed data is damaged (${err.message})`);
  return e;
}

export interface RangeSpec {
  path: string;
  offsetBytes: number;
  sizeBytes: number;
}

/** Reports bytes written out of `totalBytes` as they pass (the 'unpacking' phase of an open). */
function unpackProgress(job: OpenJob | undefined, totalBytes: number): Transform {
  let done = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, next) {
      done += chunk.length;
      job?.onProgress?.('unpacking', done, totalBytes);
      next(null, chunk);
    },
  });
}

/** Pipeline options: an aborted open stops the copy (writeOnce then removes the temporary file). */
const abortable = (job: OpenJob | undefined) => (job?.signal ? { signal: job.signal } : {});

/** Copies a stored member's bytes to `out`. */
export async function copyRange(src: RangeSpec, out: string, job?: OpenJob): Promise<void> {
  if (src.sizeBytes === 0) {
    await pipeline(async function* () {}, createWriteStream(out, { flags: 'wx' }));
    return;
  }
  await pipeline(
    createReadStream(src.path, { start: src.offsetBytes, end: src.offsetBytes + src.sizeBytes - 1 }),
    unpackProgress(job, src.sizeBytes),
    createWriteStream(out, { flags: 'wx' }),
    abortable(job),
  );
}

/** Inflates a deflated zip member to `out`, within the limits; checks its size and CRC-32 against the directory's. */
export async function inflateRange(src: RangeSpec, out: string, limits: ArchiveLimits, what: string, expect: { sizeBytes: number; crc32?: number }, job?: OpenJob): Promise<void> {
  const count = counter(outputGuard(limits, src.sizeBytes, what));
  const input = src.sizeBytes > 0 ? createReadStream(src.path, { start: src.offsetBytes, end: src.offsetBytes + src.sizeBytes - 1 }) : (async function* () {})();
  try {
    await pipeline(input, zlib.createInflateRaw(), count, unpackProgress(job, expect.sizeBytes), createWriteStream(out, { flags: 'wx' }), abortable(job));
  } catch (e) {
    throw zlibError(e, what);
  }
  if (count.total !== expect.sizeBytes) throw new TrailviewError('CORRUPT', `${what}: inflates to ${count.total} bytes, not the ${expect.sizeBytes} its zip directory says`);
  if (expect.crc32 !== undefined && count.crc >>> 0 !== expect.crc32 >>> 0) throw new TrailviewError('CORRUPT', `${what}: its CRC-32 does not match the zip directory's: the member is damaged`);
}

/** The first `maxBytes` of a deflated member's content (for detecting what it is). */
export async function inflateHead(src: RangeSpec, maxBytes: number, what: string): Promise<Uint8Array> {
  if (src.sizeBytes === 0) return new Uint8Array(0);
  const parts: Buffer[] = [];
  let total = 0;
  const inflater = zlib.createInflateRaw({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const input = createReadStream(src.path, { start: src.offsetBytes, end: src.offsetBytes + src.sizeBytes - 1, highWaterMark: 64 * 1024 });
  input.on('error', (e) => inflater.destroy(e));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      parts.push(chunk);
      total += chunk.length;
      if (total >= maxBytes) break;
    }
  } catch (e) {
    if (total === 0) throw zlibError(e, what);
  } finally {
    input.destroy();
    inflater.destroy();
  }
  return Buffer.concat(parts).subarray(0, maxBytes);
}

/**
 * Decompresses a whole gzip file (a .tar.gz) to `out`, within the limits. Progress is compressed bytes
 * read of the file's size (the decompressed size is not known ahead).
 */
export async function gunzipFile(path: string, compressedBytes: number, out: string, limits: ArchiveLimits, what: string, job?: OpenJob): Promise<void> {
  const guard = outputGuard(limits, compressedBytes, what);
  const writer = createWriteStream(out, { flags: 'wx' });
  let total = 0;
  let failure: unknown;
  const writerFailed = new Promise<never>((_, reject) => writer.once('error', reject));
  writerFailed.catch(() => undefined);
  const decoder = new GunzipDecoder(what, (bytes) => {
    total += bytes.length;
    guard(total);
    // GunzipDecoder hands out chunks it may reuse: copy before queueing the write.
    writer.write(Buffer.from(bytes));
  });
  let readBytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      job?.signal?.throwIfAborted();
      await decoder.push(chunk);
      readBytes += chunk.length;
      job?.onProgress?.('unpacking', readBytes, compressedBytes);
      if (writer.writableNeedDrain) await Promise.race([new Promise<void>((r) => writer.once('drain', () => r())), writerFailed]);
    }
    await decoder.end();
  } catch (e) {
    failure = e;
  }
  await Promise.race([new Promise<void>((r) => writer.end(r)), writerFailed]).catch((e: unknown) => (failure ??= e));
  if (failure) throw failure;
}
