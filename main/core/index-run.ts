/**
 * One indexing pass over a recording file: read (gunzip) -> parse -> index -> cache, with progress,
 * cancellation and the chunk table growing as it goes. Chunks live in the temp cache's segments file
 * from the moment they are cut, so nothing but the chunk being built is held in memory.
 */
import { TrailviewError } from '../../shared/errors';
import { createTerminalParser } from '../../shared/formats/asciicast';
import type { Warning } from '../../shared/model';
import { CacheWriter, makeTempCacheDir, removeTempCacheDir, type ChunkEntry } from './cache';
import { SlicedFeeder } from './sliced-feed';
import { readSource } from './source';
import { TerminalIndexer } from './terminal/indexer';
import { feedWithSplit, SIGNED_CHUNKS, SpillReader, type TailChunk, type TailResult, type TailSpawner } from './terminal/split';
import { TailJoin } from './terminal/tail-join';

export interface IndexRunCallbacks {
  /** A chunk was cut and written (chunk 0 first). */
  chunk(entry: ChunkEntry, index: number): void;
  progress(readBytes: number, sizeBytes: number): void;
}

/**
 * Index on two threads (see terminal/split.ts): where to split, and how to start the tail. Without
 * `spawn` the head runs alone but cuts its chunks as a split run does (the run after a SplitDivergedError,
 * so chunks already published stay the same).
 */
export interface SplitPlan {
  splitAtBytes: number;
  spawn?: TailSpawner;
  /** How often the tail sends its counts (TailOptions.factsEveryMs; tests). */
  factsEveryMs?: number;
}

export interface IndexRunResult {
  outcome: 'done' | 'cancelled' | 'failed';
  error?: unknown;
}

const MAX_CHUNKS_IN_FLIGHT = 8;
/**
 * The start of a recording is fed in small pieces: the indexing code is still cold (interpreted) there,
 * so a normal slice can keep the worker from answering open() and the first chunk request for 100 ms+.
 */
const COLD_START_BYTES = 1024 * 1024;
const COLD_PIECE_BYTES = 4 * 1024;
/** Thrown between reads to stop reading once the head has joined the tail. */
const JOINED = new Error('joined the tail');

export class IndexRun {
  readonly indexer: TerminalIndexer;
  readonly writer: CacheWriter;
  readonly warnings: Warning[] = [];
  private readonly abort = new AbortController();
  compression: 'gzip' | 'none' = 'none';
  /** Raw bytes the head had read when it stopped at the join (undefined: it read the whole file). */
  stoppedAtBytes: number | undefined;
  /** Set when indexing is split: the tail thread's chunks, once the head has caught up with them. */
  readonly join: TailJoin | undefined;
  private sizeBytes = 0;
  private readonly tailEntries: ChunkEntry[] = [];
  /** The tail thread's chunks and lines, until the head takes them (terminal/split.ts). */
  private readonly spillDir: string | undefined;
  private readonly spill: SpillReader | undefined;

  constructor(
    private readonly path: string,
    private readonly fileName: string,
    private readonly sha256: string,
    private readonly dataDir: string,
    private readonly cb: IndexRunCallbacks,
    private readonly split?: SplitPlan,
  ) {
    this.writer = new CacheWriter(dataDir, sha256);
    this.spillDir = split?.spawn ? makeTempCacheDir(dataDir, sha256) : undefined;
    this.spill = this.spillDir ? new SpillReader(this.spillDir) : undefined;
    const join = split
      ? new TailJoin(
          {
            path,
            fileName,
            splitAtBytes: split.splitAtBytes,
            signChunks: SIGNED_CHUNKS,
            spillDir: this.spillDir ?? '',
            ...(split.factsEveryMs !== undefined ? { factsEveryMs: split.factsEveryMs } : {}),
          },
          (c) => this.takeTailChunk(c),
          (f) => this.indexer.adoptTail(f.facts, f.activity, false),
        )
      : undefined;
    this.join = join;
    this.indexer = new TerminalIndexer(
      (c) => {
        // Published once on disk; a write failure surfaces from drain() in run().
        this.writer.appendChunk({ keyframe: c.keyframe, events: c.events }, c.endMs, c.firstEvent, (entry) => this.cb.chunk(entry, c.chunkIndex), c.chunkIndex === 0).catch(() => undefined);
        this.writer.writeSealedText(this.indexer.text);
      },
      join ? { split: { role: 'head', candidate: (at, signature) => join.candidate(at, signature), unaligned: () => join.abandon() } } : {},
    );
  }

  /**
   * A chunk (and its lines) the tail made, from where the head handed over. Written now, published
   * when the tail has ended well (see SplitDivergedError): until then the chunk table ends at the join.
   */
  private takeTailChunk(c: TailChunk): void {
    const meta = { startMs: c.startMs, endMs: c.endMs, firstEvent: c.firstEvent, count: c.count };
    const { data, text, times } = this.spill!.read(c);
    this.writer.appendCompressed(data, meta, (entry) => this.tailEntries.push(entry)).catch(() => undefined);
    this.indexer.text.appendLines(text, times);
    this.writer.writeSealedText(this.indexer.text);
    this.indexer.followTail(c.endMs, c.firstEvent + c.count);
    // From here on the tail's position is how far the index reaches.
    if (this.sizeBytes > 0) this.cb.progress(c.readBytes, this.sizeBytes);
  }

  cancel(): void {
    this.abort.abort();
  }

  get cancelled(): boolean {
    return this.abort.signal.aborted;
  }

  /** Runs to the end. Never throws: the outcome says how it ended. */
  async run(): Promise<IndexRunResult> {
    const parser = createTerminalParser(this.indexer);
    const split = this.split ? feedWithSplit(parser, this.indexer, this.split.splitAtBytes) : undefined;
    const join = this.join;
    // Once joined, what is still queued is the tail's to parse (see split.ts).
    const push = split ? (bytes: Uint8Array) => join?.state !== 'joined' && split(bytes) : (bytes: Uint8Array) => parser.push(bytes);
    const feeder = new SlicedFeeder(push, this.abort.signal, this.fileName);
    let fedBytes = 0;
    let readBytes = 0;
    if (this.split?.spawn) join?.start(this.split.spawn);
    else join?.abandon();
    try {
      const result = await readSource(this.path, {
        onData: (bytes) => {
          if (fedBytes >= COLD_START_BYTES) return feeder.enqueue(bytes);
          fedBytes += bytes.length;
          for (let at = 0; at < bytes.length; at += COLD_PIECE_BYTES) feeder.enqueue(bytes.subarray(at, at + COLD_PIECE_BYTES));
        },
        onProgress: (read, size) => {
          readBytes = read;
          this.sizeBytes = size;
          // Once joined, the tail's position is the index's (see takeTailChunk).
          if (join?.state !== 'joined') this.cb.progress(read, size);
        },
        between: async () => {
          await feeder.fed();
          if (join?.state === 'joined') {
            this.stoppedAtBytes = readBytes;
            throw JOINED;
          }
          // Back-pressure: do not get far ahead of the cache writes.
          await this.writer.drain(MAX_CHUNKS_IN_FLIGHT);
        },
        signal: this.abort.signal,
        name: this.fileName,
      }).catch((e: unknown) => {
        if (e === JOINED) return undefined;
        throw e;
      });
      if (result) {
        await feeder.fed();
        parser.end();
        // Not joined by now: the head emulated everything itself.
        join?.abandon();
      }
      if (join?.state === 'joined') {
        // The tail read and parsed the whole file (the head stopped counting where it joined).
        await this.waitForTail(join);
        const tail = join.result!;
        this.indexer.adoptTail(tail.facts, tail.activity, true);
        this.readEnded(tail.read);
        await this.writer.drain();
        const first = this.writer.chunks.length - this.tailEntries.length;
        this.tailEntries.forEach((entry, i) => this.cb.chunk(entry, first + i));
      } else {
        // Not joined, so the head read to the end (it stops early only once joined).
        this.readEnded(result!);
        if (!this.indexer.facts.header) throw new TrailviewError('CORRUPT', `${this.fileName}: no recording header found`);
        this.indexer.finish();
      }
      await this.writer.drain();
      return { outcome: 'done' };
    } catch (error) {
      join?.stop();
      // What was indexed up to here stays playable: close the chunk being built.
      if (this.indexer.facts.header) this.indexer.finish();
      await this.writer.drain().catch(() => undefined);
      const cancelled = error instanceof TrailviewError && error.code === 'CANCELLED';
      return { outcome: cancelled ? 'cancelled' : 'failed', error };
    } finally {
      this.spill?.close();
      if (this.spillDir) removeTempCacheDir(this.dataDir, this.spillDir);
    }
  }

  /** What reading the whole file (the head's read, or the tail's) says beyond the events: checks and warnings. */
  private readEnded(read: TailResult['read']): void {
    this.compression = read.compression;
    if (read.sha256 !== this.sha256) {
      throw new TrailviewError('CORRUPT', `${this.fileName}: the file changed while it was being read (SHA-256 differs from the first read)`);
    }
    if (read.truncated) {
      this.indexer.warning({
        code: 'TRUNCATED',
        message: `${this.fileName}: the gzip stream is cut short after ${read.decompressedBytes} decompressed bytes; the rest is missing`,
        offsetBytes: read.decompressedBytes,
      });
    }
    if (read.checksumMismatch) {
      this.indexer.warning({
        code: 'BAD_DATA',
        message: `${this.fileName}: the gzip checksum does not match the decompressed data: part of the recording is damaged`,
      });
    }
  }

  /** The tail's remaining chunks; a cancel stops the wait (and the tail). */
  private async waitForTail(join: TailJoin): Promise<void> {
    const signal = this.abort.signal;
    const onAbort = (): void => join.stop();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal.aborted) join.stop();
      await join.done.catch((e: unknown) => {
        throw signal.aborted ? new TrailviewError('CANCELLED', `${this.fileName}: cancelled`) : e;
      });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
