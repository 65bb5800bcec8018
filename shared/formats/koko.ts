/**
 * JumpServer koko legacy replays: one JSON object {"<seconds>": "<output>", ...}. Go marshals maps with
 * sorted string keys, so "10.5" comes before "2.3": members are held (up to a limit) and emitted in
 * time order at end(). The terminal size is not recorded; 80x24 it is, and the core may resize later.
 */
import { TrailviewError } from '../errors';
import { excerpt, formatBytes } from './bytes';
import {
  DEFAULT_COLS,
  DEFAULT_ROWS,
  describeValue,
  describeWhere,
  KOKO_KEY_RE,
  microsToMs,
  secondsToMicros,
  type Where,
} from './common';
import { JsonDocumentParser } from './json-document';
import type { ValueMode } from './json-scanner';

interface Entry {
  us: number;
  data: string;
}

export class KokoParser extends JsonDocumentParser {
  protected readonly documentName = 'the koko recording';
  private entries: Entry[] = [];
  private bufferedBytes = 0;
  private pendingUs = 0;

  protected hasPlayable(): boolean {
    return this.entries.length > 0;
  }

  end(): void {
    const cut = this.stopped ? undefined : this.scanner.end();
    if (this.entries.length === 0) {
      const msg = cut ? `the koko recording is cut off (${describeWhere(cut)}) before any output` : 'the koko recording holds no output';
      throw new TrailviewError('CORRUPT', msg, cut ?? {});
    }
    if (cut) this.warnings.warn('TRUNCATED', `${describeWhere(cut)}: the koko recording is cut off here; later output is missing`, cut);
    // Array.prototype.sort is stable: equal times keep their order in the file.
    const entries = this.entries.sort((a, b) => a.us - b.us);
    this.entries = [];
    this.sink.header({ format: 'koko', terminal: { cols: DEFAULT_COLS, rows: DEFAULT_ROWS } });
    for (const e of entries) this.sink.event({ timeMs: microsToMs(e.us), code: 'o', data: e.data });
  }

  key(name: string, at: Where): ValueMode {
    const seconds = KOKO_KEY_RE.test(name) ? Number(name) : NaN;
    if (!Number.isFinite(seconds)) {
      const why = name.startsWith('-') ? 'is a negative time' : 'is not a time in seconds';
      this.warnings.warn('BAD_TIME', `${describeWhere(at)}: member name ${describeValue(name)} ${why}; skipped`, at);
      return 'skip';
    }
    this.pendingUs = secondsToMicros(seconds);
    return 'capture';
  }

  value(name: string, raw: string, at: Where): void {
    this.bufferedBytes += raw.length;
    if (this.bufferedBytes > this.limits.maxBufferedBytes) {
      throw new TrailviewError(
        'TOO_LARGE',
        `the koko recording holds more than ${formatBytes(this.limits.maxBufferedBytes)} of output (${describeWhere(at)}); too large to put in time order`,
        at,
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      this.warnings.warn('BAD_EVENT', `${describeWhere(at)}: the output at "${name}" s is not valid JSON: ${excerpt(raw)}`, at);
      return;
    }
    if (typeof data !== 'string') {
      this.warnings.warn('BAD_DATA', `${describeWhere(at)}: the output at "${name}" s must be a string, got ${describeValue(data)}`, at);
      return;
    }
    this.entries.push({ us: this.pendingUs, data });
  }

  element(): void {}

  oversize(name: string, at: Where, sizeBytes: number): void {
    this.warnings.warn('BAD_EVENT', `${describeWhere(at)}: the output at "${name}" s is over the ${formatBytes(this.limits.maxItemBytes)} limit (${sizeBytes}+ bytes); skipped`, at);
  }
}
