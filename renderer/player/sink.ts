/**
 * The small surface the terminal engine drives. The real one wraps xterm.js (engines/xterm-sink.ts);
 * tests use a recording fake, so the scheduling is testable without a canvas or a DOM renderer.
 */
import type { SearchHit, TerminalTheme } from '../../shared/model';
import type { FitMode } from './engine';

export type SinkOp = { kind: 'write'; data: string } | { kind: 'resize'; cols: number; rows: number };

export interface TerminalSink {
  /**
   * Resets the terminal to `cols` x `rows`, then applies `ops`. Ordered after every earlier call;
   * `done` runs once all of it has been parsed (the screen is in its new state).
   */
  restore(cols: number, rows: number, ops: SinkOp[], done: () => void): void;
  /** Runs `cb` once what was parsed so far is drawn (the screen people and tests look at matches). */
  afterPaint(cb: () => void): void;
  /** Applies `ops` after every earlier call; `done`, if given, runs once they are parsed. */
  apply(ops: SinkOp[], done?: () => void): void;
  /** Characters handed over and not parsed yet: the engine holds the clock while this is high. */
  backlogChars(): number;
  fit(mode: FitMode): void;
  setTheme(recordingTheme: TerminalTheme | undefined, dark: boolean): void;
  highlight(hit: SearchHit): boolean;
  selectionText(): string;
  dispose(): void;
}

/** Builds ops from output and resize events, merging consecutive output into one write. */
export class OpsBuilder {
  private readonly ops: SinkOp[] = [];
  private pending: string[] = [];

  write(data: string): void {
    if (data) this.pending.push(data);
  }

  resize(cols: number, rows: number): void {
    this.flushWrites();
    this.ops.push({ kind: 'resize', cols, rows });
  }

  get empty(): boolean {
    return this.ops.length === 0 && this.pending.length === 0;
  }

  build(): SinkOp[] {
    this.flushWrites();
    return this.ops;
  }

  private flushWrites(): void {
    if (this.pending.length) this.ops.push({ kind: 'write', data: this.pending.join('') });
    this.pending = [];
  }
}
