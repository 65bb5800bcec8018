/**
 * Reads a ByteSource (a whole file or an archive member stored in place) by ranges, read-only. Probes ask
 * for the few bytes they need (box and element headers, the moov) instead of reading the file.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { TrailviewError } from '../../../shared/errors';
import { readFully } from '../source';
import type { ByteSource } from '../types';

const HASH_READ_BYTES = 1024 * 1024;

function ioError(source: ByteSource, err: unknown): TrailviewError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new TrailviewError('NOT_FOUND', `${source.name}: no such file (${source.path})`);
  if (code === 'EACCES' || code === 'EPERM') return new TrailviewError('NOT_READABLE', `${source.name}: permission denied`);
  return new TrailviewError('NOT_READABLE', `${source.name}: cannot be read (${code ?? (err as Error).message})`);
}

export class SourceReader {
  private constructor(
    readonly source: ByteSource,
    private readonly handle: FileHandle,
  ) {}

  /** Opens the file read-only and checks the run of bytes lies inside it. */
  static async open(source: ByteSource): Promise<SourceReader> {
    let handle: FileHandle;
    try {
      handle = await open(source.path, 'r');
    } catch (e) {
      throw ioError(source, e);
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new TrailviewError('NOT_READABLE', `${source.name}: is not a regular file`);
      if (source.offsetBytes < 0 || source.offsetBytes + source.sizeBytes > st.size) {
        throw new TrailviewError('CORRUPT', `${source.name}: bytes ${source.offsetBytes}..${source.offsetBytes + source.sizeBytes} lie outside the file (${st.size} bytes)`);
      }
      if (source.sizeBytes === 0) throw new TrailviewError('EMPTY_FILE', `${source.name}: the file is empty (0 bytes)`);
      return new SourceReader(source, handle);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  get sizeBytes(): number {
    return this.source.sizeBytes;
  }

  /** Up to `lengthBytes` bytes at `offsetBytes` (relative to the source); fewer at its end. */
  async read(offsetBytes: number, lengthBytes: number): Promise<Buffer> {
    const length = Math.max(0, Math.min(lengthBytes, this.source.sizeBytes - offsetBytes));
    if (length === 0) return Buffer.alloc(0);
    return readFully(this.handle, this.source.offsetBytes + offsetBytes, length).catch((e: unknown) => Promise.reject(ioError(this.source, e)));
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** SHA-256 of the sources' bytes one after another (one source: the same hash as the whole file's). */
export async function hashSources(sources: ByteSource[], signal?: AbortSignal, onProgress?: (hashedBytes: number, totalBytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const totalBytes = sources.reduce((n, s) => n + s.sizeBytes, 0);
  let hashedBytes = 0;
  for (const source of sources) {
    const reader = await SourceReader.open(source);
    try {
      for (let at = 0; at < source.sizeBytes; at += HASH_READ_BYTES) {
        if (signal?.aborted) throw new TrailviewError('CANCELLED', `${source.name}: cancelled`);
        const bytes = await reader.read(at, HASH_READ_BYTES);
        hash.update(bytes);
        hashedBytes += bytes.length;
        onProgress?.(hashedBytes, totalBytes);
      }
    } finally {
      await reader.close();
    }
  }
  return hash.digest('hex');
}
