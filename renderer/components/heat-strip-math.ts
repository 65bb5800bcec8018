/** Activity buckets to seek-bar columns, pure so it is tested without a DOM. */
import type { Activity, TimeMs } from '../../shared/model';

export interface HeatColumns {
  /** 0..1 per column: screen changes, input (keys and mouse). */
  screen: number[];
  input: number[];
}

/**
 * Each column takes the busiest bucket it overlaps, scaled by log(1 + n) against the busiest column:
 * one burst of a thousand drawing operations must not flatten everything else to nothing.
 */
export function heatColumns(a: Activity, durationMs: TimeMs, columns: number): HeatColumns {
  const n = Math.max(0, Math.floor(columns));
  const screen = new Array<number>(n).fill(0);
  const input = new Array<number>(n).fill(0);
  if (n === 0 || durationMs <= 0 || a.bucketMs <= 0) return { screen, input };
  const msPerColumn = durationMs / n;
  for (let c = 0; c < n; c++) {
    const from = Math.floor((c * msPerColumn) / a.bucketMs);
    const to = Math.max(from, Math.ceil(((c + 1) * msPerColumn) / a.bucketMs) - 1);
    for (let b = from; b <= to; b++) {
      screen[c] = Math.max(screen[c]!, a.screen[b] ?? 0);
      input[c] = Math.max(input[c]!, a.input[b] ?? 0);
    }
  }
  return { screen: scale(screen), input: scale(input) };
}

function scale(values: number[]): number[] {
  const top = Math.log1p(Math.max(0, ...values));
  return values.map((v) => (top > 0 ? Math.log1p(Math.max(0, v)) / top : 0));
}

/** A closed step outline over `values` (0..1) in a box `columns` wide and `height` tall, baseline at the bottom. */
export function stepPath(values: readonly number[], height: number): string {
  if (!values.some((v) => v > 0)) return '';
  const parts = [`M0 ${height}`];
  values.forEach((v, i) => {
    const y = +(height - v * height).toFixed(2);
    parts.push(`L${i} ${y}L${i + 1} ${y}`);
  });
  parts.push(`L${values.length} ${height}Z`);
  return parts.join('');
}
