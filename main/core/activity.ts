/**
 * Activity per second, counted while indexing: screen changes and input. The seek bar draws it as a heat
 * strip, so a reviewer sees where things happened before playing anything.
 */
import type { Activity } from '../../shared/model';

export const ACTIVITY_BUCKET_MS = 1000;
/** Eight hours of one-second buckets is 28,800 numbers per series; beyond that buckets merge. */
const MAX_BUCKETS = 32_768;

export class ActivityCounter {
  private bucketMs = ACTIVITY_BUCKET_MS;
  private screen: number[] = [];
  private input: number[] = [];

  add(timeMs: number, kind: 'screen' | 'input', count = 1): void {
    if (!(timeMs >= 0)) return;
    let i = Math.floor(timeMs / this.bucketMs);
    while (i >= MAX_BUCKETS) {
      this.coarsen();
      i = Math.floor(timeMs / this.bucketMs);
    }
    const series = kind === 'screen' ? this.screen : this.input;
    while (series.length <= i) series.push(0);
    series[i]! += count;
  }

  /** Twice as long buckets, half as many: a very long recording still fits. */
  private coarsen(): void {
    const merge = (s: number[]): number[] => {
      const out: number[] = [];
      for (let i = 0; i < s.length; i += 2) out.push(s[i]! + (s[i + 1] ?? 0));
      return out;
    };
    this.bucketMs *= 2;
    this.screen = merge(this.screen);
    this.input = merge(this.input);
  }

  /** Counts made elsewhere (split indexing's tail) replace these. */
  replaceWith(a: Activity): void {
    this.bucketMs = a.bucketMs;
    this.screen = [...a.screen];
    this.input = [...a.input];
  }

  snapshot(): Activity {
    const n = Math.max(this.screen.length, this.input.length);
    const pad = (s: number[]): number[] => (s.length < n ? [...s, ...new Array<number>(n - s.length).fill(0)] : [...s]);
    return { bucketMs: this.bucketMs, screen: pad(this.screen), input: pad(this.input) };
  }
}
