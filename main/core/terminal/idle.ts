import type { IdleStretch } from '../../../shared/model';

/** Without an idle_time_limit in the header, gaps longer than this count as idle. */
export const DEFAULT_IDLE_THRESHOLD_MS = 2000;

/** Finds stretches with no output ("o" events) longer than the threshold, including at both ends. */
export class IdleDetector {
  readonly stretches: IdleStretch[] = [];
  private lastOutputMs = 0;

  constructor(readonly thresholdMs: number = DEFAULT_IDLE_THRESHOLD_MS) {}

  output(timeMs: number): void {
    if (timeMs - this.lastOutputMs > this.thresholdMs) this.stretches.push({ startMs: this.lastOutputMs, endMs: timeMs });
    this.lastOutputMs = Math.max(this.lastOutputMs, timeMs);
  }

  finish(durationMs: number): void {
    if (durationMs - this.lastOutputMs > this.thresholdMs) this.stretches.push({ startMs: this.lastOutputMs, endMs: durationMs });
    this.lastOutputMs = durationMs;
  }
}
