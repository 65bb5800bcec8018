/** Pixel <-> time for the seek bar, and the stretches it shades. Pure. */
import type { IdleStretch, Marker, TimeMs } from '../../shared/model';

export function timeToFraction(timeMs: TimeMs, durationMs: TimeMs): number {
  if (durationMs <= 0) return 0;
  return Math.min(1, Math.max(0, timeMs / durationMs));
}

export function pxToTime(xPx: number, widthPx: number, durationMs: TimeMs): TimeMs {
  if (widthPx <= 0 || durationMs <= 0) return 0;
  return Math.round(Math.min(1, Math.max(0, xPx / widthPx)) * durationMs);
}

export function timeToPx(timeMs: TimeMs, widthPx: number, durationMs: TimeMs): number {
  return timeToFraction(timeMs, durationMs) * widthPx;
}

export interface Span {
  /** Percent of the bar's width. */
  leftPct: number;
  widthPct: number;
}

/** Percentages rounded to 1/1000 %: finer than any pixel, and no float noise in the styles. */
const pct = (f: number): number => Math.round(f * 100_000) / 1000;

export function spanOf(startMs: TimeMs, endMs: TimeMs, durationMs: TimeMs): Span {
  const a = timeToFraction(startMs, durationMs);
  const b = timeToFraction(endMs, durationMs);
  return { leftPct: pct(a), widthPct: pct(Math.max(0, b - a)) };
}

/**
 * Idle stretches as spans of the bar; with `widthPx`, stretches less than a pixel apart are one span (a
 * day-long session has thousands of stretches: as many elements redrawn at every tick).
 */
export function idleSpans(idle: readonly IdleStretch[], durationMs: TimeMs, widthPx = Infinity): Span[] {
  const gapMs = durationMs > 0 && Number.isFinite(widthPx) && widthPx > 0 ? durationMs / widthPx : 0;
  const merged: IdleStretch[] = [];
  for (const s of idle) {
    if (s.endMs <= s.startMs) continue;
    const last = merged[merged.length - 1];
    if (last && s.startMs - last.endMs < gapMs) last.endMs = Math.max(last.endMs, s.endMs);
    else merged.push({ startMs: s.startMs, endMs: s.endMs });
  }
  return merged.map((s) => spanOf(s.startMs, s.endMs, durationMs));
}

/** The marker nearest to `xPx` within `tolerancePx`, for the hover label. */
export function markerNear(markers: readonly Marker[], xPx: number, widthPx: number, durationMs: TimeMs, tolerancePx = 5): Marker | undefined {
  let best: Marker | undefined;
  let bestDist = tolerancePx;
  for (const m of markers) {
    const d = Math.abs(timeToPx(m.timeMs, widthPx, durationMs) - xPx);
    if (d <= bestDist) {
      best = m;
      bestDist = d;
    }
  }
  return best;
}

/** Hit ticks collapsed to one per pixel column: thousands of hits stay a few hundred elements. */
export function tickPercents(timesMs: readonly TimeMs[], durationMs: TimeMs, widthPx: number): number[] {
  const columns = new Set<number>();
  const out: number[] = [];
  const width = Math.max(1, Math.round(widthPx));
  for (const t of timesMs) {
    const f = timeToFraction(t, durationMs);
    const col = Math.round(f * width);
    if (columns.has(col)) continue;
    columns.add(col);
    out.push(pct(f));
  }
  return out;
}
