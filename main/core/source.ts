/**
 * Reading a recording file: read-only, in ~256 KiB chunks, hashing the raw bytes, gunzipping on the fly
 * when the content starts with the gzip magic. Originals are evidence: we only ever open them with 'r'
 * and never create, move or touch anything next to them.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { TrailviewError } from '../../shared/errors';
import { GunzipDecoder } from './gunzip';

export const READ_CHUNK_BYTES = 256 * 1024;
/** Decompressed recordings beyond this are refused (TOO_LARGE) instead of exhausting the disk cache. */
export const MAX_DECOMPRESSED_BYTES = 4 * 2 ** 30;

export interface SourceFile {
  path: string;
  fileName: string;
  sizeBytes: number;
}

function ioError(path: string, err: unknown, name = basename(path)): TrailviewError {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new TrailviewError('NOT_FOUND', `${name}: no such file (${path})`);
    case 'EACCES':
    case 'EPERM':
      return new TrailviewError('NOT_READABLE', `${name}: permission denied`);
    case 'EISDIR':
      return new TrailviewError('NOT_READABLE', `${name}: is a directory, not a recording file`);
    default:
      return new TrailviewError('NOT_READABLE', `${name}: cannot be read (${e.code ?? e.message})`);
  }
}

/** `name` is what messages call the file (default: its base name; an upload's is the dropped file's). */
async function openReadOnly(path: string, name = basename(path)): Promise<{ handle: FileHandle; file: SourceFile }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw ioError(path, e, name);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new TrailviewError('NOT_READABLE', `${name}: is a directory, not a recording file`);
    if (!st.isFile()) throw new TrailviewError('NOT_READABLE', `${name}: is not a regular file`);
    if (st.size === 0) throw new TrailviewError('EMPTY_FILE', `${name}: the file is empty (0 bytes)`);
    return { handle, file: { path, fileName: name, sizeBytes: st.size } };
  } catch (e) {
    await handle.close();
    throw e instanceof TrailviewError ? e : ioError(path, e, name);
  }
}

function cancelled(file: SourceFile): TrailviewError {
  return new TrailviewError('CANCELLED', `${file.fileName}: cancelled`);
}

/** Up to `length` bytes at `position` (fewer only where the file ends): a read may return less than asked. */
export async function readFully(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** The first `bytes` raw bytes (for sniffing the format before anything else). */
export async function readHead(path: string, name?: string, bytes = 64 * 1024): Promise<SourceFile & { head: Uint8Array }> {
  const { handle, file } = await openReadOnly(path, name);
  try {
    const buf = Buffer.alloc(Math.min(bytes, file.sizeBytes));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0).catch((e: unknown) => Promise.reject(ioError(path, e, file.fileName)));
    return { ...file, head: buf.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

/** SHA-256 (hex) and size of the file's bytes. */
export async function hashSource(
  path: string,
  opts: { signal?: AbortSignal; name?: string; onProgress?: (hashedBytes: number, sizeBytes: number) => void } = {},
): Promise<{ sha256: string; sizeBytes: number }> {
  const { signal, name, onProgress } = opts;
  const { handle, file } = await openReadOnly(path, name);
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(4 * READ_CHUNK_BYTES);
    let position = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled(file);
      const { bytesRead } = await handle.read(buf, 0, buf.length, position).catch((e: unknown) => Promise.reject(ioError(path, e, file.fileName)));
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      position += bytesRead;
      onProgress?.(position, file.sizeBytes);
    }
    return { sha256: hash.digest('hex'), sizeBytes: position };
  } finally {
    await handle.close();
  }
}

/** Decompresses the start of a gzip file (for sniffing); stops quietly where the data runs out. */
export async function gunzipHead(name: string, head: Uint8Array, maxBytes = 64 * 1024): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const stop = new Error('enough');
  const decoder = new GunzipDecoder(name, (bytes) => {
    parts.push(bytes.slice(0, maxBytes - total));
    total += Math.min(bytes.length, maxBytes - total);
    if (total >= maxBytes) throw stop;
  });
  try {
    await decoder.push(head);
    await decoder.end();
  } catch (e) {
    if (e !== stop && total === 0) throw e;
  }
  return Buffer.concat(parts);
}

export interface ReadOptions {
  /** Decompressed (if gzip) bytes, in order. May throw to stop reading. */
  onData(bytes: Uint8Array): void;
  /** Raw bytes read so far and the file size, after each chunk. */
  onProgress?(readBytes: number, sizeBytes: number): void;
  /** Awaited between chunks: lets the caller yield to other work. */
  between?(): Promise<void>;
  signal?: AbortSignal;
  maxDecompressedBytes?: number;
  /** What messages call the file (default: its base name). */
  name?: string;
  /**
   * Hash what is read (default true). Off when the file is being hashed on another thread at the same
   * time: then `sha256` is empty and `stamp` says whether the file stayed the same while it was read.
   */
  hash?: boolean;
  /**
   * The caller keeps no view of the bytes it was given once `between()` has resolved (the Guacamole
   * parser copies what it holds over): a plain file is then read into a few buffers in turn instead of a
   * fresh one per read. 100 MB of fresh buffers cost a quarter of the reading in page faults and GC.
   */
  recycle?: boolean;
}

/** Buffers a recycled read uses in turn: the one being processed, the next read in flight, a spare. */
const RECYCLED_BUFFERS = 3;

/** Size, modification and change times of an open file: equal stamps, the same file content. */
export type FileStamp = string;

async function stampOf(handle: FileHandle): Promise<FileStamp> {
  const st = await handle.stat({ bigint: true });
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
}

/** The stamp of the file at `path` now (null if it cannot be read). */
export async function fileStamp(path: string): Promise<FileStamp | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    return await stampOf(handle).catch(() => null);
  } finally {
    await handle.close();
  }
}

export interface ReadResult {
  /** Empty when reading with `hash: false`. */
  sha256: string;
  /** The file's stamp when opened, or null if it changed (size, times) while it was being read. */
  stamp: FileStamp | null;
  sizeBytes: number;
  compression: 'gzip' | 'none';
  /** The gzip stream was cut short: everything before the cut was delivered. */
  truncated: boolean;
  /** A gzip member's checksum did not match its data: something in it is damaged. */
  checksumMismatch: boolean;
  decompressedBytes: number;
}

/** Streams a recording's content (gunzipped when it is gzip) to `onData`. */
export async function readSource(path: string, opts: ReadOptions): Promise<ReadResult> {
  const { handle, file } = await openReadOnly(path, opts.name);
  // A fresh buffer per read (consumers, the parsers, may keep views of what they were given) unless the
  // caller says it keeps none and the file is plain (gzip input goes to zlib, which gets fresh ones), and
  // the next read already under way while this one is processed, so indexing never waits for the disk.
  const ring: Buffer[] = [];
  let reads = 0;
  let recycle = false;
  const readAt = (position: number): Promise<Buffer> => {
    const slot = reads++ % RECYCLED_BUFFERS;
    const buf = recycle ? (ring[slot] ??= Buffer.allocUnsafe(READ_CHUNK_BYTES)) : Buffer.allocUnsafe(READ_CHUNK_BYTES);
    return handle.read(buf, 0, buf.length, position).then(
      ({ bytesRead }) => buf.subarray(0, bytesRead),
      (e: unknown) => Promise.reject(ioError(path, e, file.fileName)),
    );
  };
  let next: Promise<Buffer> | undefined;
  try {
    const stamp = await stampOf(handle).catch((e: unknown) => Promise.reject(ioError(path, e, file.fileName)));
    const hash = opts.hash === false ? null : createHash('sha256');
    let position = 0;
    let gunzip: GunzipDecoder | undefined;
    let compression: 'gzip' | 'none' | undefined;
    let plainBytes = 0;
    const max = opts.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES;
    next = readAt(0);
    for (;;) {
      if (opts.signal?.aborted) throw cancelled(file);
      const chunk = await next;
      if (chunk.length === 0) break;
      position += chunk.length;
      if (compression === undefined) {
        compression = chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b ? 'gzip' : 'none';
        if (compression === 'gzip') gunzip = new GunzipDecoder(file.fileName, opts.onData, max);
        recycle = opts.recycle === true && opts.between !== undefined && compression === 'none';
      }
      next = readAt(position);
      hash?.update(chunk);
      if (gunzip) {
        await gunzip.push(chunk);
      } else {
        plainBytes += chunk.length;
        if (plainBytes > max) throw new TrailviewError('TOO_LARGE', `${file.fileName}: larger than ${Math.floor(max / 2 ** 20)} MiB`);
        opts.onData(chunk);
      }
      opts.onProgress?.(position, file.sizeBytes);
      if (opts.between) await opts.between();
    }
    const truncated = gunzip ? (await gunzip.end()).truncated : false;
    const unchanged = (await stampOf(handle).catch(() => null)) === stamp;
    return {
      sha256: hash ? hash.digest('hex') : '',
      stamp: unchanged ? stamp : null,
      sizeBytes: position,
      compression: compression ?? 'none',
      truncated,
      checksumMismatch: (gunzip?.checksumMismatches ?? 0) > 0,
      decompressedBytes: gunzip ? gunzip.outputBytes : plainBytes,
    };
  } finally {
    // A read still in flight must finish before the file is closed.
    await next?.catch(() => undefined);
    await handle.close();
  }
}
