/** Where a navigation key lands, as pure functions of the current time and the summary. */
import type { Marker, TimeMs } from '../../shared/model';

/** A whole-ms time within the recording; the end rounds up so the last event is included. */
export function clampTime(ms: number, durationMs: TimeMs): TimeMs {
  if (!Number.isFinite(ms)) return 0;
  return Math.round(Math.min(Math.max(0, ms), Math.max(0, Math.ceil(durationMs))));
}

/**
 * Core times can have fractions (61393.246 ms); the player works in whole ms. Rounding a moment when
 * something appeared *up* keeps that something on screen.
 */
export function showTimeOf(eventTimeMs: TimeMs): TimeMs {
  return Math.ceil(eventTimeMs);
}

/**
 * Pressing "previous marker" right after landing on one should go to the one before it, as media
 * players do; this much slack (ms) decides "right after".
 */
export const MARKER_SLACK_MS = 750;

export function previousMarker(markers: readonly Marker[], timeMs: TimeMs): Marker | undefined {
  let best: Marker | undefined;
  for (const m of markers) {
    if (m.timeMs < timeMs - MARKER_SLACK_MS && (!best || m.timeMs > best.timeMs)) best = m;
  }
  return best;
}

export function nextMarker(markers: readonly Marker[], timeMs: TimeMs): Marker | undefined {
  let best: Marker | undefined;
  for (const m of markers) {
    if (m.timeMs > timeMs && (!best || m.timeMs < best.timeMs)) best = m;
  }
  return best;
}

/** Index of the hit to jump to next: the first at or after `timeMs` (wrapping), or after `current`. */
export function nextHitIndex(hitTimes: readonly TimeMs[], current: number | null, timeMs: TimeMs, dir: 1 | -1): number {
  const n = hitTimes.length;
  if (n === 0) return -1;
  if (current !== null && current >= 0 && current < n) return (current + dir + n) % n;
  if (dir > 0) {
    const i = hitTimes.findIndex((t) => t >= timeMs);
    return i === -1 ? 0 : i;
  }
  for (let i = n - 1; i >= 0; i--) if (hitTimes[i]! <= timeMs) return i;
  return n - 1;
}
