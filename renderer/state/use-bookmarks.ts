/**
 * The selected recording's bookmarks: loaded when it is selected, changed through the host (which keeps
 * them by content hash), and the list re-read from the host's answers so what is shown is what is stored.
 *
 * B must give a note field at once (people type straight after pressing it), before the host has
 * answered: a new bookmark shows as a draft with a temporary id, its editor keyed so that it stays
 * mounted when the stored bookmark replaces the draft; edits and deletes of a draft wait for that answer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, Bookmark, RecordingSummary, TimeMs } from '../../shared/model';
import type { TrailviewApi } from '../api';

export interface BookmarksState {
  items: Bookmark[];
  loading: boolean;
  error: ApiError | null;
  /** The bookmark whose note is being edited (the one just added with B, or one being edited). */
  editingId: string | null;
  setEditingId(id: string | null): void;
  /** A React key for a bookmark that stays the same when a draft becomes the stored bookmark. */
  keyOf(b: Bookmark): string;
  add(timeMs: TimeMs, note?: string): Promise<Bookmark | null>;
  update(id: string, change: { timeMs?: TimeMs; note?: string }): Promise<Bookmark | null>;
  remove(id: string): Promise<boolean>;
  dismissError(): void;
}

const DRAFT = 'draft-';
const byTime = (a: Bookmark, b: Bookmark): number => a.timeMs - b.timeMs || a.createdAtEpochMs - b.createdAtEpochMs;

export function useBookmarks(api: TrailviewApi, summary: RecordingSummary | null): BookmarksState {
  const id = summary?.id ?? null;
  const [state, setState] = useState<{ id: string; items: Bookmark[]; loading: boolean } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const latest = useRef<Bookmark[]>([]);
  const drafts = useRef(new Map<string, Promise<Bookmark | null>>());
  const keys = useRef(new Map<string, string>());
  const seq = useRef(0);

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
  latest.current = items;

  const edit = useCallback((forId: string, f: (list: Bookmark[]) => Bookmark[]) => {
    setState((s) => (s && s.id === forId ? { ...s, items: f(s.items).sort(byTime) } : s));
  }, []);

  /** A draft's stored id once the host has answered (null if it refused); other ids as they are. */
  const realId = useCallback(async (bookmarkId: string): Promise<string | null> => {
    const pending = drafts.current.get(bookmarkId);
    return pending ? ((await pending)?.id ?? null) : bookmarkId;
  }, []);

  const add = useCallback(
    async (timeMs: TimeMs, note = ''): Promise<Bookmark | null> => {
      if (!id) return null;
      const draft: Bookmark = { id: `${DRAFT}${++seq.current}`, timeMs: Math.max(0, Math.round(timeMs)), note, createdAtEpochMs: Date.now() };
      edit(id, (list) => [...list, draft]);
      setEditingId(draft.id);
      const saving = api.call('bookmarkSave', { id, bookmark: { timeMs: draft.timeMs, note } }).then((r) => {
        if (!r.ok) {
          edit(id, (list) => list.filter((b) => b.id !== draft.id));
          setEditingId((e) => (e === draft.id ? null : e));
          setError(r.error);
          return null;
        }
        setError(null);
        keys.current.set(r.value.id, draft.id);
        // Both in one render: the draft's editor becomes the stored bookmark's without remounting.
        edit(id, (list) => list.map((b) => (b.id === draft.id ? r.value : b)));
        setEditingId((e) => (e === draft.id ? r.value.id : e));
        return r.value;
      });
      drafts.current.set(draft.id, saving);
      return saving;
    },
    [api, id, edit],
  );

  const update = useCallback(
    async (bookmarkId: string, change: { timeMs?: TimeMs; note?: string }): Promise<Bookmark | null> => {
      // A draft's stored bookmark comes from the host's answer: the list may not have re-rendered yet.
      const pending = drafts.current.get(bookmarkId);
      const was = pending ? await pending : latest.current.find((b) => b.id === bookmarkId);
      if (!id || !was) return null;
      const real = was.id;
      const r = await api.call('bookmarkSave', { id, bookmark: { id: real, timeMs: change.timeMs ?? was.timeMs, note: change.note ?? was.note } });
      if (!r.ok) {
        setError(r.error);
        return null;
      }
      setError(null);
      edit(id, (list) => list.map((b) => (b.id === r.value.id ? r.value : b)));
      return r.value;
    },
    [api, id, edit],
  );

  const remove = useCallback(
    async (bookmarkId: string): Promise<boolean> => {
      const real = await realId(bookmarkId);
      if (!id || !real) return false;
      const r = await api.call('bookmarkDelete', { id, bookmarkId: real });
      if (!r.ok) {
        setError(r.error);
        return false;
      }
      setError(null);
      edit(id, (list) => list.filter((b) => b.id !== real));
      return r.value.deleted;
    },
    [api, id, edit, realId],
  );

  return {
    items,
    loading: state?.id === id ? state.loading : !!id,
    error,
    editingId,
    setEditingId,
    keyOf: (b) => keys.current.get(b.id) ?? b.id,
    add,
    update,
    remove,
    dismissError: () => setError(null),
  };
}
