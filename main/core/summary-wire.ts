/**
 * Summaries on their way from a recording's worker to the core. The worker sends one a second while it
 * indexes, and the idle stretches are most of it: 7,500 of them (~360 KB as JSON) for a 29-hour Guacamole
 * dump, and they stop changing once the fast pass is over. Each copy the core received was garbage a
 * second later, and its heap grew by ~30 MB over a long keyframe pass. So the stretches cross once: a
 * later summary with the same ones says so, and the core puts back the array it already has (the same
 * array, so the hosts can serialize it once too, see main/host/summary-json.ts).
 */
import type { IdleStretch, RecordingSummary } from '../../shared/model';

/** A summary as posted: either whole, or without its idle stretches when they are the last ones sent. */
export type WireSummary = RecordingSummary | { sameIdle: true; summary: Omit<RecordingSummary, 'idle'> };

/** The worker's side: leaves out idle stretches equal to the last ones it sent. */
export class SummarySender {
  /** The last stretches sent, flat (start, end, ...): the session may change its own array in place. */
  private last: number[] | null = null;

  pack(s: RecordingSummary): WireSummary {
    const idle = s.idle;
    if (this.last && sameStretches(this.last, idle)) {
      const { idle: _, ...summary } = s;
      return { sameIdle: true, summary };
    }
    this.last = flatStretches(idle);
    return s;
  }
}

/** The core's side: gives every summary its idle stretches back, the same array while they are the same. */
export class SummaryReceiver {
  private last: IdleStretch[] = [];

  unpack(w: WireSummary): RecordingSummary {
    if (!('sameIdle' in w)) {
      this.last = w.idle;
      return w;
    }
    return { ...w.summary, idle: this.last } as RecordingSummary;
  }
}

/** Stretches as numbers (start, end, ...), to compare with later: an array may be changed in place. */
export function flatStretches(idle: readonly IdleStretch[]): number[] {
  return idle.flatMap((x) => [x.startMs, x.endMs]);
}

export function sameStretches(flat: readonly number[], idle: readonly IdleStretch[]): boolean {
  if (flat.length !== idle.length * 2) return false;
  for (let i = 0; i < idle.length; i++) if (flat[2 * i] !== idle[i]!.startMs || flat[2 * i + 1] !== idle[i]!.endMs) return false;
  return true;
}
