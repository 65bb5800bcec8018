/**
 * Search over the selected recording's text index: runs as you type (debounced), Enter/F3 walk the
 * hits, and a jump seeks so the hit is on screen, then selects it in the terminal.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, RecordingSummary, SearchResult } from '../../shared/model';
import type { TrailviewApi } from '../api';
import type { PlayerEngine } from '../player/engine';
import { nextHitIndex, showTimeOf } from '../player/navigation';

export interface SearchOptions {
  regex: boolean;
  caseSensitive: boolean;
  wholeWord: boolean;
}

export interface SearchState {
  query: string;
  options: SearchOptions;
  result: SearchResult | null;
  /** Whether `result` answers the current query, options and recording. */
  fresh: boolean;
  active: number | null;
  running: boolean;
  error: ApiError | null;
  setQuery(q: string): void;
  setOption(name: keyof SearchOptions, on: boolean): void;
  run(): Promise<SearchResult | null>;
  jump(dir: 1 | -1): Promise<void>;
  jumpTo(index: number): Promise<void>;
}

const DEBOUNCE_MS = 250;
const HIT_LIMIT = 1000;

export function useSearch(api: TrailviewApi, summary: RecordingSummary | null, engine: PlayerEngine): SearchState {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<SearchOptions>({ regex: false, caseSensitive: false, wholeWord: false });
  const [result, setResult] = useState<SearchResult | null>(null);
  const [resultKey, setResultKey] = useState('');
  const [active, setActive] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);

  const id = summary?.id ?? '';
  const key = JSON.stringify([id, query, options]);

  const run = useCallback(async (): Promise<SearchResult | null> => {
    const mine = ++seq.current;
    if (!id || !query) {
      setResult(null);
      setResultKey(key);
      setActive(null);
      setError(null);
      return null;
    }
    setRunning(true);
    const r = await api.call('search', { id, query, ...options, limit: HIT_LIMIT });
    if (mine !== seq.current) return null;
    setRunning(false);
    setActive(null);
    setResultKey(key);
    if (!r.ok) {
      setResult(null);
      setError(r.error);
      return null;
    }
    setError(null);
    setResult(r.value);
    return r.value;
  }, [api, id, query, options, key]);

  // Live results while typing; a jump does not wait for this.
  useEffect(() => {
    if (!query) {
      void run();
      return;
    }
    const h = setTimeout(() => void run(), DEBOUNCE_MS);
    return () => clearTimeout(h);
  }, [run, query]);

  // Partial results get completed once indexing is done.
  const indexState = summary?.index.state;
  const partial = result?.partial ?? false;
  useEffect(() => {
    if (indexState && indexState !== 'indexing' && partial) void run();
  }, [indexState, partial, run]);

  const jumpTo = useCallback(
    async (index: number, within?: SearchResult): Promise<void> => {
      const hit = (within ?? result)?.hits[index];
      if (!hit) return;
      setActive(index);
      await engine.seek(showTimeOf(hit.timeMs));
      engine.highlight(hit);
    },
    [engine, result],
  );

  const jump = useCallback(
    async (dir: 1 | -1): Promise<void> => {
      let res = result;
      let current = active;
      if (resultKey !== key || !res) {
        res = await run();
        current = null;
      }
      if (!res) return;
      const i = nextHitIndex(
        res.hits.map((h) => h.timeMs),
        current,
        engine.currentTimeMs,
        dir,
      );
      if (i >= 0) await jumpTo(i, res);
    },
    [result, active, resultKey, key, run, engine, jumpTo],
  );

  const setOption = useCallback((name: keyof SearchOptions, on: boolean) => setOptions((o) => ({ ...o, [name]: on })), []);

  return { query, options, result, fresh: resultKey === key, active, running, error, setQuery, setOption, run, jump, jumpTo };
}
