/** Turning terminal events into sink operations, and finding step targets. Pure helpers. */
import type { TerminalChunk, TerminalEvent, TimeMs } from '../../../shared/model';
import type { OpsBuilder } from '../sink';

const RESIZE = /^\s*(\d+)\s*x\s*(\d+)\s*$/;

export function parseResize(data: string): { cols: number; rows: number } | null {
  const m = RESIZE.exec(data);
  if (!m) return null;
  const cols = Number(m[1]);
  const rows = Number(m[2]);
  return cols > 0 && rows > 0 && cols <= 2000 && rows <= 1000 ? { cols, rows } : null;
}

/** Output goes to the terminal, resizes resize it; input, markers and exit never reach the screen. */
export function addEvent(ops: OpsBuilder, ev: TerminalEvent): void {
  if (ev.code === 'o') {
    ops.write(ev.data);
  } else if (ev.code === 'r') {
    const size = parseResize(ev.data);
    if (size) ops.resize(size.cols, size.rows);
  }
}

/** Events that change what is on screen; stepping skips the rest. */
export function isVisible(ev: TerminalEvent): boolean {
  return ev.code === 'o' || ev.code === 'r';
}

/** Chunk boundaries for the clock: the chunk's start, every event time, its end; sorted. */
export function boundariesOf(c: TerminalChunk): number[] {
  const out = [c.keyframe.timeMs];
  for (const ev of c.events) out.push(ev.timeMs);
  out.push(c.endMs);
  for (let i = 1; i < out.length; i++) {
    if (out[i]! < out[i - 1]!) return out.sort((a, b) => a - b);
  }
  return out;
}

/** Number of events in `c` at or before `t`. */
export function countUpTo(c: TerminalChunk, t: TimeMs): number {
  let lo = 0;
  let hi = c.events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.events[mid]!.timeMs <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function nextVisibleIn(c: TerminalChunk, afterMs: TimeMs): TimeMs | null {
  for (let i = countUpTo(c, afterMs); i < c.events.length; i++) {
    const ev = c.events[i]!;
    if (isVisible(ev)) return ev.timeMs;
  }
  return null;
}

export function previousVisibleIn(c: TerminalChunk, beforeMs: TimeMs): TimeMs | null {
  for (let i = Math.min(countUpTo(c, beforeMs), c.events.length) - 1; i >= 0; i--) {
    const ev = c.events[i]!;
    if (ev.timeMs < beforeMs && isVisible(ev)) return ev.timeMs;
  }
  return null;
}

/** Output closer together than this belongs to one "frame" (a prompt drawn in several writes). */
const FRAME_GAP_MS = 250;
/** The first frame never reaches further than this past the first output. */
const FRAME_SPAN_MS = 2000;

/**
 * Where a freshly opened recording is shown: at the end of its first burst of output (a prompt, a
 * banner), rather than at 0 where nothing has been written yet. Like a video's first frame.
 */
export function firstFrameMs(c: TerminalChunk): TimeMs {
  const visible = c.events.filter(isVisible);
  const first = visible[0];
  if (!first) return 0;
  let t = first.timeMs;
  for (const ev of visible) {
    if (ev.timeMs - t > FRAME_GAP_MS || ev.timeMs - first.timeMs > FRAME_SPAN_MS) break;
    t = ev.timeMs;
  }
  return t;
}
