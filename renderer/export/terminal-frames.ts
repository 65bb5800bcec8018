/**
 * A terminal recording as video frames: an off-screen xterm.js (never opened: it only parses) fed the
 * keyframe at the in-point and then the events, its screen painted by CellPainter.
 */
import { Terminal } from '@xterm/xterm';
import type { Result } from '../../shared/api';
import type { TerminalChunk, TerminalSummary, TimeMs } from '../../shared/model';
import { ChunkCache, continues, type ChunkFetcher } from '../player/chunk-cache';
import { restoreAt } from '../player/engines/playhead';
import { addEvent, isVisible } from '../player/engines/terminal-events';
import { OpsBuilder, type SinkOp } from '../player/sink';
import { xtermTheme } from '../player/xterm-theme';
import { CellPainter, EXPORT_FONT_PX, measureCells, type CellMetrics } from './cell-painter';
import type { FrameSource } from './frame-source';
import { makeCanvas, type AnyCanvas } from './canvas';

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value;
}

export class TerminalFrames implements FrameSource {
  readonly canvas: AnyCanvas;
  readonly width: number;
  readonly height: number;
  private readonly term: Terminal;
  private readonly painter: CellPainter;
  private readonly cache: ChunkCache;
  private chunk: TerminalChunk;
  private applied: number;
  private readonly write: (data: string) => void;

  private constructor(summary: TerminalSummary, cache: ChunkCache, chunk: TerminalChunk, applied: number, size: { cols: number; rows: number }, metrics: CellMetrics, canvas: AnyCanvas, fontPx: number) {
    this.cache = cache;
    this.chunk = chunk;
    this.applied = applied;
    this.canvas = canvas;
    this.width = canvas.width;
    this.height = canvas.height;
    this.term = new Terminal({ cols: size.cols, rows: size.rows, scrollback: 0, allowProposedApi: true, logLevel: 'off' });
    const core = (this.term as unknown as { _core?: { writeSync?: (d: string) => void } })._core;
    if (typeof core?.writeSync !== 'function') throw new Error('this xterm.js has no synchronous write; video export needs it');
    this.write = (d) => core.writeSync!(d);
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    this.painter = new CellPainter(this.term, ctx, metrics, xtermTheme(summary.terminal.theme, true), fontPx);
  }

  /** The screen at `fromMs`, sized for the largest terminal in [fromMs, toMs]. */
  static async open(summary: TerminalSummary, fetchChunk: ChunkFetcher, fromMs: TimeMs, toMs: TimeMs, fontPx = EXPORT_FONT_PX): Promise<TerminalFrames> {
    const cache = new ChunkCache(fetchChunk, summary.id);
    const chunk = unwrap(await cache.at(fromMs));
    const restore = restoreAt(chunk, fromMs);
    // The size at the in-point is the keyframe's, changed by the resizes replayed up to it.
    let cols = restore.cols;
    let rows = restore.rows;
    for (const op of restore.ops) if (op.kind === 'resize') ({ cols, rows } = op);
    let maxCols = cols;
    let maxRows = rows;
    for (const r of summary.resizes) {
      if (r.timeMs > fromMs && r.timeMs <= toMs) {
        maxCols = Math.max(maxCols, r.cols);
        maxRows = Math.max(maxRows, r.rows);
      }
    }
    const probe = makeCanvas(1, 1);
    const metrics = measureCells(probe.getContext('2d') as CanvasRenderingContext2D, fontPx);
    const canvas = makeCanvas(Math.ceil(maxCols * metrics.cellWidthPx), maxRows * metrics.cellHeightPx);
    const frames = new TerminalFrames(summary, cache, chunk, restore.applied, { cols: restore.cols, rows: restore.rows }, metrics, canvas, fontPx);
    frames.run(restore.ops);
    frames.painter.paint();
    return frames;
  }

  async nextChange(afterMs: TimeMs): Promise<TimeMs | null> {
    for (let guard = 0; guard < 100_000; guard++) {
      const events = this.chunk.events;
      for (let i = this.applied; i < events.length; i++) {
        const ev = events[i]!;
        if (ev.timeMs > afterMs && isVisible(ev)) return ev.timeMs;
      }
      if (!(await this.enterNext())) return null;
    }
    return null;
  }

  async advanceTo(t: TimeMs): Promise<boolean> {
    for (;;) {
      const ops = new OpsBuilder();
      const events = this.chunk.events;
      while (this.applied < events.length && events[this.applied]!.timeMs <= t) addEvent(ops, events[this.applied++]!);
      this.run(ops.build());
      if (this.applied < events.length || !(await this.enterNext())) break;
    }
    return this.painter.paint();
  }

  dispose(): void {
    this.term.dispose();
  }

  /** Moves on to the next chunk once this one is used up; false at the end of the recording. */
  private async enterNext(): Promise<boolean> {
    if (this.applied < this.chunk.events.length) return true;
    if (this.chunk.last) return false;
    const next = unwrap(await this.cache.byIndex(this.chunk.chunkIndex + 1));
    if (!continues(this.chunk, next)) throw new Error(`chunk ${next.chunkIndex} does not continue chunk ${this.chunk.chunkIndex}`);
    this.chunk = next;
    this.applied = 0;
    return true;
  }

  private run(ops: SinkOp[]): void {
    for (const op of ops) {
      if (op.kind === 'write') this.write(op.data);
      else if (op.cols !== this.term.cols || op.rows !== this.term.rows) this.term.resize(op.cols, op.rows);
    }
  }
}

