/** A TerminalSink that records what the engine asks for, instead of drawing. */
import type { SearchHit, TerminalTheme } from '../../shared/model';
import type { FitMode } from '../../renderer/player/engine';
import type { SinkOp, TerminalSink } from '../../renderer/player/sink';

export type SinkCall = { type: 'restore'; cols: number; rows: number; ops: SinkOp[] } | { type: 'apply'; ops: SinkOp[] };

export class FakeSink implements TerminalSink {
  calls: SinkCall[] = [];
  /** Everything written since the last restore. */
  screen = '';
  cols = 0;
  rows = 0;
  fitMode: FitMode | null = null;
  theme: { rec: TerminalTheme | undefined; dark: boolean } | null = null;
  highlighted: SearchHit[] = [];
  selection = '';
  disposed = false;
  /** Set by a test to pretend the terminal is behind. */
  backlog = 0;

  restore(cols: number, rows: number, ops: SinkOp[], done: () => void): void {
    this.calls.push({ type: 'restore', cols, rows, ops });
    this.screen = '';
    this.cols = cols;
    this.rows = rows;
    this.run(ops);
    queueMicrotask(done);
  }

  apply(ops: SinkOp[], done?: () => void): void {
    this.calls.push({ type: 'apply', ops });
    this.run(ops);
    if (done) queueMicrotask(done);
  }

  afterPaint(cb: () => void): void {
    queueMicrotask(cb);
  }

  backlogChars(): number {
    return this.backlog;
  }

  fit(mode: FitMode): void {
    this.fitMode = mode;
  }

  setTheme(rec: TerminalTheme | undefined, dark: boolean): void {
    this.theme = { rec, dark };
  }

  highlight(hit: SearchHit): boolean {
    this.highlighted.push(hit);
    return true;
  }

  selectionText(): string {
    return this.selection;
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Data of every write op of apply() calls (playback), in order. */
  playbackWrites(): string[] {
    return this.calls.flatMap((c) => (c.type === 'apply' ? c.ops.flatMap((o) => (o.kind === 'write' ? [o.data] : [])) : []));
  }

  private run(ops: SinkOp[]): void {
    for (const op of ops) {
      if (op.kind === 'write') this.screen += op.data;
      else {
        this.cols = op.cols;
        this.rows = op.rows;
      }
    }
  }
}
