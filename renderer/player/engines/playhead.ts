/**
 * Where playback stands inside the chunk data: the chunk being played, how many of its events are on
 * screen, and the time. No I/O: it only turns time into sink operations, so it is easy to reason about.
 */
import type { TerminalChunk, TimeMs } from '../../../shared/model';
import { continues } from '../chunk-cache';
import { advance, type SkipIdle } from '../clock';
import { OpsBuilder, type SinkOp } from '../sink';
import { addEvent, boundariesOf, countUpTo } from './terminal-events';

export type AdvanceOutcome = 'playing' | 'ended' | 'starved';

export interface Restore {
  chunk: TerminalChunk;
  applied: number;
  timeMs: TimeMs;
  cols: number;
  rows: number;
  ops: SinkOp[];
}

/** The screen at `timeMs` from chunk `c`: its keyframe, then every output/resize event up to then. */
export function restoreAt(c: TerminalChunk, timeMs: TimeMs): Restore {
  const ops = new OpsBuilder();
  ops.write(c.keyframe.state);
  const applied = countUpTo(c, timeMs);
  for (let i = 0; i < applied; i++) addEvent(ops, c.events[i]!);
  return { chunk: c, applied, timeMs, cols: c.keyframe.cols, rows: c.keyframe.rows, ops: ops.build() };
}

export class Playhead {
  chunk: TerminalChunk | null = null;
  /** The chunk after `chunk` when it was fetched by a wait (the cache keeps only sealed chunks). */
  next: TerminalChunk | null = null;
  /** Events of `chunk` already on screen. */
  applied = 0;
  timeMs: TimeMs = 0;
  private boundaries: number[] = [];

  clear(): void {
    this.chunk = null;
    this.next = null;
    this.applied = 0;
    this.timeMs = 0;
    this.boundaries = [];
  }

  /** After a restore was written. */
  commit(r: Restore): void {
    this.setChunk(r.chunk);
    this.applied = r.applied;
    this.timeMs = r.timeMs;
  }

  /** The same chunk with more data (or now sealed): what was applied stays applied. */
  replaceChunk(c: TerminalChunk): void {
    this.setChunk(c);
  }

  /** Writes into `ops` every event of the current chunk up to `t`, and moves there. */
  moveTo(ops: OpsBuilder, t: TimeMs): void {
    this.applyUpTo(ops, t);
    this.timeMs = t;
  }

  /**
   * Moves the clock by `wallMs`, writing every event that became due into `ops` (one write per frame).
   * Crosses into the next chunk when it is at hand (`peek`), calling `entered` for prefetching.
   */
  advance(
    wallMs: number,
    speed: number,
    skip: SkipIdle,
    ops: OpsBuilder,
    peek: (index: number) => TerminalChunk | undefined,
    entered: (c: TerminalChunk) => void,
  ): AdvanceOutcome {
    let left = wallMs;
    for (let guard = 0; this.chunk && guard < 1000; guard++) {
      const c = this.chunk;
      const adv = advance(this.boundaries, this.timeMs, left, speed, skip, c.endMs);
      this.timeMs = adv.timeMs;
      left = adv.leftoverWallMs;
      this.applyUpTo(ops, this.timeMs);
      if (this.timeMs < c.endMs) return 'playing';
      if (c.last) {
        this.applyUpTo(ops, Infinity);
        this.timeMs = c.endMs;
        return 'ended';
      }
      const next = this.next?.chunkIndex === c.chunkIndex + 1 ? this.next : peek(c.chunkIndex + 1);
      if (!next || !continues(c, next)) return 'starved';
      this.setChunk(next);
      this.applied = 0;
      entered(next);
    }
    return 'playing';
  }

  private applyUpTo(ops: OpsBuilder, t: TimeMs): void {
    const events = this.chunk?.events ?? [];
    while (this.applied < events.length && events[this.applied]!.timeMs <= t) addEvent(ops, events[this.applied++]!);
  }

  private setChunk(c: TerminalChunk): void {
    this.chunk = c;
    this.boundaries = boundariesOf(c);
    if (this.next && this.next.chunkIndex <= c.chunkIndex) this.next = null;
  }
}
