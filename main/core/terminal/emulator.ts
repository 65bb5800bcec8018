/**
 * The indexing terminal: a headless xterm fed synchronously, with hooks that tell the LineTracker when
 * lines leave the screen. Parser hooks return false so xterm's own handler still runs after ours (we
 * observe the screen just before the operation changes it).
 */
import { printAsciiRun } from './fast-print';
import { buildKeyframeState } from './keyframe';
import { LineTracker, type EmittedLine, type LineSink } from './line-tracker';
import { coreOf, createTerminal, isParserIdle, type Buffer, type CoreTerminal, type HeadlessTerminal } from './xterm-internals';

type Params = (number | number[])[];

const first = (params: Params, fallback: number): number => {
  const p = params[0];
  const v = Array.isArray(p) ? p[0] : p;
  return v && v > 0 ? v : fallback;
};

const ALT_MODES = new Set([47, 1047, 1049]);

export class Emulator {
  readonly term: HeadlessTerminal;
  private readonly core: CoreTerminal;
  private readonly tracker: LineTracker | undefined;
  private inPrint = false;
  private printStartRow = 0;
  private printScrolls = 0;
  /** watchSavedCursor: the buffers whose cursor this terminal saved itself (DECSC, CSI s, 1048h, 1049h). */
  private readonly savedHere = new Set<Buffer>();
  private restoredInherited = false;

  /**
   * `watchSavedCursor`: this terminal started in the middle of a recording (split indexing's tail), so
   * a saved cursor it did not save itself is unknown: note when one is restored (see split.ts).
   */
  constructor(cols: number, rows: number, opts: { trackLines?: boolean; watchSavedCursor?: boolean } = {}) {
    this.term = createTerminal(cols, rows, opts.trackLines ? 200 : 1000);
    this.core = coreOf(this.term);
    if (opts.trackLines) {
      this.tracker = new LineTracker(rows);
      this.installHooks(this.tracker);
    }
    if (opts.watchSavedCursor) this.watchSavedCursor();
  }

  private watchSavedCursor(): void {
    const ih = this.core._inputHandler;
    const save = ih.saveCursor.bind(ih);
    const restore = ih.restoreCursor.bind(ih);
    ih.saveCursor = (params) => {
      this.savedHere.add(ih._activeBuffer);
      return save(params);
    };
    ih.restoreCursor = (params) => {
      if (!this.savedHere.has(ih._activeBuffer)) this.restoredInherited = true;
      return restore(params);
    };
  }

  /** Buffers whose saved cursor this terminal did not set (watchSavedCursor only). */
  unsavedBuffers(): { normal: boolean; alt: boolean } {
    const { normal, alt } = this.core._bufferService.buffers;
    return { normal: !this.savedHere.has(normal), alt: !this.savedHere.has(alt) };
  }

  /** Whether a saved cursor this terminal did not set was restored since the last call. */
  takeRestoredInherited(): boolean {
    const was = this.restoredInherited;
    this.restoredInherited = false;
    return was;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  private get active(): Buffer {
    return this.core._bufferService.buffers.active;
  }

  /** Write output that happened at `timeMs` (rows it changes get that time). */
  write(data: string, timeMs = 0): void {
    if (!data) return;
    if (!this.tracker) {
      this.core._writeBuffer.writeSync(data);
      return;
    }
    this.tracker.nowMs = timeMs;
    this.core._writeBuffer.writeSync(data);
    // xterm's own record of the rows this write may have changed (for its renderer). It is coarse (a
    // scroll marks the whole screen), so it only makes rows be looked at again; times come from the
    // print and edit hooks, which know the exact row.
    const dirty = this.core._inputHandler._dirtyRowTracker;
    this.tracker.markChanged(this.active, dirty.start, dirty.end);
  }

  resize(cols: number, rows: number, timeMs = 0): void {
    if (cols === this.cols && rows === this.rows) return;
    if (this.tracker) {
      this.tracker.nowMs = timeMs;
      this.tracker.scan(this.active);
    }
    this.term.resize(cols, rows);
    const { normal, alt, active } = this.core._bufferService.buffers;
    this.tracker?.afterResize(active === alt ? [normal, alt] : [normal], this.rows);
  }

  /** Index complete lines on screen (the cursor's row may still change, so it waits) or all of them. */
  scan(timeMs: number, includeCursorRow = false): void {
    if (!this.tracker) return;
    this.tracker.nowMs = timeMs;
    const buf = this.active;
    this.tracker.scan(buf, 0, this.rows - 1, includeCursorRow ? -1 : buf.y);
  }

  /** Lines found since the last call, sorted by time. */
  takeLines(): EmittedLine[] {
    return this.tracker?.flush() ?? [];
  }

  /** The same, handed to `sink` (the text index) without making strings of Latin-1 lines. */
  takeLinesInto(sink: LineSink): void {
    this.tracker?.flushInto(sink);
  }

  isIdle(): boolean {
    return isParserIdle(this.term);
  }

  keyframeState(): string {
    return buildKeyframeState(this.term);
  }

  /**
   * The whole state that decides what this terminal and its line tracker make of later output: the
   * keyframe with all of the scrollback, and the tracker's rows. Two emulators with equal signatures
   * index the rest of a recording identically (split indexing relies on it).
   */
  convergenceSignature(omitSaved: { normal: boolean; alt: boolean }): string {
    const { normal, alt, active } = this.core._bufferService.buffers;
    const tracked = this.tracker?.signature(active === alt ? [normal, alt] : [normal]) ?? '';
    const omitSavedCursor = [...(omitSaved.normal ? [normal] : []), ...(omitSaved.alt ? [alt] : [])];
    return `${buildKeyframeState(this.term, { scrollbackLines: Number.MAX_SAFE_INTEGER, omitSavedCursor })}\0${isParserIdle(this.term) ? 1 : 0}\0${tracked}`;
  }

  dispose(): void {
    this.term.dispose();
  }

  private installHooks(tracker: LineTracker): void {
    const ih = this.core._inputHandler;
    const bs = this.core._bufferService;
    // Rows printed on get the current time, exactly (the dirty range would also catch rows the cursor
    // merely crossed, and give lines about to be wiped a time when they are already gone).
    const print = ih.print.bind(ih);
    const core = this.core;
    ih.print = (data, start, end) => {
      const buf = ih._activeBuffer;
      this.inPrint = true;
      this.printStartRow = buf.y;
      this.printScrolls = 0;
      const from = printAsciiRun(core, data, start, end);
      if (from < end) print(data, from, end);
      this.inPrint = false;
      tracker.touch(buf, this.printStartRow - this.printScrolls, buf.y);
    };
    const scroll = bs.scroll.bind(bs);
    bs.scroll = (eraseAttr, isWrapped) => {
      const buf = bs.buffer;
      if (this.inPrint) {
        // Rows this print already filled are complete now: they may leave the screen right away.
        tracker.touch(buf, Math.max(buf.scrollTop, this.printStartRow - this.printScrolls), buf.y);
        this.printScrolls++;
      }
      tracker.scrollUp(buf, buf.scrollTop, buf.scrollBottom, 1);
      scroll(eraseAttr, isWrapped);
    };

    const parser = this.term.parser;
    parser.registerCsiHandler({ final: 'J' }, (params) => {
      const buf = this.active;
      const mode = first(params, 0);
      if (mode === 2 || mode === 3) tracker.beforeClear(buf);
      // ED 0/1 erase part of the cursor's row only: what is left of it stays and is indexed later.
      else if (mode === 0) tracker.scan(buf, buf.y + 1, this.rows - 1);
      else if (mode === 1) tracker.scan(buf, 0, buf.y - 1, -1, buf.y - 1);
      return false;
    });
    parser.registerEscHandler({ final: 'c' }, () => {
      tracker.beforeClear(this.active);
      return false;
    });
    const altSwitch = (params: Params, on: boolean): boolean => {
      if (!params.some((p) => ALT_MODES.has(Array.isArray(p) ? (p[0] ?? 0) : p))) return false;
      const { alt, active } = this.core._bufferService.buffers;
      if (on === (active === alt)) return false;
      // The screen we leave: index all of it (the normal one stays, the alternate one is discarded).
      if (on) {
        tracker.scan(active);
        tracker.reset(alt);
      } else {
        tracker.beforeClear(alt);
      }
      return false;
    };
    parser.registerCsiHandler({ prefix: '?', final: 'h' }, (params) => altSwitch(params, true));
    parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) => altSwitch(params, false));
    // Lines moved or pushed out of the scroll region by SU, SD, DL, IL and RI.
    const inRegion = (buf: Buffer): boolean => buf.y >= buf.scrollTop && buf.y <= buf.scrollBottom;
    parser.registerCsiHandler({ final: 'S' }, (params) => {
      const buf = this.active;
      tracker.scrollUp(buf, buf.scrollTop, buf.scrollBottom, first(params, 1));
      return false;
    });
    parser.registerCsiHandler({ final: 'T' }, (params) => {
      const buf = this.active;
      if (params.length <= 1) tracker.scrollDown(buf, buf.scrollTop, buf.scrollBottom, first(params, 1));
      return false;
    });
    parser.registerCsiHandler({ final: 'M' }, (params) => {
      const buf = this.active;
      if (inRegion(buf)) tracker.scrollUp(buf, buf.y, buf.scrollBottom, first(params, 1));
      return false;
    });
    parser.registerCsiHandler({ final: 'L' }, (params) => {
      const buf = this.active;
      if (inRegion(buf)) tracker.scrollDown(buf, buf.y, buf.scrollBottom, first(params, 1));
      return false;
    });
    parser.registerEscHandler({ final: 'M' }, () => {
      const buf = this.active;
      if (buf.y === buf.scrollTop) tracker.scrollDown(buf, buf.scrollTop, buf.scrollBottom, 1);
      return false;
    });
  }
}
