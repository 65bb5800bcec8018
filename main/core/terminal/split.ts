/**
 * Split indexing: a big terminal recording is indexed on two threads. xterm.js's parser is most of the
 * indexing time and runs on one core, so one thread cannot go faster than ~15 MB/s here.
 *
 *   head (the session's worker)  emulates from the start, as an unsplit run does;
 *   tail (a thread of its own)   parses from the start too (cheap: ~350 MB/s) but emulates only from the
 *                                split event, a line start past the middle, from an empty terminal. It
 *                                reads the whole file, so what only the whole file tells (event counts,
 *                                markers, idle stretches, activity, warnings, the checksum) comes from it:
 *                                so far every second (TailFacts), all of it at its end (TailResult).
 *
 * Both cut chunks by the same rules from the split event on, so their chunk starts line up. At each
 * chunk start the tail sends its state's signature (terminal, scrollback, line tracker, see
 * Emulator.convergenceSignature) with the chunk; the head compares its own at the same event and, from
 * the first one that is equal, stops emulating and takes the tail's chunks and lines instead of making
 * them, and stops reading the file (parsing the rest only to count it cost the head ~1 s of a 6 s index
 * on the bench's cast, while the tail still worked). Equal state and the same events give the same chunks
 * and lines, so the index is exactly what one thread would have built. If no chunk start matches within
 * the first SIGNED_CHUNKS (or the tail fails before one does), the head simply goes on alone to the end.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { TrailviewError } from '../../../shared/errors';
import { createTerminalParser } from '../../../shared/formats/asciicast';
import type { StreamParser } from '../../../shared/formats/types';
import { writeAllSync } from '../cache';
import { encodeChunk } from '../chunk-codec';
import { readSource, type ReadResult } from '../source';
import type { Activity } from '../../../shared/model';
import { TerminalIndexer, type BuiltChunk, type IndexerFacts } from './indexer';

/** Below this much content one thread is quick enough (a second thread costs ~0.2 s to start). */
export const SPLIT_MIN_BYTES = 16 * 2 ** 20;
/** Chunk starts past the split event at which the head may take over (64 KiB of output each). */
export const SIGNED_CHUNKS = 32;
/**
 * The tail has extra to do (starting its thread, parsing the first half, deflating its chunks), the head
 * nothing once it has joined: the head takes more. On the bench's cast, with the player open, the tail
 * ended 0.3-0.6 s after the head at 0.52 and before it at 0.55 and 0.58.
 */
const HEAD_SHARE = 0.55;
/** Same level as the cache writer's: fast, next to indexing. */
const DEFLATE_LEVEL = 1;
/** The session sends progress every 500 ms and summaries every second: facts as often as that. */
const FACTS_EVERY_MS = 1000;

export interface TailOptions {
  path: string;
  fileName: string;
  /** Decompressed byte offset: the split event is the first one after it that starts a line. */
  splitAtBytes: number;
  signChunks: number;
  /** How often the tail sends what it has counted so far (TailFacts); default FACTS_EVERY_MS. */
  factsEveryMs?: number;
  /**
   * Where the tail writes its chunks and lines (SPILL_CHUNKS, SPILL_LINES): the head may not need them
   * for a while, and held in memory they would be most of the second half of the index.
   */
  spillDir: string;
}

export const SPILL_CHUNKS = 'tail-chunks.bin';
/** Per chunk: its line times (float64 LE), then its lines (UTF-8, "\n" after each). */
export const SPILL_LINES = 'tail-lines.bin';

export interface TailChunk {
  type: 'chunk';
  firstEvent: number;
  startMs: number;
  endMs: number;
  count: number;
  /** The chunk as the cache stores it (encodeChunk, raw deflate) at [dataAt, +dataBytes) of SPILL_CHUNKS. */
  dataAt: number;
  dataBytes: number;
  /** Lines indexed while the chunk was built: `lines` times, then `textBytes` of text, at linesAt of SPILL_LINES. */
  linesAt: number;
  lines: number;
  textBytes: number;
  signature?: BuiltChunk['signature'];
  /** A saved cursor from before the split event was restored in this chunk: from here the tail's
   * chunks may differ from the head's (see TailJoin). */
  restoredInherited: boolean;
  /** Raw bytes of the file the tail has read. */
  readBytes: number;
}

/** What the tail's read of the whole file found: the run's, where the head stopped reading at the join. */
export interface TailResult {
  facts: IndexerFacts;
  activity: Activity;
  read: Pick<ReadResult, 'sha256' | 'compression' | 'truncated' | 'checksumMismatch' | 'decompressedBytes'>;
}

/**
 * What the tail has counted so far (it parses ahead of the head's stop): a joined head shows these, so
 * the summary's markers and the activity strip fill in while the tail works, not only at its end.
 */
export interface TailFacts {
  type: 'facts';
  facts: IndexerFacts;
  activity: Activity;
}

export type TailMessage = TailChunk | TailFacts | { type: 'done'; result: TailResult } | { type: 'failed'; message: string };

export interface TailHandle {
  stop(): void;
}

/** Starts a tail (on a thread, or inline in tests) that reports through `onMessage`. */
export type TailSpawner = (opts: TailOptions, onMessage: (m: TailMessage) => void) => TailHandle;

/** The decompressed size of a recording, as well as it can be known up front (gzip: ISIZE, mod 2^32). */
export async function contentBytes(path: string, sizeBytes: number, gzip: boolean): Promise<number> {
  if (!gzip || sizeBytes < 18) return sizeBytes;
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buf, 0, 4, sizeBytes - 4);
    return bytesRead === 4 ? buf.readUInt32LE(0) : 0;
  } finally {
    await handle.close();
  }
}

/** Where to split `content` bytes (undefined: do not). `minBytes` from TRAILVIEW_INDEX_SPLIT, if set. */
export function splitPoint(content: number, minBytes = SPLIT_MIN_BYTES): number | undefined {
  return content >= minBytes && content > 0 ? Math.floor(content * HEAD_SHARE) : undefined;
}

/** The split threshold: TRAILVIEW_INDEX_SPLIT=off turns splitting off, a number of bytes sets the minimum. */
export function splitMinBytes(env = process.env.TRAILVIEW_INDEX_SPLIT): number {
  if (env === undefined || env === '') return SPLIT_MIN_BYTES;
  if (env === 'off') return Infinity;
  const n = Number(env);
  return Number.isFinite(n) && n >= 0 ? n : SPLIT_MIN_BYTES;
}

/**
 * A parser feed that tells the indexer when every byte before `splitAt` has been parsed: both halves
 * call it at the same byte, so they agree on the split event whatever sizes their reads come in.
 */
export function feedWithSplit(parser: StreamParser, indexer: TerminalIndexer, splitAt: number): (bytes: Uint8Array) => void {
  let fed = 0;
  return (bytes) => {
    if (fed < splitAt && fed + bytes.length >= splitAt) {
      const cut = splitAt - fed;
      parser.push(bytes.subarray(0, cut));
      indexer.passedSplitBytes();
      parser.push(bytes.subarray(cut));
    } else {
      parser.push(bytes);
    }
    fed += bytes.length;
  };
}

/** The tail's work: index from the split event on, sending each chunk as it is cut. */
export async function runTail(opts: TailOptions, post: (m: TailMessage) => void, signal?: AbortSignal): Promise<void> {
  let readBytes = 0;
  let factsAt = performance.now();
  const factsEveryMs = opts.factsEveryMs ?? FACTS_EVERY_MS;
  let chunksFd = -1;
  let linesFd = -1;
  try {
    chunksFd = openSync(join(opts.spillDir, SPILL_CHUNKS), 'w');
    linesFd = openSync(join(opts.spillDir, SPILL_LINES), 'w');
    let dataAt = 0;
    let linesAt = 0;
    const indexer: TerminalIndexer = new TerminalIndexer(
      (c) => {
        const data = deflateRawSync(encodeChunk({ keyframe: c.keyframe, events: c.events }), { level: DEFLATE_LEVEL });
        writeAllSync(chunksFd, data);
        const { text, times } = indexer.takeText();
        const textBytes = Buffer.from(text, 'utf8');
        writeAllSync(linesFd, Buffer.from(times.buffer, times.byteOffset, times.byteLength));
        writeAllSync(linesFd, textBytes);
        const msg: TailChunk = {
          type: 'chunk',
          firstEvent: c.firstEvent,
          startMs: c.keyframe.timeMs,
          endMs: c.endMs,
          count: c.events.length,
          dataAt,
          dataBytes: data.length,
          linesAt,
          lines: times.length,
          textBytes: textBytes.length,
          restoredInherited: c.restoredInherited === true,
          readBytes,
        };
        if (c.signature !== undefined) msg.signature = c.signature;
        dataAt += data.length;
        linesAt += times.byteLength + textBytes.length;
        post(msg);
        if (performance.now() - factsAt >= factsEveryMs) {
          factsAt = performance.now();
          post({ type: 'facts', facts: indexer.facts, activity: indexer.activity.snapshot() });
        }
      },
      { split: { role: 'tail', signChunks: opts.signChunks } },
    );
    const parser = createTerminalParser(indexer);
    const feed = feedWithSplit(parser, indexer, opts.splitAtBytes);
    const result = await readSource(opts.path, {
      onData: feed,
      onProgress: (read) => (readBytes = read),
      name: opts.fileName,
      ...(signal ? { signal } : {}),
    });
    parser.end();
    indexer.finish();
    if (result.stamp === null) throw new TrailviewError('CORRUPT', `${opts.fileName}: the file changed while it was being read`);
    const { sha256, compression, truncated, checksumMismatch, decompressedBytes } = result;
    post({ type: 'done', result: { facts: indexer.facts, activity: indexer.activity.snapshot(), read: { sha256, compression, truncated, checksumMismatch, decompressedBytes } } });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (chunksFd >= 0) closeSync(chunksFd);
    if (linesFd >= 0) closeSync(linesFd);
  }
}

/** The head's side: spilled chunks' bytes and lines back (files kept open until close()). */
export class SpillReader {
  private chunksFd = -1;
  private linesFd = -1;

  constructor(private readonly spillDir: string) {}

  read(c: TailChunk): { data: Buffer; text: string; times: Float64Array } {
    if (this.chunksFd < 0) this.chunksFd = openSync(join(this.spillDir, SPILL_CHUNKS), 'r');
    if (this.linesFd < 0) this.linesFd = openSync(join(this.spillDir, SPILL_LINES), 'r');
    const data = readAt(this.chunksFd, c.dataAt, c.dataBytes);
    const lines = readAt(this.linesFd, c.linesAt, c.lines * 8 + c.textBytes);
    const times = new Float64Array(c.lines);
    new Uint8Array(times.buffer).set(lines.subarray(0, c.lines * 8));
    return { data, text: lines.toString('utf8', c.lines * 8), times };
  }

  close(): void {
    if (this.chunksFd >= 0) closeSync(this.chunksFd);
    if (this.linesFd >= 0) closeSync(this.linesFd);
    this.chunksFd = this.linesFd = -1;
  }
}

function readAt(fd: number, at: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, at + got);
    if (n === 0) throw new TrailviewError('INTERNAL', `the tail's spill file is cut short at ${at + got}`);
    got += n;
  }
  return buf;
}
