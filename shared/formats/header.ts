/**
 * Turns an asciicast header object (v1, v2 or v3) into a ParsedHeader. Optional fields with the wrong
 * type are left out rather than reported: they do not affect playback, and the file stays playable.
 */
import type { TerminalInfo, TerminalTheme } from '../model';
import type { ParsedHeader } from './types';

type Json = Record<string, unknown>;

export function isJsonObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The raw size fields: width/height in v1 and v2, term.cols/term.rows in v3. */
export function headerSize(h: Json, version: number): { cols: unknown; rows: unknown } {
  if (version === 3) {
    const term = isJsonObject(h.term) ? h.term : {};
    return { cols: term.cols, rows: term.rows };
  }
  return { cols: h.width, rows: h.height };
}

/** Builds the header; `cols`/`rows` have already been checked (or defaulted) by the caller. */
export function buildAsciicastHeader(h: Json, version: number, cols: number, rows: number): ParsedHeader {
  const terminal: TerminalInfo = { cols, rows };
  const term = version === 3 && isJsonObject(h.term) ? h.term : undefined;
  const title = nonEmptyString(h.title);
  if (title !== undefined) terminal.title = title;
  const command = nonEmptyString(h.command);
  if (command !== undefined) terminal.command = command;
  const env = stringMap(h.env);
  if (env) {
    terminal.env = env;
    if (env.SHELL) terminal.shell = env.SHELL;
  }
  const termType = nonEmptyString(term?.type) ?? env?.TERM;
  if (termType) terminal.termType = termType;
  const termVersion = nonEmptyString(term?.version);
  if (termVersion !== undefined) terminal.termVersion = termVersion;
  if (isFiniteNumber(h.timestamp) && h.timestamp > 0) terminal.startedAtEpochMs = Math.round(h.timestamp * 1000);
  if (isFiniteNumber(h.idle_time_limit) && h.idle_time_limit > 0) terminal.idleTimeLimitMs = h.idle_time_limit * 1000;
  const theme = readTheme(term ? term.theme : h.theme);
  if (theme) terminal.theme = theme;

  const header: ParsedHeader = { format: 'asciicast', version, terminal };
  if (isFiniteNumber(h.duration) && h.duration >= 0) header.declaredDurationMs = h.duration * 1000;
  if (Array.isArray(h.tags)) {
    const tags = h.tags.filter((t): t is string => typeof t === 'string');
    if (tags.length > 0) header.tags = tags;
  }
  return header;
}

const COLOR_RE = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

function readTheme(v: unknown): TerminalTheme | undefined {
  if (!isJsonObject(v)) return undefined;
  const theme: TerminalTheme = {};
  if (typeof v.fg === 'string' && COLOR_RE.test(v.fg)) theme.foreground = v.fg;
  if (typeof v.bg === 'string' && COLOR_RE.test(v.bg)) theme.background = v.bg;
  if (typeof v.palette === 'string') {
    const colors = v.palette.split(':').map((c) => c.trim());
    if ((colors.length === 8 || colors.length === 16) && colors.every((c) => COLOR_RE.test(c))) theme.palette = colors;
  }
  return Object.keys(theme).length > 0 ? theme : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isJsonObject(v)) return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, val] of Object.entries(v)) {
    // Recorders write null for unset variables; those carry no information.
    if (typeof val === 'string') {
      out[k] = val;
      any = true;
    }
  }
  return any ? out : undefined;
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
