/**
 * What every terminal-recording parser produces. Parsers are pure and streaming: they take chunks of
 * (already decompressed) bytes in any split, and call the sink with identical calls whatever the split.
 * Decompression (gzip) happens before the parser, in the core.
 */
import type { FormatId, TerminalEvent, TerminalInfo, Warning } from '../model';

export interface ParsedHeader {
  format: FormatId;
  /** asciicast version 1, 2 or 3; absent for koko. */
  version?: number;
  terminal: TerminalInfo;
  /** The header's own `duration` (v1, v2), if it has one; the events decide the real duration. */
  declaredDurationMs?: number;
  /** asciicast v3 `tags`. */
  tags?: string[];
}

export interface ParserSink {
  /** Called exactly once, before the first event. */
  header(h: ParsedHeader): void;
  /** Events in non-decreasing time order, times absolute in ms (v3 intervals already summed). */
  event(e: TerminalEvent): void;
  warning(w: Warning): void;
}

export interface StreamParser {
  /** Feed the next bytes. Throws TrailviewError only for fatal problems (not a recording at all). */
  push(chunk: Uint8Array): void;
  /** No more input: flush what is buffered; a cut-off last line or document becomes a TRUNCATED warning. */
  end(): void;
}

/** Result of sniffing the first bytes of a (decompressed) stream. */
export type Detection =
  | { ok: true; format: FormatId; version?: number }
  | { ok: false; reason: string };
