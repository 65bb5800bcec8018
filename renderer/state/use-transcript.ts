/**
 * The indexed text lines of a display recording (typed lines, clipboard entries, window titles), paged
 * in through `transcript` and topped up while indexing. Lines are small; the recording is not held.
 */
import { useEffect, useState } from 'react';
import type { ApiError, RecordingSummary, TextLine } from '../../shared/model';
import type { TrailviewApi } from '../api';

/** Lines per request: a 1 GB dump's ~34,000 lines in 7 requests (68 at 500 a page kept the core busy
 * for ~1.5 s after opening, and the first seeks waited behind them). */
const PAGE = 5000;
/** A keystroke log longer than this is shown up to here, with a note (search still covers it all). */
export const MAX_LOG_LINES = 200_000;
const POLL_MS = 1500;

export interface TranscriptState {
  lines: TextLine[];
  /** Lines the host knows of (may exceed lines.length while pages are still arriving). */
  total: number;
  done: boolean;
  error: ApiError | null;
}

const EMPTY: TranscriptState = { lines: [], total: 0, done: false, error: null };

export function useTranscript(api: TrailviewApi, summary: RecordingSummary | null, enabled: boolean): TranscriptState {
  const [state, setState] = useState<{ id: string; t: TranscriptState } | null>(null);
  const id = enabled ? (summary?.id ?? null) : null;
  const indexing = summary?.index.state === 'indexing';

  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lines: TextLine[] = [];
    const next = async (): Promise<void> => {
      for (;;) {
        const r = await api.call('transcript', { id, from: lines.length, count: PAGE });
        if (!live) return;
        if (!r.ok) {
          setState({ id, t: { lines, total: lines.length, done: true, error: r.error } });
          return;
        }
        lines = lines.concat(r.value.lines);
        const full = lines.length >= MAX_LOG_LINES;
        const caughtUp = r.value.lines.length < PAGE || lines.length >= r.value.total;
        setState({ id, t: { lines, total: r.value.total, done: r.value.done || full, error: null } });
        if (full || (caughtUp && r.value.done)) return;
        // Caught up with an index still growing: look again in a while.
        if (caughtUp) {
          timer = setTimeout(() => void next(), POLL_MS);
          return;
        }
      }
    };
    void next();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `indexing` restarts the walk when indexing ends, so the last lines are fetched once more.
  }, [api, id, indexing]);

  return state && state.id === id ? state.t : EMPTY;
}

/** Index of the line on screen at `timeMs`: the last one at or before it, or -1. */
export function currentLineIndex(lines: readonly TextLine[], timeMs: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.timeMs <= timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
