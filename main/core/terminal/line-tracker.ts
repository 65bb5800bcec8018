/**
 * Decides which lines of the emulated screen go into the text index, and when each was on screen.
 *
 * Per screen row of each buffer we keep the time the row last changed, whether it changed since it was
 * last indexed, and a key of the text indexed for it (length + 64-bit hash, for dedupe); the emulator's
 * hooks move these along when
 * xterm moves lines (scroll, SU/SD, IL/DL, RI). A line is indexed when it leaves the screen (scrolls
 * away, is deleted or erased, the screen switches or resizes) and at regular scans, where the cursor's
 * row is skipped because it may still be typed on. Soft-wrapped rows are joined into one line, so a word
 * split by the wrap is still found. Unchanged rows are never converted to text again: that keeps the
 * per-line cost at one conversion.
 */
import { hashCodes, hasVisibleBytes, hasVisibleText, PendingLines, type EmittedLine, type LineSink } from './pending-lines';
import { lineLatin1, lineText, type Buffer } from './xterm-internals';

export type { EmittedLine, LineSink } from './pending-lines';

/** Key length of rows that belong to a wrapped line indexed from the row above. */
const CONTINUATION = -1;
const EMPTY_KEY = new Int32Array(2);
hashCodes('', 0, 0, EMPTY_KEY);

/**
 * Per-row arrays, stored as a ring: screen row r lives in slot (off + r) % rows, so the common scroll
 * of the whole screen is a rotation instead of a copy.
 */
interface RowState {
  off: number;
  times: Float64Array;
  changed: Uint8Array;
  /** Dedupe key of the text indexed for the row: its length (or CONTINUATION) and two hashes. */
  keyLen: Int32Array;
  keyH1: Int32Array;
  keyH2: Int32Array;
}

export class LineTracker {
  private states = new Map<Buffer, RowState>();
  private readonly pending = new PendingLines();
  private readonly hash = new Int32Array(2);
  /** Time attributed to rows changed by the output being written now. */
  nowMs = 0;

  constructor(private rows: number) {}

  private lastBuf: Buffer | undefined;
  private lastState: RowState | undefined;

  private state(buf: Buffer): RowState {
    if (buf === this.lastBuf && this.lastState) return this.lastState;
    let s = this.states.get(buf);
    if (!s) {
      const rows = this.rows;
      s = { off: 0, times: new Float64Array(rows).fill(this.nowMs), changed: new Uint8Array(rows), keyLen: new Int32Array(rows), keyH1: new Int32Array(rows).fill(EMPTY_KEY[0]!), keyH2: new Int32Array(rows).fill(EMPTY_KEY[1]!) };
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
    this.scanRows(buf, top, lastStart, skipRow, joinBottom, emit, true);
  }

  /**
   * scan(), where `keepKeys` false means the rows are leaving the screen (scrolled out, their slots blanked
   * right after): their dedupe keys are never read again, so a line is hashed only when its length says
   * it may be the text indexed for the row last.
   */
  private scanRows(buf: Buffer, top: number, lastStart: number, skipRow: number, joinBottom: number, emit: boolean, keepKeys: boolean): void {
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
      const isContinuation = line.isWrapped && s.keyLen[first] === CONTINUATION;
      if (!changed || isContinuation || (skipRow >= row && skipRow <= end)) {
        row = end + 1;
        continue;
      }
      let timeMs = s.times[first]!;
      for (let r = row + 1; r <= end; r++) timeMs = Math.max(timeMs, s.times[this.slot(s, r)]!);
      this.takeLine(buf, s, first, row, end, timeMs, emit, keepKeys);
      for (let r = row + 1; r <= end; r++) s.keyLen[this.slot(s, r)] = CONTINUATION;
      for (let r = row; r <= end; r++) s.changed[this.slot(s, r)] = 0;
      row = end + 1;
    }
  }

  /**
   * Reads the line on rows [row, end] (soft-wrapped rows joined) into the pending lines unless it is
   * what was indexed for the row last (or blank, or `emit` is off), and makes it the row's key (unless
   * `keepKey` is off: the row is leaving the screen and its key is blanked next).
   */
  private takeLine(buf: Buffer, s: RowState, first: number, row: number, end: number, timeMs: number, emit: boolean, keepKey: boolean): void {
    const p = this.pending;
    const base = buf.ybase;
    const start = p.used;
    let room = 0;
    for (let r = row; r <= end; r++) room += buf.lines.get(base + r)!.length;
    p.reserve(room);
    let at = start;
    for (let r = row; r <= end && at >= 0; r++) at = lineLatin1(buf.lines.get(base + r)!, r === end, p.bytes, at);
    let text: string | undefined;
    let length: number;
    if (at >= 0) {
      length = at - start;
    } else {
      // Not Latin-1 or not one column per character: the general (string) path.
      text = '';
      for (let r = row; r <= end; r++) text += lineText(buf.lines.get(base + r)!, r === end);
      length = text.length;
    }
    // A key of another length cannot be the same text; one that is never read again need not be made.
    const hashed = keepKey || s.keyLen[first] === length;
    if (hashed) {
      if (text === undefined) hashCodes(p.bytes, start, at, this.hash);
      else hashCodes(text, 0, length, this.hash);
    }
    const h1 = this.hash[0]!;
    const h2 = this.hash[1]!;
    const same = hashed && s.keyLen[first] === length && s.keyH1[first] === h1 && s.keyH2[first] === h2;
    if (!same && emit) {
      if (text === undefined) {
        if (hasVisibleBytes(p.bytes, start, at)) p.keepBytes(at, timeMs);
      } else if (hasVisibleText(text)) {
        p.keepText(text, timeMs);
      }
    }
    if (!keepKey) return;
    s.keyLen[first] = length;
    s.keyH1[first] = h1;
    s.keyH2[first] = h2;
  }

  /** Rows [top, top+n) leave the region [top, bottom]; the rest move up, blank rows come in below. */
  scrollUp(buf: Buffer, top: number, bottom: number, n: number): void {
    n = Math.min(n, bottom - top + 1);
    if (n <= 0) return;
    this.scanRows(buf, top, top + n - 1, -1, bottom, true, false);
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
    this.scanRows(buf, bottom - n + 1, bottom, -1, bottom, true, false);
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
    s.keyLen[b] = s.keyLen[a]!;
    s.keyH1[b] = s.keyH1[a]!;
    s.keyH2[b] = s.keyH2[a]!;
  }

  private blank(s: RowState, from: number, to: number): void {
    for (let r = from; r <= to; r++) {
      const i = this.slot(s, r);
      s.times[i] = this.nowMs;
      s.changed[i] = 0;
      s.keyLen[i] = 0;
      s.keyH1[i] = EMPTY_KEY[0]!;
      s.keyH2[i] = EMPTY_KEY[1]!;
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

  /**
   * What decides the lines this tracker emits from now on, row by row in screen order: changed flag,
   * dedupe key and time. A row indexed as blank and unchanged since keeps no time that matters (the
   * next print on it sets one), so two trackers that reached the same screen differently still match.
   */
  signature(buffers: Buffer[]): string {
    let out = `${this.rows};${this.pending.count}`;
    for (const buf of buffers) {
      const s = this.states.get(buf);
      if (!s) {
        out += '|-';
        continue;
      }
      out += '|';
      for (let r = 0; r < this.rows; r++) {
        const i = this.slot(s, r);
        const timeMatters = s.keyLen[i] !== 0 || s.changed[i] !== 0;
        out += `${s.changed[i]},${s.keyLen[i]},${s.keyH1[i]},${s.keyH2[i]},${timeMatters ? s.times[i] : ''};`;
      }
    }
    return out;
  }

  /** Lines found since the last flush, sorted by time (stable: equal times keep screen order). */
  flush(): EmittedLine[] {
    return this.pending.take();
  }

  /** The same, straight into `sink` (the text index): Latin-1 lines never become strings here. */
  flushInto(sink: LineSink): void {
    this.pending.flushInto(sink);
  }
}
