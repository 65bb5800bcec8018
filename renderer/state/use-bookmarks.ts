/**
 * The selected recording's bookmarks: loaded when it is selected, changed through the host (which keeps
 * them by content hash), and the list re-read from the host's answer so what is shown is what is stored.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, Bookmark, RecordingSummary, TimeMs } from '../../shared/model';
import type { TrailviewApi } from '../api';

export interface BookmarksState {
  items: Bookmark[];
  loading: boolean;
  error: ApiError | null;
  /** The bookmark just added with B: its note field opens focused. */
  editingId: string | null;
  setEditingId(id: string | null): void;
  add(timeMs: TimeMs, note?: string): Promise<Bookmark | null>;
  update(id: string, change: { timeMs?: TimeMs; note?: string }): Promise<Bookmark | null>;
  remove(id: string): Promise<boolean>;
  dismissError(): void;
}

const byTime = (a: Bookmark, b: Bookmark): number => a.timeMs - b.timeMs || a.createdAtEpochMs - b.createdAtEpochMs;

export function useBookmarks(api: TrailviewApi, summary: RecordingSummary | null): BookmarksState {
  const id = summary?.id ?? null;
  const [state, setState] = useState<{ id: string; items: Bookmark[]; loading: boolean } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const current = useRef(id);
  current.current = id;

  useEffect(() => {
    if (!id) return;
    let live = true;
    setState({ id, items: [], loading: true });
    setError(null);
    setEditingId(null);
    void api.call('bookmarks', { id }).then((r) => {
      if (!live) return;
      if (r.ok) setState({ id, items: r.value.slice().sort(byTime), loading: false });
      else {
        setState({ id, items: [], loading: false });
        setError(r.error);
      }
    });
    return () => {
      live = false;
    };
  }, [api, id]);

  const items = state && state.id === id ? state.items : [];

  const put = useCallback((forId: string, b: Bookmark) => {
    setState((s) => (s && s.id === forId ? { ...s, items: [...s.items.filter((x) => x.id !== b.id), b].sort(byTime) } : s));
  }, []);

  const add = useCallback(
    async (timeMs: TimeMs, note = ''): Promise<Bookmark | null> => {
      if (!id) return null;
      const r = await api.call('bookmarkSave', { id, bookmark: { timeMs: Math.max(0, Math.round(timeMs)), note } });
      if (!r.ok) {
        setError(r.error);
        return null;
      }
      setError(null);
      put(id, r.value);
      if (current.current === id) setEditingId(r.value.id);
      return r.value;
    },
    [api, id, put],
  );

  const update = useCallback(
    async (bookmarkId: string, change: { timeMs?: TimeMs; note?: string }): Promise<Bookmark | null> => {
      const was = items.find((b) => b.id === bookmarkId);
      if (!id || !was) return null;
      const r = await api.call('bookmarkSave', { id, bookmark: { id: bookmarkId, timeMs: change.timeMs ?? was.timeMs, note: change.note ?? was.note } });
      if (!r.ok) {
        setError(r.error);
        return null;
      }
      setError(null);
      put(id, r.value);
      return r.value;
    },
    [api, id, items, put],
  );

  const remove = useCallback(
    async (bookmarkId: string): Promise<boolean> => {
      if (!id) return false;
      const r = await api.call('bookmarkDelete', { id, bookmarkId });
      if (!r.ok) {
        setError(r.error);
        return false;
      }
      setError(null);
      setState((s) => (s && s.id === id ? { ...s, items: s.items.filter((b) => b.id !== bookmarkId) } : s));
      return r.value.deleted;
    },
    [api, id],
  );

  return {
    items,
    loading: state?.id === id ? state.loading : !!id,
    error,
    editingId,
    setEditingId,
    add,
    update,
    remove,
    dismissError: () => setError(null),
  };
}
