/**
 * The on-disk index cache: <dataDir>/cache/v1/<sha256>/ with
 *   segments.bin  the chunks (keyframe + events, see chunk-codec), each deflateRaw'd, back to back
 *   text.txt      the text index lines, "\n"-terminated, UTF-8
 *   times.bin     one float64 (LE) per line: when it was on screen
 *   index.json    written last: format version, summary, chunk table, file sizes and CRC32s
 * A cache is built in a temp dir and renamed into place when complete, so a crash never leaves a half
 * cache that looks valid. Anything that does not check out on load is deleted and rebuilt.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, write, writeFileSync, writeSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import type { Activity, RecordingSummary } from '../../shared/model';
import { ChunkDeflater, decodeChunk, encodeChunk, inflateChunk, type StoredChunk } from './chunk-codec';
import { TextIndex } from './terminal/text-index';

/** Version of the files' contents (bumped when they change; older caches are rebuilt). */
export const CACHE_FORMAT_VERSION = 6;
/** The directory layout version in the path (cache/v1/<sha256>). */
const CACHE_DIR_VERSION = 1;
const FILES = ['segments.bin', 'text.txt', 'times.bin'] as const;
export const STALE_TEMP_MS = 60 * 60 * 1000;
const writeAsync = promisify(write);
/** Fast level: compression runs next to indexing, and level 6 costs 7x the time for 25% less size. */
const DEFLATE_LEVEL = 1;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;

export interface ChunkEntry {
  offsetBytes: number;
  lengthBytes: number;
  startMs: number;
  endMs: number;
  firstEvent: number;
  count: number;
  /** CRC32 of the stored (deflated) bytes: checked each time the chunk is read. */
  crc32: number;
}

export type { StoredChunk } from './chunk-codec';

/** A chunk's table entry before it is written. */
export type ChunkMeta = Pick<ChunkEntry, 'startMs' | 'endMs' | 'firstEvent' | 'count'>;

/** What index.json holds. The summary's per-open fields (id, fileName, index status) are refreshed on load. */
export interface CacheIndex {
  formatVersion: number;
  sha256: string;
  summary: RecordingSummary;
  activity: Activity;
  chunks: ChunkEntry[];
  files: Record<string, { sizeBytes: number; crc32: number }>;
}

export function cacheRoot(dataDir: string): string {
  return join(resolve(dataDir), 'cache', `v${CACHE_DIR_VERSION}`);
}

/** Only ever delete directories we made: inside the cache root, named by a hash or our temp prefix. */
export function removeCacheDir(root: string, dir: string): void {
  const rel = resolve(dir);
  const name = rel.slice(root.length + 1);
  if (!rel.startsWith(root + sep) || name.includes(sep) || !/^([0-9a-f]{64}|\.tmp-[0-9a-f]{64}-[0-9a-f]+)$/.test(name)) return;
  rmSync(rel, { recursive: true, force: true });
}

/** Removes temp dirs left behind by a crash (not touched for an hour). */
export function cleanStaleTemps(dataDir: string): void {
  const root = cacheRoot(dataDir);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    if (!name.startsWith('.tmp-')) continue;
    const dir = join(root, name);
    try {
      const newest = Math.max(statSync(dir).mtimeMs, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
      if (Date.now() - newest > STALE_TEMP_MS) removeCacheDir(root, dir);
    } catch {
      // Gone already or unreadable: not ours to fight over.
    }
  }
}

export function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * A file written in pieces (the text files), its size and CRC kept as it grows. Strings go through one
 * reused buffer: a buffer per ~1 MB block (or one for all the text) would be ~100 MB of garbage at the
 * host's memory peak.
 */
class PieceFile {
  private fd = -1;
  private buf = Buffer.allocUnsafe(0);
  private sizeBytes = 0;
  private crc = 0;

  constructor(private readonly path: string) {}

  writeText(text: string): void {
    const most = MAX_UTF8_PER_UNIT * text.length;
    if (this.buf.length < most) this.buf = Buffer.allocUnsafe(most);
    this.writeBytes(this.buf.subarray(0, this.buf.write(text, 0, 'utf8')));
  }

  writeBytes(bytes: Uint8Array): void {
    if (this.fd < 0) this.fd = openSync(this.path, 'w');
    writeAllSync(this.fd, bytes);
    this.sizeBytes += bytes.length;
    this.crc = crc32(bytes, this.crc);
  }

  /** Closes the file (an empty one if nothing was written) and says what it holds. */
  end(): { sizeBytes: number; crc32: number } {
    if (this.fd < 0) this.fd = openSync(this.path, 'w');
    this.close();
    return { sizeBytes: this.sizeBytes, crc32: this.crc };
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.buf = Buffer.allocUnsafe(0);
  }
}

const bytesOf = (page: Float64Array): Uint8Array => new Uint8Array(page.buffer, page.byteOffset, page.byteLength);

/** A new temp dir in the cache root (what stale-temp clean-up and removeCacheDir recognise as ours). */
export function makeTempCacheDir(dataDir: string, sha256: string): string {
  const root = cacheRoot(dataDir);
  mkdirSync(root, { recursive: true });
  const dir = join(root, `.tmp-${sha256}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

/** Removes a dir made by makeTempCacheDir. */
export function removeTempCacheDir(dataDir: string, dir: string): void {
  removeCacheDir(cacheRoot(dataDir), dir);
}

export class CacheWriter {
  readonly dir: string;
  private readonly root: string;
  private fd: number;
  private offset = 0;
  private segCrc = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private failure: unknown;
  private readonly deflater = new ChunkDeflater(DEFLATE_LEVEL);
  readonly chunks: ChunkEntry[] = [];
  private readonly textFile: PieceFile;
  private readonly timesFile: PieceFile;
  /** Sealed text blocks and full time pages already in the text files (see writeSealedText). */
  private textBlocks = 0;
  private timePages = 0;
  /** The text files could not be written: finish() says so (the index itself is fine). */
  private textFailure: unknown;

  constructor(
    dataDir: string,
    private readonly sha256: string,
  ) {
    this.root = cacheRoot(dataDir);
    this.dir = makeTempCacheDir(dataDir, sha256);
    this.fd = openSync(join(this.dir, 'segments.bin'), 'w');
    this.textFile = new PieceFile(join(this.dir, 'text.txt'));
    this.timesFile = new PieceFile(join(this.dir, 'times.bin'));
  }

  /**
   * Writes what `text` has sealed since the last call (its full blocks and time pages, which do not
   * change any more): the text files, ~110 MB for the bench's 100 MB recording, are then mostly on disk
   * when indexing ends instead of being written all at once after it (0.1-0.4 s measured there).
   */
  writeSealedText(text: TextIndex): void {
    if (this.textFailure !== undefined) return;
    try {
      const { parts, times } = text.exportParts(this.textBlocks, this.timePages, true);
      for (const part of parts) this.textFile.writeText(part);
      this.textBlocks += parts.length;
      for (const page of times) this.timesFile.writeBytes(bytesOf(page));
      this.timePages += times.length;
    } catch (e) {
      this.textFailure = e;
    }
  }

  get segmentsPath(): string {
    return join(this.dir, 'segments.bin');
  }

  /**
   * Compresses (on libuv's thread pool, in parallel with indexing) and appends a chunk; resolves with
   * its table entry once it is on disk. Chunks are written in the order they were appended.
   * `now`: someone is waiting for this chunk (open() for chunk 0): when nothing is queued before it, it
   * is compressed and written right here (~1 ms for a small chunk), not after a trip through the
   * thread pool, which a busy machine can stretch to a few hundred ms.
   */
  appendChunk(chunk: StoredChunk, endMs: number, firstEvent: number, onWritten?: (entry: ChunkEntry) => void, now = false): Promise<ChunkEntry> {
    const meta = { startMs: chunk.keyframe.timeMs, endMs, firstEvent, count: chunk.events.length };
    if (now && this.inFlight === 0 && this.failure === undefined) {
      try {
        const data = deflateRawSync(encodeChunk(chunk), { level: DEFLATE_LEVEL });
        const at = this.offset;
        for (let done = 0; done < data.length; ) done += writeSync(this.fd, data, done, data.length - done, at + done);
        const entry = this.record(meta, data);
        onWritten?.(entry);
        return Promise.resolve(entry);
      } catch (e) {
        this.failure = e;
        return Promise.reject(e);
      }
    }
    return this.queueWrite(this.deflater.deflate(encodeChunk(chunk)), meta, onWritten);
  }

  /**
   * Appends a chunk compressed elsewhere (split indexing's tail thread), after everything appended
   * before it; resolves with its table entry once it is on disk.
   */
  appendCompressed(data: Uint8Array, meta: ChunkMeta, onWritten?: (entry: ChunkEntry) => void): Promise<ChunkEntry> {
    return this.queueWrite(Promise.resolve(Buffer.from(data.buffer, data.byteOffset, data.byteLength)), meta, onWritten);
  }

  /** Writes `data` (once it is ready) after everything queued before it. */
  private queueWrite(data: Promise<Buffer>, meta: ChunkMeta, onWritten?: (entry: ChunkEntry) => void): Promise<ChunkEntry> {
    this.inFlight++;
    const written = this.queue.then(async () => {
      const bytes = await data;
      // Off the indexing thread too: on some disks a synchronous write per chunk costs more than the work.
      await writeAsync(this.fd, bytes, 0, bytes.length, this.offset);
      const entry = this.record(meta, bytes);
      onWritten?.(entry);
      return entry;
    });
    this.queue = written.then(
      () => this.inFlight--,
      (e: unknown) => {
        this.inFlight--;
        this.failure ??= e;
      },
    );
    return written;
  }

  private record({ startMs, endMs, firstEvent, count }: ChunkMeta, data: Buffer): ChunkEntry {
    this.segCrc = crc32(data, this.segCrc);
    const entry: ChunkEntry = { offsetBytes: this.offset, lengthBytes: data.length, startMs, endMs, firstEvent, count, crc32: crc32(data) };
    this.offset += data.length;
    this.chunks.push(entry);
    return entry;
  }

  /** Waits until at most `max` chunks are still being compressed or written; throws a write failure. */
  async drain(max = 0): Promise<void> {
    while (this.inFlight > max) await this.queue;
    if (this.failure) throw this.failure;
  }

  /** Writes the text files and index.json, then moves the cache into place. Returns its final dir. */
  finish(summary: RecordingSummary, text: TextIndex, activity: Activity): string {
    closeSync(this.fd);
    this.fd = -1;
    this.deflater.close();
    if (this.textFailure !== undefined) throw this.textFailure;
    // What writeSealedText has not written: the last blocks, the unsealed lines, the last time pages.
    const { parts, times } = text.exportParts(this.textBlocks, this.timePages);
    for (const part of parts) this.textFile.writeText(part);
    for (const page of times) this.timesFile.writeBytes(bytesOf(page));
    const textFile = this.textFile.end();
    const timesFile = this.timesFile.end();
    const index: CacheIndex = {
      formatVersion: CACHE_FORMAT_VERSION,
      sha256: this.sha256,
      summary,
      activity,
      chunks: this.chunks,
      files: {
        'segments.bin': { sizeBytes: this.offset, crc32: this.segCrc },
        'text.txt': textFile,
        'times.bin': timesFile,
      },
    };
    writeFileSync(join(this.dir, 'index.json.tmp'), JSON.stringify(index));
    renameSync(join(this.dir, 'index.json.tmp'), join(this.dir, 'index.json'));
    const finalDir = join(this.root, this.sha256);
    // Another open of the same content may have finished first: ours replaces it (same content).
    removeCacheDir(this.root, finalDir);
    renameSync(this.dir, finalDir);
    return finalDir;
  }

  /** Indexing stopped: the temp cache goes. */
  abort(): void {
    const close = (): void => {
      if (this.fd >= 0) closeSync(this.fd);
      this.textFile.close();
      this.timesFile.close();
      this.deflater.close();
      this.fd = -1;
      removeCacheDir(this.root, this.dir);
    };
    if (this.inFlight > 0) void this.queue.then(close, close);
    else close();
  }
}

export interface LoadedCache {
  dir: string;
  index: CacheIndex;
}

/** A cache file or chunk whose bytes do not match what index.json recorded. */
export class CacheDamagedError extends Error {}

/**
 * Checks only what is cheap (index.json, the chunk table, file sizes), so a cached open is instant;
 * chunk bytes are checked as they are read and the text files by loadCacheText. A cache that fails
 * here is deleted (and undefined returned).
 */
export function loadCache(dataDir: string, sha256: string): LoadedCache | undefined {
  const root = cacheRoot(dataDir);
  const dir = join(root, sha256);
  if (!existsSync(dir)) return undefined;
  try {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as CacheIndex;
    if (index.formatVersion !== CACHE_FORMAT_VERSION || index.sha256 !== sha256) throw new Error('version or hash mismatch');
    if (!Array.isArray(index.chunks) || index.chunks.length === 0 || typeof index.summary !== 'object') throw new Error('no chunk table');
    for (const name of FILES) {
      const expect = index.files[name];
      if (!expect) throw new Error(`${name} not listed`);
      if (statSync(join(dir, name)).size !== expect.sizeBytes) throw new Error(`${name} has the wrong size`);
    }
    let end = 0;
    for (const c of index.chunks) {
      if (c.offsetBytes !== end || c.lengthBytes <= 0 || typeof c.crc32 !== 'number') throw new Error('chunk table does not tile the segments');
      end += c.lengthBytes;
    }
    if (end !== index.files['segments.bin']!.sizeBytes) throw new Error('chunk table does not cover the segments');
    return { dir, index };
  } catch {
    removeCacheDir(root, dir);
    return undefined;
  }
}

/** Deletes a cache found damaged after it was loaded (it is about to be rebuilt). */
export function discardCache(dataDir: string, sha256: string): void {
  const root = cacheRoot(dataDir);
  removeCacheDir(root, join(root, sha256));
}

/** The background load works in slices and yields this often, so chunk requests never wait long. */
const LOAD_SLICE_BYTES = 1024 * 1024;
const BUSY_SLICE_MS = 8;

export function timeSlicer(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < BUSY_SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

async function readChecked(dir: string, index: CacheIndex, name: (typeof FILES)[number], pause: () => Promise<void>): Promise<Buffer> {
  const data = await readFile(join(dir, name));
  const expect = index.files[name]!;
  if (data.length !== expect.sizeBytes) throw new CacheDamagedError(`${name} has the wrong size`);
  let crc = 0;
  for (let at = 0; at < data.length; at += 4 * LOAD_SLICE_BYTES) {
    crc = crc32(data.subarray(at, at + 4 * LOAD_SLICE_BYTES), crc);
    await pause();
  }
  if (crc !== expect.crc32) throw new CacheDamagedError(`${name} damaged`);
  return data;
}

/**
 * Loads the text index of a loaded cache, checking the text files and the whole segments file (so a
 * damaged chunk is found even if nobody reads it), in slices. Throws CacheDamagedError when anything is off.
 */
export async function loadCacheText(loaded: LoadedCache): Promise<TextIndex> {
  const { dir, index } = loaded;
  const pause = timeSlicer();
  const timesBuf = await readChecked(dir, index, 'times.bin', pause);
  if (timesBuf.length % 8 !== 0) throw new CacheDamagedError('times.bin has a partial entry');
  const times =
    timesBuf.byteOffset % 8 === 0
      ? new Float64Array(timesBuf.buffer, timesBuf.byteOffset, timesBuf.length / 8)
      : new Float64Array(timesBuf.buffer.slice(timesBuf.byteOffset, timesBuf.byteOffset + timesBuf.byteLength));
  const text = new TextIndex();
  let line = 0;
  await readTextChecked(dir, index, pause, (part) => {
    line += text.appendJoined(part, times, line);
  });
  if (text.lineCount !== times.length) throw new CacheDamagedError('text and times disagree');
  await readChecked(dir, index, 'segments.bin', pause);
  return text;
}

/**
 * Streams text.txt in slices that end just after a "\n" (a byte never inside a multi-byte UTF-8
 * character, so each decodes alone), checking its size and CRC at the end: the whole file is never
 * in memory next to the index built from it.
 */
async function readTextChecked(dir: string, index: CacheIndex, pause: () => Promise<void>, onPart: (text: string) => void): Promise<void> {
  const expect = index.files['text.txt']!;
  const handle = await open(join(dir, 'text.txt'), 'r');
  let crc = 0;
  let sizeBytes = 0;
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(LOAD_SLICE_BYTES);
      const { bytesRead } = await handle.read(buf, 0, buf.length, sizeBytes);
      if (bytesRead === 0) break;
      const got = buf.subarray(0, bytesRead);
      crc = crc32(got, crc);
      sizeBytes += bytesRead;
      const data = carry.length ? Buffer.concat([carry, got]) : got;
      const cut = data.lastIndexOf(0x0a) + 1;
      if (cut > 0) onPart(data.toString('utf8', 0, cut));
      carry = data.subarray(cut);
      await pause();
    }
    if (carry.length) onPart(carry.toString('utf8'));
  } finally {
    await handle.close();
  }
  if (sizeBytes !== expect.sizeBytes || crc !== expect.crc32) throw new CacheDamagedError('text.txt damaged');
}

/**
 * Reads one chunk by its table entry (during indexing from the temp dir). Synchronous on purpose: a
 * chunk is a few KiB, and each async fs step would wait for a turn of an event loop that is busy indexing.
 */
export function readChunk(segmentsPath: string, entry: ChunkEntry): StoredChunk {
  const fd = openSync(segmentsPath, 'r');
  try {
    const buf = Buffer.allocUnsafe(entry.lengthBytes);
    const bytesRead = readSync(fd, buf, 0, entry.lengthBytes, entry.offsetBytes);
    if (bytesRead !== entry.lengthBytes) throw new CacheDamagedError(`chunk at ${entry.offsetBytes} is cut short`);
    if (crc32(buf) !== entry.crc32) throw new CacheDamagedError(`chunk at ${entry.offsetBytes} is damaged`);
    return decodeChunk(inflateChunk(buf));
  } finally {
    closeSync(fd);
  }
}
