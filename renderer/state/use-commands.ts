/**
 * The selected recording's commands (H-D's extraction in the core), asked for again while the core
 * says the list is partial (still indexing) and whenever the recording's summary changes.
 */
import { useEffect, useState } from 'react';
import type { ApiError, CommandEntry, RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { useSummaryBump } from './use-summary-bump';

/** While indexing, the list grows this often: often enough to watch, rarely enough to be free. */
export const DERIVED_REFRESH_MS = 1500;

export interface DerivedList<T> {
  items: T[];
  /** More may come (the core is still indexing). */
  partial: boolean;
  /** Nothing answered yet for this recording. */
  loading: boolean;
  /** The host cannot derive these (an older host without the request), or the request failed. */
  error: ApiError | null;
}

const EMPTY: DerivedList<never> = { items: [], partial: false, loading: false, error: null };

export function useDerivedList<T>(
  api: TrailviewApi,
  summary: RecordingSummary | null,
  method: 'commands' | 'transfers',
  pick: (value: unknown) => { items: T[]; partial: boolean } | null,
): DerivedList<T> {
  const [state, setState] = useState<{ id: string; list: DerivedList<T> } | null>(null);
  const id = summary?.id ?? null;
  const indexState = summary?.index.state;
  // A new summary (indexing ended, a log attached) is a reason to ask again.
  const bump = useSummaryBump(api, id);

  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((was) => (was?.id === id ? was : { id, list: { ...EMPTY, loading: true } }));
    const load = (): void => {
      void api.call(method, { id }).then((r) => {
        if (!live) return;
        if (!r.ok) {
          setState({ id, list: { items: [], partial: false, loading: false, error: r.error } });
          return;
        }
        const got = pick(r.value);
        if (!got) {
          setState({ id, list: { items: [], partial: false, loading: false, error: { code: 'INTERNAL', message: `The host's answer to "${method}" has an unexpected shape.` } } });
          return;
        }
        setState({ id, list: { items: got.items, partial: got.partial, loading: false, error: null } });
        if (got.partial) timer = setTimeout(load, DERIVED_REFRESH_MS);
      });
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, id, indexState, bump, method, pick]);

  return state && state.id === id ? state.list : EMPTY;
}

const byTime = <T extends { timeMs: number }>(a: T, b: T): number => a.timeMs - b.timeMs;

function pickCommands(v: unknown): { items: CommandEntry[]; partial: boolean } | null {
  const r = v as { commands?: unknown; partial?: unknown } | null;
  if (!r || !Array.isArray(r.commands)) return null;
  return { items: (r.commands as CommandEntry[]).slice().sort(byTime), partial: r.partial === true };
}

export function useCommands(api: TrailviewApi, summary: RecordingSummary | null): DerivedList<CommandEntry> {
  return useDerivedList(api, summary, 'commands', pickCommands);
}

/** What a follow highlight needs from the player: its time now, and a call on every tick. */
export interface TimeSource {
  readonly currentTimeMs: number;
  subscribe(listener: () => void): () => void;
}

/**
 * The index of the entry playing now (see currentIndex), re-rendering the caller only when it changes:
 * the player ticks 60 times a second, the current command changes a few times a minute.
 */
export function useCurrentIndex(source: TimeSource, entries: readonly { timeMs: number; endMs?: number }[], find: (e: typeof entries, t: number) => number): number {
  const [index, setIndex] = useState(() => find(entries, source.currentTimeMs));
  useEffect(() => {
    const update = (): void => setIndex(find(entries, source.currentTimeMs));
    update();
    return source.subscribe(update);
  }, [source, entries, find]);
  return index;
}
