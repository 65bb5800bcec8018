/**
 * asciicast v1: one JSON document {version, width, height, duration, command, title, env, stdout}
 * where stdout is [[delaySeconds, data], ...] and delays are intervals. The document is scanned member
 * by member and "stdout" element by element, so it is never held whole. The header is emitted when
 * "stdout" starts; members after it (keys may come in any order) are too late to matter.
 */
import { TrailviewError } from '../errors';
import { excerpt, formatBytes } from './bytes';
import {
  DEFAULT_COLS,
  DEFAULT_ROWS,
  describeValue,
  describeWhere,
  isTerminalSize,
  microsToMs,
  secondsProblem,
  secondsToMicros,
  type Where,
} from './common';
import { buildAsciicastHeader } from './header';
import { JsonDocumentParser } from './json-document';
import type { ValueMode } from './json-scanner';

/** Members that feed the header; anything else is skipped without being held. */
const HEADER_KEYS = new Set(['version', 'width', 'height', 'duration', 'command', 'title', 'env', 'timestamp', 'idle_time_limit', 'theme']);

export class AsciicastV1Parser extends JsonDocumentParser {
  protected readonly documentName = 'the asciicast v1 document';
  private readonly fields: Record<string, unknown> = {};
  private headerSent = false;
  private events = 0;
  private clockUs = 0;

  protected hasPlayable(): boolean {
    return this.events > 0;
  }

  end(): void {
    if (this.stopped) return;
    const cut = this.scanner.end();
    if (cut) {
      if (this.events === 0) {
        throw new TrailviewError('CORRUPT', `the asciicast v1 document is cut off (${describeWhere(cut)}) before any event`, cut);
      }
      this.warnings.warn('TRUNCATED', `${describeWhere(cut)}: the asciicast v1 document is cut off here; later events are missing`, cut);
      return;
    }
    if (!this.headerSent) throw new TrailviewError('CORRUPT', 'the asciicast v1 document has no "stdout" array of events');
  }

  key(name: string, at: Where): ValueMode {
    if (name === 'stdout') {
      if (!this.headerSent) this.sendHeader(at);
      return 'elements';
    }
    return HEADER_KEYS.has(name) && !this.headerSent ? 'capture' : 'skip';
  }

  value(name: string, raw: string, at: Where): void {
    if (name === 'stdout') {
      // "elements" mode hands over a stdout value only when it is not an array.
      const msg = `${describeWhere(at)}: "stdout" must be an array of [delay, data] frames, found ${excerpt(raw, 40)}`;
      if (this.events === 0) throw new TrailviewError('CORRUPT', msg, at);
      this.warnings.warn('BAD_EVENT', msg, at);
      return;
    }
    try {
      this.fields[name] = JSON.parse(raw);
    } catch {
      throw new TrailviewError('CORRUPT', `${describeWhere(at)}: the value of "${name}" is not valid JSON: ${excerpt(raw)}`, at);
    }
  }

  element(_name: string, raw: string, at: Where): void {
    const w = describeWhere(at);
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      this.warnings.warn('BAD_EVENT', `${w}: frame is not valid JSON: ${excerpt(raw)}`, at);
      return;
    }
    if (!Array.isArray(frame) || frame.length !== 2) {
      const got = Array.isArray(frame) ? `${frame.length} elements` : describeValue(frame);
      this.warnings.warn('BAD_EVENT', `${w}: a v1 frame must be a [delay, data] array, got ${got}`, at);
      return;
    }
    const [delay, data] = frame as [unknown, unknown];
    const problem = secondsProblem(delay);
    if (problem !== undefined) {
      this.warnings.warn('BAD_TIME', `${w}: frame delay ${problem}; frame skipped`, at);
      return;
    }
    this.clockUs += secondsToMicros(delay as number);
    if (typeof data !== 'string') {
      this.warnings.warn('BAD_DATA', `${w}: frame data must be a string, got ${describeValue(data)}`, at);
      return;
    }
    this.events++;
    this.sink.event({ timeMs: microsToMs(this.clockUs), code: 'o', data });
  }

  oversize(name: string, at: Where, sizeBytes: number): void {
    const what = name === 'stdout' ? 'a frame' : `the value of "${name}"`;
    this.warnings.warn('BAD_EVENT', `${describeWhere(at)}: ${what} is over the ${formatBytes(this.limits.maxItemBytes)} limit (${sizeBytes}+ bytes); skipped`, at);
  }

  private sendHeader(at: Where): void {
    let cols = this.fields.width;
    let rows = this.fields.height;
    if (!isTerminalSize(cols) || !isTerminalSize(rows)) {
      this.warnings.warn(
        'BAD_EVENT',
        `${describeWhere(at)}: the asciicast v1 header has no usable "width" and "height" before "stdout" ` +
          `(width ${describeValue(cols)}, height ${describeValue(rows)}); playing at ${DEFAULT_COLS}x${DEFAULT_ROWS}`,
        at,
      );
      cols = DEFAULT_COLS;
      rows = DEFAULT_ROWS;
    }
    this.headerSent = true;
    this.sink.header(buildAsciicastHeader(this.fields, 1, cols as number, rows as number));
  }
}
