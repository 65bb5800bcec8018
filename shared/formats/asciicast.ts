/**
 * The entry point the core uses for terminal recordings: one streaming parser that detects the format
 * from the content and hands the bytes to the v2/v3 line parser, the v1 document scanner or the koko
 * scanner. Input must already be decompressed.
 *
 * Detection runs on the bytes held so far, retried as they double. A positive answer is final as soon
 * as it is given (it comes from the first deciding member, which a longer prefix would reach first
 * too); a negative one is only trusted on the first DETECT_HEAD_BYTES or the whole input. So the
 * outcome never depends on how the caller split its chunks, and output starts after a few bytes.
 */
import { TrailviewError } from '../errors';
import { AsciicastLinesParser } from './asciicast-lines';
import { AsciicastV1Parser } from './asciicast-v1';
import { bomLength, concatBytes, isJsonSpace } from './bytes';
import { resolveLimits, WarningGate, type ParserLimits, type TerminalParserOptions } from './common';
import { DETECT_HEAD_BYTES, detectTerminalFormat } from './detect';
import { KokoParser } from './koko';
import type { Detection, ParserSink, StreamParser } from './types';

export type { TerminalParserOptions } from './common';

/**
 * A parser for any terminal recording we read (asciicast v1/v2/v3, koko). push() and end() throw
 * TrailviewError for problems that stop the recording from opening (EMPTY_FILE, UNSUPPORTED_FORMAT,
 * CORRUPT, TOO_LARGE); once one was thrown, every later call throws it again.
 */
export function createTerminalParser(sink: ParserSink, opts?: TerminalParserOptions): StreamParser {
  return new TerminalParser(sink, resolveLimits(opts));
}

class TerminalParser implements StreamParser {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  /** Held bytes at which detection is tried next; doubling keeps tiny chunks from making it quadratic. */
  private nextAttemptBytes = 0;
  private inner: StreamParser | undefined;
  private failure: unknown;
  private ended = false;

  constructor(
    private readonly sink: ParserSink,
    private readonly limits: ParserLimits,
  ) {}

  push(chunk: Uint8Array): void {
    this.guard(() => {
      if (this.ended) throw new TrailviewError('INTERNAL', 'push() after end() on a terminal parser');
      if (this.inner) {
        this.inner.push(chunk);
        return;
      }
      if (chunk.length === 0) return;
      // Copy: the caller may reuse its buffer after push() returns.
      this.head.push(chunk.slice());
      this.headBytes += chunk.length;
      if (this.headBytes >= this.nextAttemptBytes || this.headBytes >= DETECT_HEAD_BYTES) this.tryStart();
    });
  }

  end(): void {
    this.guard(() => {
      if (this.ended) return;
      this.ended = true;
      if (!this.inner) {
        if (this.headBytes === 0) throw new TrailviewError('EMPTY_FILE', 'the file is empty');
        this.tryStart();
      }
      this.inner?.end();
    });
  }

  private guard(work: () => void): void {
    if (this.failure !== undefined) throw this.failure;
    try {
      work();
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  private tryStart(): void {
    const all = concatBytes(this.head, this.headBytes);
    this.head = [all];
    const bom = bomLength(all);
    const final = this.ended || this.headBytes >= DETECT_HEAD_BYTES;
    if (this.ended && onlyWhitespace(all, bom)) {
      throw new TrailviewError('EMPTY_FILE', `the file holds only whitespace (${all.length} bytes)`);
    }
    const detection = detectTerminalFormat(all.subarray(0, DETECT_HEAD_BYTES));
    if (!detection.ok) {
      if (final) throw new TrailviewError('UNSUPPORTED_FORMAT', `not a terminal recording: ${detection.reason}`);
      this.nextAttemptBytes = this.headBytes * 2;
      return;
    }
    this.head = [];
    this.inner = this.create(detection, bom);
    this.inner.push(all.subarray(bom));
  }

  private create(d: Detection & { ok: true }, startOffsetBytes: number): StreamParser {
    const warnings = new WarningGate(this.sink, this.limits.maxWarnings);
    if (d.format === 'koko') return new KokoParser(this.sink, warnings, this.limits, startOffsetBytes);
    if (d.version === 1) return new AsciicastV1Parser(this.sink, warnings, this.limits, startOffsetBytes);
    return new AsciicastLinesParser(this.sink, d.version === 3 ? 3 : 2, warnings, this.limits, startOffsetBytes);
  }
}

function onlyWhitespace(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (!isJsonSpace(bytes[i])) return false;
  return true;
}
