/**
 * Where Guacamole playback stands: the chunk being played, how many of its frames are on screen, and
 * the time. No I/O and no drawing: frames that become due are handed to a callback.
 */
import type { DisplayChunk, IdleStretch, TimeMs } from '../../../shared/model';
import type { SkipIdle } from '../clock';
import { framesUpTo } from './guacamole-chunks';

export type AdvanceOutcome = 'playing' | 'ended' | 'starved';

/** Feeds frames [from, to) of chunk `c` to the screen. */
export type FeedFrames = (c: DisplayChunk, from: number, to: number) => void;

/**
 * Moves recording time forward by `wallMs` of real time at `speed`. With skip idle on, an idle stretch
 * longer than the cap plays in exactly `capMs` (compressed evenly, so the seek bar keeps moving).
 * Stops at `limitMs` and returns the wall time left over.
 */
export function advanceTime(
  idle: readonly IdleStretch[],
  fromMs: TimeMs,
  wallMs: number,
  speed: number,
  skip: SkipIdle,
  limitMs: TimeMs,
): { timeMs: TimeMs; leftoverWallMs: number } {
  let t = Math.min(fromMs, limitMs);
  let effective = Math.max(0, wallMs) * speed;
  let i = skip.on && skip.capMs > 0 ? firstEndingAfter(idle, t) : idle.length;
  while (effective > 0 && t < limitMs) {
    const s = idle[i];
    let rate = 1;
    let until = limitMs;
    if (s && s.startMs <= t) {
      const length = s.endMs - s.startMs;
      rate = length > skip.capMs ? length / skip.capMs : 1;
      until = Math.min(s.endMs, limitMs);
    } else if (s) {
      until = Math.min(s.startMs, limitMs);
    }
    const needed = (until - t) / rate;
    if (effective < needed) {
      t += effective * rate;
      effective = 0;
    } else {
      effective -= needed;
      t = until;
      if (s && s.startMs <= t && t >= s.endMs) i++;
    }
  }
  return { timeMs: t, leftoverWallMs: t >= limitMs ? effective / speed : 0 };
}

/** Index of the first stretch that ends after `t` (stretches are sorted and disjoint). */
function firstEndingAfter(idle: readonly IdleStretch[], t: TimeMs): number {
  let lo = 0;
  let hi = idle.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idle[mid]!.endMs <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class GuacPlayhead {
  chunk: DisplayChunk | null = null;
  /** The chunk after `chunk` when a wait fetched it (the cache keeps only sealed chunks). */
  next: DisplayChunk | null = null;
  /** Frames of `chunk` already fed to the live screen. */
  applied = 0;
  timeMs: TimeMs = 0;

  clear(): void {
    this.chunk = null;
    this.next = null;
    this.applied = 0;
    this.timeMs = 0;
  }

  commit(c: DisplayChunk, applied: number, timeMs: TimeMs): void {
    this.setChunk(c);
    this.applied = applied;
    this.timeMs = timeMs;
  }

  /** The same chunk with more frames (or now sealed): what was fed stays fed. */
  replaceChunk(c: DisplayChunk): void {
    this.setChunk(c);
  }

  /** Time of the last frame on screen, or null before the first frame of the chunk. */
  lastFrameMs(): TimeMs | null {
    const c = this.chunk;
    return c && this.applied > 0 ? c.frameTimesMs[this.applied - 1]! : null;
  }

  /** Feeds every frame of the current chunk up to `t` and moves there. */
  moveTo(t: TimeMs, feed: FeedFrames): void {
    this.feedUpTo(t, feed);
    this.timeMs = t;
  }

  advance(
    wallMs: number,
    speed: number,
    skip: SkipIdle,
    idle: readonly IdleStretch[],
    feed: FeedFrames,
    peek: (index: number) => DisplayChunk | undefined,
    entered: (c: DisplayChunk) => void,
  ): AdvanceOutcome {
    let left = wallMs;
    for (let guard = 0; this.chunk && guard < 1000; guard++) {
      const c = this.chunk;
      const adv = advanceTime(idle, this.timeMs, left, speed, skip, c.endMs);
      this.timeMs = adv.timeMs;
      left = adv.leftoverWallMs;
      this.feedUpTo(this.timeMs, feed);
      if (this.timeMs < c.endMs) return 'playing';
      if (c.last) {
        this.feedUpTo(Infinity, feed);
        this.timeMs = c.endMs;
        return 'ended';
      }
      const next = this.next?.chunkIndex === c.chunkIndex + 1 ? this.next : peek(c.chunkIndex + 1);
      if (!next) return 'starved';
      // Frames exactly at the boundary belong to the next chunk; they are due now.
      this.setChunk(next);
      this.applied = 0;
      entered(next);
    }
    return 'playing';
  }

  private feedUpTo(t: TimeMs, feed: FeedFrames): void {
    const c = this.chunk;
    if (!c) return;
    const due = framesUpTo(c, t);
    if (due > this.applied) {
      feed(c, this.applied, due);
      this.applied = due;
    }
  }

  private setChunk(c: DisplayChunk): void {
    this.chunk = c;
    if (this.next && this.next.chunkIndex <= c.chunkIndex) this.next = null;
  }
}
