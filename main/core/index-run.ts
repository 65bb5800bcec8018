/**
 * One indexing pass over a recording file: read (gunzip) -> parse -> index -> cache, with progress,
 * cancellation and the chunk table growing as it goes. Chunks live in the temp cache's segments file
 * from the moment they are cut, so nothing but the chunk being built is held in memory.
 */
import { TrailviewError } from '../../shared/errors';
import { createTerminalParser } from '../../shared/formats/asciicast';
import type { Warning } from '../../shared/model';
import { CacheWriter, type ChunkEntry } from './cache';
import { readSource } from './source';
import { TerminalIndexer } from './terminal/indexer';

export interface IndexRunCallbacks {
  /** A chunk was cut and written (chunk 0 first). */
  chunk(entry: ChunkEntry, index: number): void;
  progress(readBytes: number, sizeBytes: number): void;
}

export interface IndexRunResult {
  outcome: 'done' | 'cancelled' | 'failed';
  error?: unknown;
}

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const MAX_CHUNKS_IN_FLIGHT = 8;
/**
 * The parser is fed this much at a time and the worker yields to its event loop once a time slice is
 * used up: one raw read of gzip data decompresses to ~1.7 MB (~150 ms of indexing), and chunk, search
 * and summary requests must not wait that long.
 */
const FEED_SLICE_BYTES = 32 * 1024;
const BUSY_SLICE_MS = 8;

export class IndexRun {
  readonly indexer: TerminalIndexer;
  readonly writer: CacheWriter;
  readonly warnings: Warning[] = [];
  private readonly abort = new AbortController();
  compression: 'gzip' | 'none' = 'none';
  /** Decompressed bytes waiting for the parser (at most one raw read's worth). */
  private queued: Uint8Array[] = [];
  private busySinceMs = performance.now();
  /** The feed loop, while it runs: it parses while zlib inflates the rest of the read on the thread pool. */
  private feeding: Promise<void> | undefined;
  private feedError: unknown;

  constructor(
    private readonly path: string,
    private readonly fileName: string,
    private readonly sha256: string,
    dataDir: string,
    private readonly cb: IndexRunCallbacks,
  ) {
    this.writer = new CacheWriter(dataDir, sha256);
    this.indexer = new TerminalIndexer((c) => {
      // Published once on disk; a write failure surfaces from drain() in run().
      this.writer.appendChunk({ keyframe: c.keyframe, events: c.events }, c.endMs, c.firstEvent, (entry) => this.cb.chunk(entry, c.chunkIndex)).catch(() => undefined);
    });
  }

  cancel(): void {
    this.abort.abort();
  }

  get cancelled(): boolean {
    return this.abort.signal.aborted;
  }

  /** Parses what is queued in slices, yielding to the event loop whenever a time slice is used up. */
  private async feed(parser: { push(bytes: Uint8Array): void }): Promise<void> {
    for (let bytes = this.queued.shift(); bytes; bytes = this.queued.shift()) {
      for (let at = 0; at < bytes.length; at += FEED_SLICE_BYTES) {
        if (this.abort.signal.aborted) throw new TrailviewError('CANCELLED', `${this.fileName}: cancelled`);
        parser.push(bytes.subarray(at, at + FEED_SLICE_BYTES));
        if (performance.now() - this.busySinceMs >= BUSY_SLICE_MS) {
          await yieldToEvents();
          this.busySinceMs = performance.now();
        }
      }
    }
  }

  /** Waits until everything queued has been parsed; throws what the parser threw. */
  private async fed(parser: { push(bytes: Uint8Array): void }): Promise<void> {
    while (this.feeding) await this.feeding;
    if (this.feedError) throw this.feedError;
    await this.feed(parser);
  }

  /** Runs to the end. Never throws: the outcome says how it ended. */
  async run(): Promise<IndexRunResult> {
    const parser = createTerminalParser(this.indexer);
    try {
      const result = await readSource(this.path, {
        onData: (bytes) => {
          if (this.abort.signal.aborted) throw new TrailviewError('CANCELLED', `${this.fileName}: cancelled`);
          this.queued.push(bytes);
          this.feeding ??= this.feed(parser).then(
            () => (this.feeding = undefined),
            (e: unknown) => {
              this.feeding = undefined;
              this.feedError ??= e;
            },
          );
        },
        onProgress: (read, size) => this.cb.progress(read, size),
        between: async () => {
          await this.fed(parser);
          // Back-pressure: do not get far ahead of the cache writes.
          await this.writer.drain(MAX_CHUNKS_IN_FLIGHT);
        },
        signal: this.abort.signal,
        name: this.fileName,
      });
      this.compression = result.compression;
      if (result.sha256 !== this.sha256) {
        throw new TrailviewError('CORRUPT', `${this.fileName}: the file changed while it was being read (SHA-256 differs from the first read)`);
      }
      await this.fed(parser);
      parser.end();
      if (result.truncated) {
        this.indexer.warning({
          code: 'TRUNCATED',
          message: `${this.fileName}: the gzip stream is cut short after ${result.decompressedBytes} decompressed bytes; the rest is missing`,
          offsetBytes: result.decompressedBytes,
        });
      }
      if (result.checksumMismatch) {
        this.indexer.warning({
          code: 'BAD_DATA',
          message: `${this.fileName}: the gzip checksum does not match the decompressed data: part of the recording is damaged`,
        });
      }
      if (!this.indexer.facts.header) throw new TrailviewError('CORRUPT', `${this.fileName}: no recording header found`);
      this.indexer.finish();
      await this.writer.drain();
      return { outcome: 'done' };
    } catch (error) {
      // What was indexed up to here stays playable: close the chunk being built.
      if (this.indexer.facts.header) this.indexer.finish();
      await this.writer.drain().catch(() => undefined);
      const cancelled = error instanceof TrailviewError && error.code === 'CANCELLED';
      return { outcome: cancelled ? 'cancelled' : 'failed', error };
    }
  }
}
