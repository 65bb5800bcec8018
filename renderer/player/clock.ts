/**
 * Playback clock maths, pure so it can be tested without a terminal. The timeline always stays in
 * recording time; skip-idle only changes how fast recording time passes inside long gaps.
 */
import type { TimeMs } from '../../shared/model';

export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4, 8, 16] as const;
export const DEFAULT_IDLE_CAP_MS = 2000;

export interface SkipIdle {
  on: boolean;
  /** A gap between events longer than this plays in exactly this much (effective) time. */
  capMs: number;
}

/** The next speed up (dir > 0) or down from `current`, staying on the menu's steps. */
export function stepSpeed(current: number, dir: 1 | -1): number {
  if (dir > 0) return SPEEDS.find((s) => s > current) ?? SPEEDS[SPEEDS.length - 1]!;
  return [...SPEEDS].reverse().find((s) => s < current) ?? SPEEDS[0];
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(SPEEDS[SPEEDS.length - 1]!, Math.max(SPEEDS[0], speed));
}

/**
 * How many recording ms pass per effective ms inside a gap of `gapMs`. A long gap is compressed
 * uniformly (rather than cut) so the seek bar keeps moving smoothly through it.
 */
export function gapRate(gapMs: number, skip: SkipIdle): number {
  if (!skip.on || skip.capMs <= 0 || gapMs <= skip.capMs) return 1;
  return gapMs / skip.capMs;
}

/** Index of the last element <= t in a sorted array, or -1. */
export function lastAtOrBefore(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export interface Advance {
  timeMs: TimeMs;
  /** Wall time not consumed because `limitMs` was reached (0 otherwise). */
  leftoverWallMs: number;
}

/**
 * Moves recording time forward by `wallMs` of real time at `speed`.
 * `boundaries` are the sorted event times (plus the segment's start and end) that delimit gaps;
 * the walk stops at `limitMs` and hands back the unused wall time so the caller can continue in the
 * next segment without losing time.
 */
export function advance(
  boundaries: readonly number[],
  fromMs: TimeMs,
  wallMs: number,
  speed: number,
  skip: SkipIdle,
  limitMs: TimeMs,
): Advance {
  let t = Math.min(fromMs, limitMs);
  let effective = Math.max(0, wallMs) * speed;
  let i = lastAtOrBefore(boundaries, t);
  while (effective > 0 && t < limitMs) {
    const gapStart = i >= 0 ? boundaries[i]! : Math.min(0, t);
    let gapEnd = limitMs;
    // Skip duplicates: several events can share one timestamp.
    let j = i + 1;
    while (j < boundaries.length && boundaries[j]! <= t) j++;
    if (j < boundaries.length) gapEnd = Math.min(boundaries[j]!, limitMs);
    const rate = gapRate((j < boundaries.length ? boundaries[j]! : limitMs) - gapStart, skip);
    const needed = (gapEnd - t) / rate;
    if (effective < needed) {
      t += effective * rate;
      effective = 0;
    } else {
      effective -= needed;
      t = gapEnd;
      i = j;
    }
  }
  return { timeMs: t, leftoverWallMs: t >= limitMs ? effective / speed : 0 };
}

/** Wall time it takes to play [fromMs, toMs] — the inverse of `advance`, for display and tests. */
export function wallDurationMs(boundaries: readonly number[], fromMs: TimeMs, toMs: TimeMs, speed: number, skip: SkipIdle): number {
  let t = fromMs;
  let effective = 0;
  let i = lastAtOrBefore(boundaries, t);
  while (t < toMs) {
    const gapStart = i >= 0 ? boundaries[i]! : Math.min(0, t);
    let j = i + 1;
    while (j < boundaries.length && boundaries[j]! <= t) j++;
    const nextBoundary = j < boundaries.length ? boundaries[j]! : toMs;
    const gapEnd = Math.min(nextBoundary, toMs);
    effective += (gapEnd - t) / gapRate(nextBoundary - gapStart, skip);
    t = gapEnd;
    i = j;
  }
  return effective / speed;
}
