/**
 * The TerminalSink backed by xterm.js (DOM renderer). The grid size always comes from the recording;
 * fitting only scales the font.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { SearchHit, TerminalTheme } from '../../../shared/model';
import type { FitMode } from '../engine';
import { actualFontSize, fitFontSize, onActualFontSize, overflows } from '../fit';
import { locateHit } from '../highlight';
import type { SinkOp, TerminalSink } from '../sink';
import { xtermTheme } from '../xterm-theme';
import { warmUpXterm, whenIdle } from './xterm-warm-up';

const FONT_FAMILY = 'ui-monospace, "SF Mono", "Cascadia Mono", "Segoe UI Mono", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';
/**
 * Kept lines above the screen: keyframes carry ~100, playback adds more. Kept modest on purpose: once
 * the scrollback is full xterm recycles lines instead of allocating them, which keeps a 64 KiB restore
 * from producing a burst of garbage (seek p95 in Node: 38 ms at 5000 lines, 12 ms at 1000).
 */
const SCROLLBACK_LINES = 1000;
/** When no animation frame comes (hidden window), a seek still settles after this long. */
const PAINT_FALLBACK_MS = 100;
/** Breathing room around the grid inside the stage, px. */
const STAGE_PADDING_PX = 8;

interface CellDims {
  width: number;
  height: number;
}

export class XtermSink implements TerminalSink {
  readonly term: Terminal;
  private readonly stage: HTMLElement;
  private readonly host: HTMLElement;
  private mode: FitMode = 'fit';
  private readonly observer: ResizeObserver | null;
  private fitQueued = 0;
  /** Writes handed to xterm and not parsed yet, and their size. */
  private pending = 0;
  private pendingChars = 0;
  private readonly unsubscribeFont: () => void;
  private readonly cancelWarmUp: () => void;

  constructor(stage: HTMLElement) {
    this.stage = stage;
    this.host = document.createElement('div');
    this.host.className = 'xterm-host';
    stage.appendChild(this.host);
    this.term = new Terminal({
      cols: 80,
      rows: 24,
      disableStdin: true,
      cursorBlink: false,
      cursorInactiveStyle: 'outline',
      scrollback: SCROLLBACK_LINES,
      fontFamily: FONT_FAMILY,
      fontSize: actualFontSize(),
      lineHeight: 1,
      allowProposedApi: false,
      // The sync restore path uses an API xterm warns about once; its warnings are not for users.
      logLevel: 'error',
      // Recordings are evidence: never turn text into clickable links.
      linkHandler: null,
    });
    // Keys belong to the player (global shortcuts); xterm must not swallow them. Returning false also
    // leaves Ctrl/Cmd+C to the browser, whose copy event xterm answers with its selection.
    this.term.attachCustomKeyEventHandler(() => false);
    this.term.open(this.host);
    this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.queueFit()) : null;
    this.observer?.observe(stage);
    this.unsubscribeFont = onActualFontSize(() => this.queueFit());
    this.cancelWarmUp = whenIdle(() => warmUpXterm(SCROLLBACK_LINES));
  }

  restore(cols: number, rows: number, ops: SinkOp[], done: () => void): void {
    const reset = (): void => {
      this.term.reset();
      this.resizeTo(cols, rows);
    };
    const writeSync = this.syncWriter();
    if (this.pending === 0 && writeSync) {
      // The seek hot path: nothing queued, so parse the whole restore now, in one go. The async path
      // yields every 12 ms and lets a full DOM render run in between, which doubles a seek's latency.
      this.withViewportPaused(() => {
        reset();
        this.runNow(ops, writeSync);
      });
      this.forgetSelection();
      done();
      return;
    }
    // Out-of-band calls are queued behind earlier writes via empty writes, so order is preserved.
    this.write('', reset);
    this.apply(ops, () => {
      this.forgetSelection();
      done();
    });
  }

  apply(ops: SinkOp[], done?: () => void): void {
    const writeSync = this.syncWriter();
    if (this.pending === 0 && writeSync) {
      this.withViewportPaused(() => this.runNow(ops, writeSync));
      done?.();
      return;
    }
    for (const op of ops) {
      if (op.kind === 'write') this.write(op.data);
      else this.write('', () => this.resizeTo(op.cols, op.rows));
    }
    if (done) this.write('', done);
  }

  afterPaint(cb: () => void): void {
    // xterm asked for its render frame while parsing; a frame requested now runs after it. Hidden
    // windows get no frames, hence the timer.
    let called = false;
    const once = (): void => {
      if (called) return;
      called = true;
      clearTimeout(timer);
      cb();
    };
    const timer = setTimeout(once, PAINT_FALLBACK_MS);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  }

  backlogChars(): number {
    return this.pendingChars;
  }

  fit(mode: FitMode): void {
    this.mode = mode;
    this.stage.dataset.fit = mode;
    this.applyFit();
  }

  setTheme(rec: TerminalTheme | undefined, dark: boolean): void {
    const theme = xtermTheme(rec, dark);
    this.term.options.theme = theme;
    this.stage.style.setProperty('--terminal-bg', theme.background ?? '');
  }

  highlight(hit: SearchHit): boolean {
    const buf = this.term.buffer.active;
    const at = locateHit(buf, this.term.rows, this.term.cols, hit);
    if (!at) return false;
    if (at.row < buf.viewportY || at.row >= buf.viewportY + this.term.rows) {
      this.term.scrollToLine(Math.max(0, at.row - Math.floor(this.term.rows / 2)));
    }
    this.term.select(at.col, at.row, at.lengthCells);
    return true;
  }

  selectionText(): string {
    return this.term.hasSelection() ? this.term.getSelection() : '';
  }

  dispose(): void {
    this.cancelWarmUp();
    this.unsubscribeFont();
    this.observer?.disconnect();
    cancelAnimationFrame(this.fitQueued);
    this.term.dispose();
    this.host.remove();
  }

  private write(data: string, cb?: () => void): void {
    this.pending++;
    this.pendingChars += data.length;
    this.term.write(data, () => {
      this.pending--;
      this.pendingChars -= data.length;
      cb?.();
    });
  }

  private resizeTo(cols: number, rows: number): void {
    if (this.term.cols === cols && this.term.rows === rows) return;
    this.term.resize(cols, rows);
    if (!this.term.hasSelection()) this.forgetSelection();
    this.queueFit();
  }

  /**
   * Clears the selection for good. xterm's DOM renderer keeps the last drawn selection when a selection
   * is cleared and draws it again on the next resize or font change (so a search hit from another
   * recording reappeared after switching). A zero-length selection replaces that remembered range.
   */
  private forgetSelection(): void {
    this.term.select(0, 0, 0);
  }

  private runNow(ops: SinkOp[], writeSync: (data: string) => void): void {
    for (const op of ops) {
      if (op.kind === 'write') writeSync(op.data);
      else this.resizeTo(op.cols, op.rows);
    }
  }

  /**
   * xterm's viewport re-measures its scroll area on every line that scrolls (a DOM update per line):
   * two thirds of a 64 KiB restore. Batched writes only need it once, at the end. Private API again,
   * feature-detected; without it the writes just run unbatched.
   */
  private withViewportPaused(fn: () => void): void {
    const viewport = (this.term as unknown as { _core?: { _viewport?: { _sync?: () => void } } })._core?._viewport;
    if (!viewport || typeof viewport._sync !== 'function' || Object.prototype.hasOwnProperty.call(viewport, '_sync')) {
      fn();
      return;
    }
    const resync = (): void => viewport._sync?.();
    viewport._sync = () => undefined; // shadows the prototype's method for the duration
    try {
      fn();
    } finally {
      delete viewport._sync;
      resync();
    }
  }

  /**
   * xterm's synchronous parse entry (private, deprecated upstream, but safe here: no async parser
   * handlers are registered). Feature-detected: without it, restores use the queued async path.
   */
  private syncWriter(): ((data: string) => void) | null {
    const core = (this.term as unknown as { _core?: { writeSync?: (data: string) => void } })._core;
    return typeof core?.writeSync === 'function' ? (data) => core.writeSync!(data) : null;
  }

  private queueFit(): void {
    if (typeof requestAnimationFrame !== 'function') return;
    cancelAnimationFrame(this.fitQueued);
    this.fitQueued = requestAnimationFrame(() => this.applyFit());
  }

  private applyFit(): void {
    if (this.mode === 'actual') {
      if (this.term.options.fontSize !== actualFontSize()) this.term.options.fontSize = actualFontSize();
      return;
    }
    const avail = { w: this.stage.clientWidth - 2 * STAGE_PADDING_PX, h: this.stage.clientHeight - 2 * STAGE_PADDING_PX };
    // Measuring is proportional but not exact (rounding to device pixels): correct downwards a few times.
    for (let attempt = 0; attempt < 4; attempt++) {
      const cell = this.cell();
      if (!cell) return;
      const input = {
        availWidthPx: avail.w,
        availHeightPx: avail.h,
        cols: this.term.cols,
        rows: this.term.rows,
        cellWidthPx: cell.width,
        cellHeightPx: cell.height,
        fontPx: this.term.options.fontSize ?? actualFontSize(),
      };
      const next = attempt === 0 ? fitFontSize(input) : overflows(input) ? input.fontPx - 0.5 : null;
      if (next === null || next === input.fontPx || next < 4) return;
      this.term.options.fontSize = next;
    }
  }

  private cell(): CellDims | null {
    // Same source addon-fit reads; there is no public API for the rendered cell size.
    const core = (this.term as unknown as { _core?: { _renderService?: { dimensions?: { css?: { cell?: CellDims } } } } })._core;
    const c = core?._renderService?.dimensions?.css?.cell;
    return c && c.width > 0 && c.height > 0 ? { width: c.width, height: c.height } : null;
  }
}
