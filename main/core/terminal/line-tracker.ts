/**
 * Decides which lines of the emulated screen go into the text index, and when each was on screen.
 *
 * Per screen row of each buffer we keep the time the row last changed, whether it changed since it was
 * last indexed, and the text indexed for it (the dedupe key); the emulator's hooks move these along when
 * xterm moves lines (scroll, SU/SD, IL/DL, RI). A line is indexed when it leaves the screen (scrolls
 * away, is deleted or erased, the screen switches or resizes) and at regular scans, where the cursor's
 * row is skipped because it may still be typed on. Soft-wrapped rows are joined into one line, so a word
 * split by the wrap is still found. Unchanged rows are never converted to text again: that keeps the
 * per-line cost at one conversion.
 */
import { lineText, type Buffer } from './xterm-internals';

/** Dedupe key of rows that belong to a wrapped line indexed from the row above. */
const CONTINUATION = '\u0000';

export interface EmittedLine {
  text: string;
  timeMs: number;
}

/**
 * Per-row arrays, stored as a ring: screen row r lives in slot (off + r) % rows, so the common scroll
 * of the whole screen is a rotation instead of a copy.
 */
interface RowState {
  off: number;
  times: Float64Array;
  changed: Uint8Array;
  indexed: string[];
}

function hasVisibleText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xa0) return true;
  }
  return false;
}

export class LineTracker {
  private states = new Map<Buffer, RowState>();
  private pending: EmittedLine[] = [];
  /** Time attributed to rows changed by the output being written now. */
  nowMs = 0;

  constructor(private rows: number) {}

  private lastBuf: Buffer | undefined;
  private lastState: RowState | undefined;

  private state(buf: Buffer): RowState {
    if (buf === this.lastBuf && this.lastState) return this.lastState;
    let s = this.states.get(buf);
    if (!s) {
      s = { off: 0, times: new Float64Array(this.rows).fill(this.nowMs), changed: new Uint8Array(this.rows), indexed: new Array<string>(this.rows).fill('') };
      this.states.set(buf, s);
    }
    this.lastBuf = buf;
    this.lastState = s;
    return s;
  }

  private slot(s: RowState, row: number): number {
    const i = s.off + row;
    return i >= this.rows ? i - this.rows : i;
  }

  touch(buf: Buffer, from: number, to: number): void {
    const s = this.state(buf);
    const hi = Math.min(this.rows - 1, to);
    for (let r = Math.max(0, from); r <= hi; r++) {
      const i = this.slot(s, r);
      s.times[i] = this.nowMs;
      s.changed[i] = 1;
    }
  }

  /** Rows that may have changed (xterm's coarse dirty range): looked at again, their time kept. */
  markChanged(buf: Buffer, from: number, to: number): void {
    const s = this.state(buf);
    const hi = Math.min(this.rows - 1, to);
    for (let r = Math.max(0, from); r <= hi; r++) s.changed[this.slot(s, r)] = 1;
  }

  /**
   * Index the lines starting on `buf`'s rows [top, lastStart] that changed since they were indexed (a
   * line may continue below lastStart, down to joinBottom). `skipRow` (the cursor's row) is left out.
   * With `emit` false only the dedupe keys are set (the lines were indexed before).
   */
  scan(buf: Buffer, top = 0, lastStart = this.rows - 1, skipRow = -1, joinBottom = this.rows - 1, emit = true): void {
    const s = this.state(buf);
    const base = buf.ybase;
    for (let row = Math.max(0, top); row <= lastStart; ) {
      const line = buf.lines.get(base + row);
      if (!line) break;
      let end = row;
      const first = this.slot(s, row);
      let changed = s.changed[first]!;
      while (end < joinBottom && buf.lines.get(base + end + 1)?.isWrapped) {
        end++;
        changed |= s.changed[this.slot(s, end)]!;
      }
      const isContinuation = line.isWrapped && s.indexed[first] === CONTINUATION;
      if (!changed || isContinuation || (skipRow >= row && skipRow <= end)) {
        row = end + 1;
        continue;
      }
      let text: string;
      let timeMs = s.times[first]!;
      if (end === row) {
        text = lineText(line, true);
      } else {
        text = '';
        for (let r = row; r <= end; r++) {
          text += lineText(buf.lines.get(base + r)!, r === end);
          timeMs = Math.max(timeMs, s.times[this.slot(s, r)]!);
        }
      }
      if (s.indexed[first] !== text && emit && hasVisibleText(text)) this.pending.push({ text, timeMs });
      for (let r = row; r <= end; r++) {
        const i = this.slot(s, r);
        s.changed[i] = 0;
        s.indexed[i] = CONTINUATION;
      }
      s.indexed[first] = text;
      row = end + 1;
    }
  }

  /** Rows [top, top+n) leave the region [top, bottom]; the rest move up, blank rows come in below. */
  scrollUp(buf: Buffer, top: number, bottom: number, n: number): void {
    n = Math.min(n, bottom - top + 1);
    if (n <= 0) return;
    this.scan(buf, top, top + n - 1, -1, bottom);
    const s = this.state(buf);
    if (top === 0 && bottom === this.rows - 1) {
      s.off = this.slot(s, n % this.rows);
    } else {
      for (let r = top; r + n <= bottom; r++) this.copyRow(s, r + n, r);
    }
    this.blank(s, bottom - n + 1, bottom);
  }

  /** Rows (bottom-n, bottom] leave the region; rows from `top` move down, blank rows come in at `top`. */
  scrollDown(buf: Buffer, top: number, bottom: number, n: number): void {
    n = Math.min(n, bottom - top + 1);
    if (n <= 0) return;
    this.scan(buf, bottom - n + 1, bottom, -1, bottom);
    const s = this.state(buf);
    if (top === 0 && bottom === this.rows - 1) {
      s.off = this.slot(s, this.rows - (n % this.rows));
    } else {
      for (let r = bottom; r - n >= top; r--) this.copyRow(s, r - n, r);
    }
    this.blank(s, top, top + n - 1);
  }

  private copyRow(s: RowState, from: number, to: number): void {
    const a = this.slot(s, from);
    const b = this.slot(s, to);
    s.times[b] = s.times[a]!;
    s.changed[b] = s.changed[a]!;
    s.indexed[b] = s.indexed[a]!;
  }

  private blank(s: RowState, from: number, to: number): void {
    for (let r = from; r <= to; r++) {
      const i = this.slot(s, r);
      s.times[i] = this.nowMs;
      s.changed[i] = 0;
      s.indexed[i] = '';
    }
  }

  /** The screen is about to be cleared or replaced: index everything (the cursor row too). */
  beforeClear(buf: Buffer): void {
    this.scan(buf);
    this.reset(buf);
  }

  /** `buf` is being emptied: forget what was indexed on it. */
  reset(buf: Buffer): void {
    this.blank(this.state(buf), 0, this.rows - 1);
  }

  /** After a resize reflowed the screen: what is visible now was indexed just before; keep it so. */
  afterResize(buffers: Buffer[], rows: number): void {
    this.rows = rows;
    this.states.clear();
    this.lastBuf = undefined;
    for (const buf of buffers) {
      const s = this.state(buf);
      s.changed.fill(1);
      this.scan(buf, 0, rows - 1, -1, rows - 1, false);
    }
  }

  /** Lines found since the last flush, sorted by time (stable: equal times keep screen order). */
  flush(): EmittedLine[] {
    const out = this.pending;
    this.pending = [];
    for (let i = 1; i < out.length; i++) {
      if (out[i]!.timeMs < out[i - 1]!.timeMs) {
        return out.map((l, k) => ({ l, k })).sort((a, b) => a.l.timeMs - b.l.timeMs || a.k - b.k).map((x) => x.l);
      }
    }
    return out;
  }
}
