/**
 * Feeds decompressed bytes to a parser in small slices, yielding to the event loop whenever a time slice
 * is used up: one raw read of gzip data decompresses to ~1.7 MB, and chunk, search and summary requests
 * to the same worker must not wait for all of it to be parsed.
 */
import { TrailviewError } from '../../shared/errors';

const FEED_SLICE_BYTES = 32 * 1024;
const BUSY_SLICE_MS = 8;

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SlicedFeeder {
  /** Bytes waiting for the parser (at most one raw read's worth). */
  private queued: Uint8Array[] = [];
  private busySinceMs = performance.now();
  /** The feed loop, while it runs: it parses while zlib inflates the rest of the read on the thread pool. */
  private feeding: Promise<void> | undefined;
  private feedError: unknown;

  constructor(
    private readonly push: (bytes: Uint8Array) => void,
    private readonly signal: AbortSignal,
    private readonly fileName: string,
  ) {}

  /** Queues bytes and starts parsing them in the background. */
  enqueue(bytes: Uint8Array): void {
    if (this.signal.aborted) throw this.cancelled();
    this.queued.push(bytes);
    this.feeding ??= this.feed().then(
      () => (this.feeding = undefined),
      (e: unknown) => {
        this.feeding = undefined;
        this.feedError ??= e;
      },
    );
  }

  private cancelled(): TrailviewError {
    return new TrailviewError('CANCELLED', `${this.fileName}: cancelled`);
  }

  private async feed(): Promise<void> {
    for (let bytes = this.queued.shift(); bytes; bytes = this.queued.shift()) {
      for (let at = 0; at < bytes.length; at += FEED_SLICE_BYTES) {
        if (this.signal.aborted) throw this.cancelled();
        this.push(bytes.subarray(at, at + FEED_SLICE_BYTES));
        if (performance.now() - this.busySinceMs >= BUSY_SLICE_MS) {
          await yieldToEvents();
          this.busySinceMs = performance.now();
        }
      }
    }
  }

  /** Waits until everything queued has been parsed; throws what the parser threw. */
  async fed(): Promise<void> {
    while (this.feeding) await this.feeding;
    if (this.feedError) throw this.feedError;
    await this.feed();
  }
}
