/**
 * Scoring for the command/transfer accuracy bench: an extracted item matches a true one when the text
 * (command line, file name) is exactly equal and it starts within 2 s; each item matches at most once.
 */
export interface TrueCommand {
  timeMs: number;
  command: string;
  context?: string;
  exitCode?: number;
  fullScreen?: boolean;
}

export interface TrueTransfer {
  timeMs: number;
  name: string;
  tool: string;
  direction?: 'upload' | 'download';
  sizeBytes?: number;
}

export interface Score {
  truth: number;
  found: number;
  matched: number;
  /** Unmatched true items (missed) and unmatched extracted ones (extra), for the report. */
  missed: string[];
  extra: string[];
}

export const START_TOLERANCE_MS = 2000;

export function score<T extends { timeMs: number }, P extends { timeMs: number }>(truth: readonly T[], found: readonly P[], textOfTruth: (t: T) => string, textOfFound: (p: P) => string): Score {
  const used = new Set<number>();
  const missed: string[] = [];
  let matched = 0;
  for (const t of truth) {
    let best = -1;
    let bestDelta = Infinity;
    found.forEach((p, i) => {
      if (used.has(i) || textOfFound(p) !== textOfTruth(t)) return;
      const delta = Math.abs(p.timeMs - t.timeMs);
      if (delta <= START_TOLERANCE_MS && delta < bestDelta) {
        best = i;
        bestDelta = delta;
      }
    });
    if (best >= 0) {
      used.add(best);
      matched++;
    } else missed.push(`${(t.timeMs / 1000).toFixed(1)}s ${JSON.stringify(textOfTruth(t))}`);
  }
  const extra = found.filter((_, i) => !used.has(i)).map((p) => `${(p.timeMs / 1000).toFixed(1)}s ${JSON.stringify(textOfFound(p))}`);
  return { truth: truth.length, found: found.length, matched, missed, extra };
}

export function add(a: Score, b: Score): Score {
  return { truth: a.truth + b.truth, found: a.found + b.found, matched: a.matched + b.matched, missed: [...a.missed, ...b.missed], extra: [...a.extra, ...b.extra] };
}

export const EMPTY: Score = { truth: 0, found: 0, matched: 0, missed: [], extra: [] };

/** Precision and recall as fractions; an empty side counts as perfect (nothing to find, nothing wrongly found). */
export function precision(s: Score): number {
  return s.found === 0 ? 1 : s.matched / s.found;
}
export function recall(s: Score): number {
  return s.truth === 0 ? 1 : s.matched / s.truth;
}
