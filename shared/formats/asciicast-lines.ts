/**
 * asciicast v2 and v3: newline-delimited JSON. The first non-blank line is the header object, every
 * later line one [time, code, data] event. v2 times are absolute seconds, v3 times are intervals since
 * the previous event; both come out as absolute milliseconds. v3 allows "#" comment lines.
 */
import { TrailviewError } from '../errors';
import { excerpt, formatBytes } from './bytes';
import {
  describeValue,
  isEventCode,
  isTerminalSize,
  microsToMs,
  parseResize,
  secondsProblem,
  secondsToMicros,
  type ParserLimits,
  type WarningGate,
} from './common';
import { buildAsciicastHeader, headerSize, isJsonObject } from './header';
import { LineSplitter, type LineSink } from './line-splitter';
import type { ParserSink, StreamParser } from './types';

export class AsciicastLinesParser implements StreamParser, LineSink {
  private readonly splitter: LineSplitter;
  private headerSeen = false;
  /** v3: the running sum of intervals, including events that were dropped. */
  private clockUs = 0;
  /** Time of the last emitted event. */
  private lastUs = 0;
  private readonly maxLineBytes: number;

  constructor(
    private readonly sink: ParserSink,
    private readonly version: 2 | 3,
    private readonly warnings: WarningGate,
    limits: ParserLimits,
    startOffsetBytes: number,
  ) {
    this.maxLineBytes = limits.maxItemBytes;
    this.splitter = new LineSplitter(this, limits.maxItemBytes, startOffsetBytes);
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
    if (!this.headerSeen) {
      throw new TrailviewError('CORRUPT', `the asciicast v${this.version} recording has no header line`, { line: 1 });
    }
  }

  line(text: string, lineNo: number, offsetBytes: number, terminated: boolean): void {
    if (!this.headerSeen) this.headerLine(text, lineNo, offsetBytes);
    else this.eventLine(text, lineNo, offsetBytes, terminated);
  }

  overlong(lineNo: number, offsetBytes: number, sizeBytes: number): void {
    const where = { line: lineNo, offsetBytes };
    const limit = formatBytes(this.maxLineBytes);
    if (!this.headerSeen) {
      throw new TrailviewError('CORRUPT', `line ${lineNo}: the header line (${sizeBytes} bytes) is over the ${limit} limit`, where);
    }
    this.warnings.warn('BAD_EVENT', `line ${lineNo}: an event line of ${sizeBytes} bytes is over the ${limit} limit; skipped`, where);
  }

  private headerLine(text: string, lineNo: number, offsetBytes: number): void {
    if (isBlank(text)) return;
    const where = { line: lineNo, offsetBytes };
    const name = `asciicast v${this.version}`;
    let h: unknown;
    try {
      h = JSON.parse(text);
    } catch {
      throw new TrailviewError('CORRUPT', `line ${lineNo}: the ${name} header is not valid JSON: ${excerpt(text)}`, where);
    }
    if (!isJsonObject(h)) {
      throw new TrailviewError('CORRUPT', `line ${lineNo}: the ${name} header is not a JSON object: ${excerpt(text)}`, where);
    }
    const { cols, rows } = headerSize(h, this.version);
    if (!isTerminalSize(cols) || !isTerminalSize(rows)) {
      const [c, r] = this.version === 3 ? ['term.cols', 'term.rows'] : ['width', 'height'];
      throw new TrailviewError(
        'CORRUPT',
        `line ${lineNo}: the ${name} header needs "${c}" and "${r}" as whole numbers from 1 to 9999, ` +
          `but has ${c} ${describeValue(cols)} and ${r} ${describeValue(rows)}`,
        where,
      );
    }
    this.headerSeen = true;
    this.sink.header(buildAsciicastHeader(h, this.version, cols, rows));
  }

  private eventLine(text: string, lineNo: number, offsetBytes: number, terminated: boolean): void {
    // Fast path: almost every line starts with "[".
    if (text.charCodeAt(0) !== 0x5b) {
      if (isBlank(text)) return;
      if (this.version === 3 && text.trimStart().startsWith('#')) return;
    }
    const where = { line: lineNo, offsetBytes };
    let ev: unknown;
    try {
      ev = JSON.parse(text);
    } catch {
      const shown = excerpt(text.endsWith('\r') ? text.slice(0, -1) : text);
      if (terminated) this.warnings.warn('BAD_EVENT', `line ${lineNo}: not valid JSON: ${shown}`, where);
      else this.warnings.warn('TRUNCATED', `line ${lineNo}: the last line is cut off: ${shown}`, where);
      return;
    }
    if (!Array.isArray(ev) || ev.length !== 3) {
      const got = Array.isArray(ev) ? `${ev.length} elements` : describeValue(ev);
      this.warnings.warn('BAD_EVENT', `line ${lineNo}: an event must be a [time, code, data] array, got ${got}`, where);
      return;
    }
    const [t, code, data] = ev as [unknown, unknown, unknown];
    const problem = secondsProblem(t);
    if (problem !== undefined) {
      this.warnings.warn('BAD_TIME', `line ${lineNo}: event time ${problem}; event skipped`, where);
      return;
    }
    let us = secondsToMicros(t as number);
    if (this.version === 3) {
      us += this.clockUs;
      this.clockUs = us;
    }
    if (typeof code !== 'string') {
      this.warnings.warn('BAD_EVENT', `line ${lineNo}: event code must be a string, got ${describeValue(code)}`, where);
      return;
    }
    // Codes from later recorder versions are skipped quietly: the rest of the recording is fine.
    if (!isEventCode(code)) return;
    if (typeof data !== 'string') {
      this.warnings.warn('BAD_DATA', `line ${lineNo}: "${code}" event data must be a string, got ${describeValue(data)}`, where);
      return;
    }
    if (code === 'r' && parseResize(data) === undefined) {
      this.warnings.warn('BAD_RESIZE', `line ${lineNo}: resize "${excerpt(data)}" is not COLSxROWS with sizes from 1 to 9999`, where);
      return;
    }
    if (us < this.lastUs) {
      this.warnings.warn(
        'BAD_TIME',
        `line ${lineNo}: event time ${microsToMs(us) / 1000} s is before the previous event's ${microsToMs(this.lastUs) / 1000} s; ` +
          'played at the previous time',
        where,
      );
      us = this.lastUs;
    }
    this.lastUs = us;
    this.sink.event({ timeMs: microsToMs(us), code, data });
  }
}

function isBlank(text: string): boolean {
  return text.trim().length === 0;
}
