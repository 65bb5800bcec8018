/** Pieces shared by the terminal-recording parsers: limits, the warning gate, time and size checks. */
import type { EventCode, Warning, WarningCode } from '../model';
import type { ParserSink } from './types';

export interface TerminalParserOptions {
  /** Warnings reported before one TOO_MANY_WARNINGS replaces the rest (default 100). */
  maxWarnings?: number;
  /** Largest single line, JSON member or array element held in memory (default 64 MiB). */
  maxItemBytes?: number;
  /** Largest total a format that must be sorted before emitting (koko) may hold (default 256 MiB). */
  maxBufferedBytes?: number;
}

export interface ParserLimits {
  maxWarnings: number;
  maxItemBytes: number;
  maxBufferedBytes: number;
}

export function resolveLimits(opts: TerminalParserOptions = {}): ParserLimits {
  return {
    maxWarnings: opts.maxWarnings ?? 100,
    maxItemBytes: opts.maxItemBytes ?? 64 * 1024 * 1024,
    maxBufferedBytes: opts.maxBufferedBytes ?? 256 * 1024 * 1024,
  };
}

/** Terminal sizes beyond this are nonsense (a corrupt header), not a real screen. */
export const MAX_TERMINAL_SIZE = 9999;
/** What a recording that does not say its size gets. */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;

export interface Where {
  line?: number;
  offsetBytes?: number;
}

/** Passes warnings to the sink until the limit, then one TOO_MANY_WARNINGS, then nothing. */
export class WarningGate {
  private count = 0;

  constructor(
    private readonly sink: ParserSink,
    private readonly max: number,
  ) {}

  warn(code: WarningCode, message: string, where: Where = {}): void {
    if (this.count > this.max) return;
    this.count++;
    if (this.count > this.max) {
      this.sink.warning(withWhere({ code: 'TOO_MANY_WARNINGS', message: `more than ${this.max} warnings; the rest are not reported` }, where));
      return;
    }
    this.sink.warning(withWhere({ code, message }, where));
  }
}

function withWhere(w: Warning, where: Where): Warning {
  if (where.line !== undefined) w.line = where.line;
  if (where.offsetBytes !== undefined) w.offsetBytes = where.offsetBytes;
  return w;
}

/** "line 12 (byte 3456)" for messages about a place in a JSON document. */
export function describeWhere(at: Where): string {
  return `line ${at.line ?? '?'} (byte ${at.offsetBytes ?? '?'})`;
}

/** A JSON value as it appeared, shortened, for messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Why `v` is not a usable time in seconds, or undefined when it is one. */
export function secondsProblem(v: unknown): string | undefined {
  if (typeof v !== 'number') return `is not a number (${describeValue(v)})`;
  if (!Number.isFinite(v)) return `is not finite (${describeValue(v)})`;
  if (v < 0) return `is negative (${v})`;
  return undefined;
}

/**
 * Times are kept as whole microseconds, the precision asciicast writers use, so that summing
 * thousands of v1/v3 intervals does not drift and timeMs is the same for every split.
 */
export function secondsToMicros(seconds: number): number {
  return Math.round(seconds * 1e6);
}

export function microsToMs(micros: number): number {
  return micros / 1000;
}

export function isEventCode(code: string): code is EventCode {
  return code === 'o' || code === 'i' || code === 'm' || code === 'r' || code === 'x';
}

export function isTerminalSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_TERMINAL_SIZE;
}

/** A koko member name: seconds since the session started, written with %f ("12.345678"). */
export const KOKO_KEY_RE = /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

const RESIZE_RE = /^(\d{1,5})x(\d{1,5})$/;

/** Parse an "r" event's "COLSxROWS"; undefined when it is not a usable size. */
export function parseResize(data: string): { cols: number; rows: number } | undefined {
  const m = RESIZE_RE.exec(data);
  if (!m) return undefined;
  const cols = Number(m[1]);
  const rows = Number(m[2]);
  return isTerminalSize(cols) && isTerminalSize(rows) ? { cols, rows } : undefined;
}
