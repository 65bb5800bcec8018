/**
 * Terminal clip -> asciicast (v2, or v3 on request) that plays on its own: the header has the size at
 * the in-point, the first "o" event (time 0) is a keyframe state (main/core/terminal/keyframe.ts: the
 * same code the player seeks with, covering what addon-serialize misses: charsets incl. DEC line drawing,
 * scroll region, saved cursor, origin mode ...) that rebuilds the screen exactly as it was at the
 * in-point, then every event up to the out-point with times rebased to 0 (output, input, markers,
 * resizes; exit codes in v3). A last empty "o" event at the out-point makes the clip's duration the range's.
 */
import type { TerminalChunk, TerminalEvent, TerminalSummary } from '../../../shared/model';
import { replay } from '../screen';
import { buildKeyframeState, restoreKeyframe } from '../terminal/keyframe';
import { createTerminal, isParserIdle, writeSync, type HeadlessTerminal } from '../terminal/xterm-internals';
import type { ClipContext, ClipRange } from './types';

const RESIZE_RE = /^\s*(\d{1,4})\s*x\s*(\d{1,4})\s*$/;

const toUs = (ms: number): number => Math.round(ms * 1000);
const seconds = (us: number): string => {
  const s = (us / 1e6).toFixed(6);
  return s.replace(/\.?0+$/, '') || '0';
};

export function castHeader(t: TerminalSummary['terminal'], cols: number, rows: number, version: 2 | 3, startEpochMs: number | undefined): Record<string, unknown> {
  const theme = t.theme && (t.theme.foreground || t.theme.background || t.theme.palette)
    ? { ...(t.theme.foreground ? { fg: t.theme.foreground } : {}), ...(t.theme.background ? { bg: t.theme.background } : {}), ...(t.theme.palette ? { palette: t.theme.palette.join(':') } : {}) }
    : undefined;
  const common: Record<string, unknown> = {};
  // asciinema's own parsers read `timestamp` as an integer number of seconds.
  if (startEpochMs !== undefined) common.timestamp = Math.floor(startEpochMs / 1000);
  if (t.idleTimeLimitMs !== undefined) common.idle_time_limit = t.idleTimeLimitMs / 1000;
  if (t.command !== undefined) common.command = t.command;
  if (t.title !== undefined) common.title = t.title;
  if (version === 2) {
    return { version: 2, width: cols, height: rows, ...common, ...(t.env ? { env: t.env } : {}), ...(theme ? { theme } : {}) };
  }
  const term: Record<string, unknown> = { cols, rows };
  if (t.termType !== undefined) term.type = t.termType;
  if (t.termVersion !== undefined) term.version = t.termVersion;
  if (theme) term.theme = theme;
  return { version: 3, term, ...common, ...(t.env ? { env: t.env } : {}) };
}

/** Applies output and resize events to a terminal (same rules as the player's replay). */
function apply(term: HeadlessTerminal, e: TerminalEvent): void {
  if (e.code === 'o') writeSync(term, e.data);
  else if (e.code === 'r') {
    const m = RESIZE_RE.exec(e.data);
    if (m && Number(m[1]) > 0 && Number(m[2]) > 0) term.resize(Number(m[1]), Number(m[2]));
  }
}

interface InPoint {
  cols: number;
  rows: number;
  state: string;
  /** Events at or before the in-point that come after the keyframe (an escape sequence split across events). */
  tail: TerminalEvent[];
}

/**
 * The terminal at the in-point as a keyframe. If the in-point falls inside an escape sequence split
 * across events, the keyframe is taken at the last event boundary where the parser was idle and the
 * events from there to the in-point are replayed at time 0.
 */
function inPoint(chunk: TerminalChunk, fromMs: number): InPoint {
  const upTo = chunk.events.filter((e) => e.timeMs <= fromMs);
  const kf = chunk.keyframe;
  let term = createTerminal(kf.cols, kf.rows, 1000);
  try {
    restoreKeyframe(term, kf);
    replay(term, upTo, fromMs);
    if (isParserIdle(term)) return { cols: term.cols, rows: term.rows, state: buildKeyframeState(term), tail: [] };
    term.dispose();
    term = createTerminal(kf.cols, kf.rows, 1000);
    restoreKeyframe(term, kf);
    // The chunk's keyframe itself was taken at an idle point (the indexer waits for one).
    let idleAfter = 0;
    for (const [i, e] of upTo.entries()) {
      apply(term, e);
      if (isParserIdle(term)) idleAfter = i + 1;
    }
    term.dispose();
    term = createTerminal(kf.cols, kf.rows, 1000);
    restoreKeyframe(term, kf);
    for (const e of upTo.slice(0, idleAfter)) apply(term, e);
    return { cols: term.cols, rows: term.rows, state: buildKeyframeState(term), tail: upTo.slice(idleAfter).filter((e) => e.code === 'o' || e.code === 'r') };
  } finally {
    term.dispose();
  }
}

/** Writes the clip's lines through `write`; resolves with the number of events written. */
export async function writeCastClip(ctx: ClipContext, range: ClipRange, version: 2 | 3, write: (text: string) => Promise<void>): Promise<number> {
  const summary = ctx.summary as TerminalSummary;
  const first = (await ctx.session.chunk({ atMs: range.fromMs })) as TerminalChunk;
  const at = inPoint(first, range.fromMs);
  const startEpochMs = ctx.wallClockStartMs === undefined ? undefined : ctx.wallClockStartMs + range.fromMs;
  await write(`${JSON.stringify(castHeader(summary.terminal, at.cols, at.rows, version, startEpochMs))}\n`);

  const fromUs = toUs(range.fromMs);
  const toUsEnd = toUs(range.toMs);
  let lastUs = 0;
  let count = 0;
  let lines: string[] = [];
  const event = (us: number, code: string, data: string): void => {
    const time = version === 2 ? seconds(us) : seconds(us - lastUs);
    lines.push(`[${time}, ${JSON.stringify(code)}, ${JSON.stringify(data)}]\n`);
    lastUs = us;
    count++;
  };
  event(0, 'o', at.state);
  for (const e of at.tail) event(0, e.code, e.data);

  let chunk: TerminalChunk = first;
  for (;;) {
    ctx.signal.throwIfAborted();
    for (const e of chunk.events) {
      const us = toUs(e.timeMs);
      if (us > toUsEnd) break;
      // Output and resizes at the in-point are in the keyframe; input, markers and exits there are kept.
      if (us < fromUs || (us === fromUs && (e.code === 'o' || e.code === 'r'))) continue;
      if (e.code === 'x' && version === 2) continue;
      event(us - fromUs, e.code, e.data);
    }
    await write(lines.join(''));
    lines = [];
    const lastMs = chunk.events.length > 0 ? chunk.events[chunk.events.length - 1]!.timeMs : chunk.endMs;
    ctx.progress(Math.min(1, (lastMs - range.fromMs) / Math.max(1, range.toMs - range.fromMs)));
    if (chunk.last || toUs(chunk.endMs) > toUsEnd) break;
    chunk = (await ctx.session.chunk({ chunkIndex: chunk.chunkIndex + 1 })) as TerminalChunk;
  }
  if (lastUs < toUsEnd - fromUs) event(toUsEnd - fromUs, 'o', '');
  await write(lines.join(''));
  return count;
}
