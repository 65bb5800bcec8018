/**
 * The on-disk index of a Guacamole recording, next to the terminal caches (<dataDir>/cache/v1/<sha256>/):
 *   index.json    summary, activity, chunk table, keyframe table, file sizes and CRC32s (written last)
 *   frames.bin    the frame table (FrameTable.toBytes)
 *   lines.json    the indexed text: [timeMs, kind, text] per line, in time order
 *   segments.bin  gzip sources only: the decompressed stream, so chunks can be read at their offsets
 *                 (plain sources are read in place, by offset, from the original file)
 *   preludes-<id>.bin  keyframe preludes (UTF-8 protocol text) back to back, written by one keyframe
 *                 pass (caches of earlier versions: preludes.bin); index.json names the file
 * Built in a temp dir and renamed into place after the fast pass; the keyframe pass then adds its
 * preludes file and rewrites index.json. A cache whose keyframe pass did not finish gets it run again.
 * Each pass writes a file of its own: two sessions of the same content (the same recording opened
 * twice) may run their passes at once, and each reads the preludes it wrote.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Activity, DisplaySummary, TextKind } from '../../../shared/model';
import { cacheRoot, CacheDamagedError, removeCacheDir, STALE_TEMP_MS, writeAllSync } from '../cache';
import { FrameTable } from './frame-table';
import type { GuacChunk } from './indexer';

export const GUAC_CACHE_FORMAT_VERSION = 1;

export interface KeyframeEntry {
  chunkIndex: number;
  offsetBytes: number;
  lengthBytes: number;
  crc32: number;
}

export interface GuacCacheIndex {
  kind: 'display';
  formatVersion: number;
  sha256: string;
  summary: DisplaySummary;
  activity: Activity;
  chunks: GuacChunk[];
  /** `file`: the preludes file in the cache dir (absent in caches of earlier versions: preludes.bin). */
  keyframes: { done: boolean; entries: KeyframeEntry[]; file?: string };
  files: Record<string, { sizeBytes: number; crc32: number }>;
}

export type StoredLine = [timeMs: number, kind: TextKind, text: string];

export interface LoadedGuacCache {
  dir: string;
  index: GuacCacheIndex;
  frames: FrameTable;
  lines: StoredLine[];
}

function fileFacts(path: string): { sizeBytes: number; crc32: number } {
  const data = readFileSync(path);
  return { sizeBytes: data.length, crc32: crc32(data) };
}

/** A temp cache dir for one fast pass; `segments` receives the decompressed stream of a gzip source. */
export class GuacCacheWriter {
  readonly dir: string;
  private readonly root: string;
  private segFd = -1;
  private segCrc = 0;
  private segBytes = 0;

  /** `sha256` may come later (a big file is hashed while it is indexed): then give it to finish(). */
  constructor(dataDir: string, private sha256: string | undefined, withSegments: boolean) {
    this.root = cacheRoot(dataDir);
    mkdirSync(this.root, { recursive: true });
    // Temp names have the shape cleanStaleTemps and removeCacheDir accept: 64 hex digits, then a suffix.
    this.dir = join(this.root, `.tmp-${sha256 ?? randomBytes(32).toString('hex')}-${randomBytes(4).toString('hex')}`);
    mkdirSync(this.dir);
    if (withSegments) this.segFd = openSync(join(this.dir, 'segments.bin'), 'w');
  }

  get segmentsPath(): string | undefined {
    return this.segFd >= 0 || existsSync(join(this.dir, 'segments.bin')) ? join(this.dir, 'segments.bin') : undefined;
  }

  /** Decompressed bytes, in order (gzip sources). Synchronous: chunk reads must see them at once. */
  appendSegment(bytes: Uint8Array): void {
    if (this.segFd < 0) return;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    writeAllSync(this.segFd, buf);
    this.segCrc = crc32(buf, this.segCrc);
    this.segBytes += buf.length;
  }

  /** Writes the fast pass's files and index.json, then moves the dir into place. Returns the final dir. */
  finish(index: Omit<GuacCacheIndex, 'files' | 'formatVersion' | 'sha256' | 'kind'>, frames: FrameTable, lines: StoredLine[], sha256?: string): string {
    this.sha256 = sha256 ?? this.sha256;
    if (!this.sha256) throw new Error('the cache needs the content hash');
    const files: GuacCacheIndex['files'] = {};
    if (this.segFd >= 0) {
      closeSync(this.segFd);
      this.segFd = -1;
      files['segments.bin'] = { sizeBytes: this.segBytes, crc32: this.segCrc };
    }
    writeFileSync(join(this.dir, 'frames.bin'), frames.toBytes());
    writeFileSync(join(this.dir, 'lines.json'), JSON.stringify(lines));
    files['frames.bin'] = fileFacts(join(this.dir, 'frames.bin'));
    files['lines.json'] = fileFacts(join(this.dir, 'lines.json'));
    writeIndex(this.dir, { kind: 'display', formatVersion: GUAC_CACHE_FORMAT_VERSION, sha256: this.sha256, files, ...index });
    const finalDir = join(this.root, this.sha256);
    removeCacheDir(this.root, finalDir);
    renameSync(this.dir, finalDir);
    return finalDir;
  }

  abort(): void {
    if (this.segFd >= 0) closeSync(this.segFd);
    this.segFd = -1;
    removeCacheDir(this.root, this.dir);
  }
}

function writeIndex(dir: string, index: GuacCacheIndex): void {
  writeFileSync(join(dir, 'index.json.tmp'), JSON.stringify(index));
  renameSync(join(dir, 'index.json.tmp'), join(dir, 'index.json'));
}

/** The preludes file a cache's index names. */
export function preludeFile(index: GuacCacheIndex): string {
  return index.keyframes.file ?? 'preludes.bin';
}

const PRELUDE_FILE = /^preludes(-[0-9a-f]+)?\.bin$/;

/**
 * Writes one keyframe pass's preludes to a file of its own in a finished cache dir; `close` with an
 * update rewrites index.json to name it. Preludes files of passes that died (a crash) are removed when
 * they are stale and not the one index.json names.
 */
export class PreludeWriter {
  private fd: number;
  private offset = 0;
  private completed = false;
  readonly entries: KeyframeEntry[] = [];
  readonly file = `preludes-${randomBytes(6).toString('hex')}.bin`;

  constructor(private readonly dir: string) {
    removeStalePreludes(dir);
    this.fd = openSync(join(dir, this.file), 'wx');
  }

  get path(): string {
    return join(this.dir, this.file);
  }

  add(chunkIndex: number, prelude: string): KeyframeEntry {
    const bytes = Buffer.from(prelude, 'utf8');
    writeAllSync(this.fd, bytes);
    const entry = { chunkIndex, offsetBytes: this.offset, lengthBytes: bytes.length, crc32: crc32(bytes) };
    this.offset += bytes.length;
    this.entries.push(entry);
    return entry;
  }

  /** The pass ended (done or not): close the file; a finished pass updates index.json to name it. */
  close(update?: (index: GuacCacheIndex) => GuacCacheIndex): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    if (!update) return;
    const path = join(this.dir, 'index.json');
    const index = JSON.parse(readFileSync(path, 'utf8')) as GuacCacheIndex;
    const next = update(index);
    writeIndex(this.dir, { ...next, keyframes: { ...next.keyframes, file: this.file } });
    this.completed = true;
  }

  /** The session is done with it: a file no index names is removed (a finished pass's stays). */
  discard(): void {
    this.close();
    if (this.completed) return;
    try {
      unlinkSync(this.path);
    } catch {
      // Gone already (the cache dir was removed).
    }
  }
}

function removeStalePreludes(dir: string): void {
  try {
    const named = preludeFile(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as GuacCacheIndex);
    for (const name of readdirSync(dir)) {
      if (!PRELUDE_FILE.test(name) || name === named) continue;
      const path = join(dir, name);
      if (Date.now() - statSync(path).mtimeMs > STALE_TEMP_MS) unlinkSync(path);
    }
  } catch {
    // Nothing to tidy, or not ours to fight over.
  }
}

/** Reads a prelude back, checking its CRC. */
export function readPrelude(path: string, entry: KeyframeEntry): string {
  return readRange(path, entry.offsetBytes, entry.lengthBytes, entry.crc32).toString('utf8');
}

/** Reads [offset, offset + length) of a file, synchronously (a chunk is ~1 MiB; see readChunk's reason). */
export function readRange(path: string, offsetBytes: number, lengthBytes: number, crc?: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(lengthBytes);
    let got = 0;
    while (got < lengthBytes) {
      const n = readSync(fd, buf, got, lengthBytes - got, offsetBytes + got);
      if (n === 0) break;
      got += n;
    }
    if (got !== lengthBytes) throw new CacheDamagedError(`${path}: ${lengthBytes} bytes at ${offsetBytes} are cut short (${got} read)`);
    if (crc !== undefined && crc32(buf) !== crc) throw new CacheDamagedError(`${path}: bytes at ${offsetBytes} are damaged`);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads a Guacamole cache: index.json, the frame table and the lines (checked by size and CRC), and the
 * sizes of the big files. Anything off: the cache is deleted and undefined returned.
 */
export function loadGuacCache(dataDir: string, sha256: string): LoadedGuacCache | undefined {
  const root = cacheRoot(dataDir);
  const dir = join(root, sha256);
  if (!existsSync(join(dir, 'index.json'))) return undefined;
  try {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as GuacCacheIndex;
    if (index.kind !== 'display' || index.formatVersion !== GUAC_CACHE_FORMAT_VERSION || index.sha256 !== sha256) throw new Error('version or hash mismatch');
    if (!Array.isArray(index.chunks) || index.chunks.length === 0) throw new Error('no chunk table');
    for (const [name, expect] of Object.entries(index.files)) {
      if (statSync(join(dir, name)).size !== expect.sizeBytes) throw new Error(`${name} has the wrong size`);
    }
    const check = (name: string): Buffer => {
      const data = readFileSync(join(dir, name));
      if (crc32(data) !== index.files[name]?.crc32) throw new Error(`${name} damaged`);
      return data;
    };
    const frames = FrameTable.fromBytes(check('frames.bin'));
    const lines = JSON.parse(check('lines.json').toString('utf8')) as StoredLine[];
    const last = index.chunks[index.chunks.length - 1]!;
    if (frames.count !== last.firstFrame + last.frameCount) throw new Error('frame table and chunks disagree');
    return { dir, index, frames, lines };
  } catch {
    removeCacheDir(root, dir);
    return undefined;
  }
}
