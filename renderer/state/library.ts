/** The library: every opened recording, the selected one, and per-file open errors. A pure reducer. */
import type { Events } from '../../shared/api';
import type { ApiError, RecordingId, RecordingSummary, TimeMs } from '../../shared/model';

export interface OpenError {
  key: number;
  fileName: string;
  error: ApiError;
}

export interface LibraryState {
  order: RecordingId[];
  byId: Record<RecordingId, RecordingSummary>;
  selectedId: RecordingId | null;
  /** Where each recording was when the person switched away from it: switching back resumes there. */
  positions: Record<RecordingId, TimeMs>;
  errors: OpenError[];
  nextErrorKey: number;
}

export type LibraryAction =
  | { type: 'opened'; summaries: RecordingSummary[]; select: boolean }
  | { type: 'summary'; summary: RecordingSummary }
  | { type: 'progress'; progress: Events['progress'] }
  | { type: 'select'; id: RecordingId }
  | { type: 'selectRelative'; dir: 1 | -1 }
  | { type: 'closed'; id: RecordingId }
  | { type: 'position'; id: RecordingId; timeMs: TimeMs }
  | { type: 'openFailed'; fileName: string; error: ApiError }
  | { type: 'dismissError'; key: number }
  | { type: 'dismissAllErrors' };

export const emptyLibrary: LibraryState = { order: [], byId: {}, selectedId: null, positions: {}, errors: [], nextErrorKey: 1 };

/** Keeps the error list short: people read the last few, not a log. */
const MAX_ERRORS = 6;

export function libraryReducer(s: LibraryState, a: LibraryAction): LibraryState {
  switch (a.type) {
    case 'opened': {
      if (a.summaries.length === 0) return s;
      const byId = { ...s.byId };
      const order = [...s.order];
      for (const sum of a.summaries) {
        if (!byId[sum.id]) order.push(sum.id);
        byId[sum.id] = sum;
      }
      const selectedId = a.select || s.selectedId === null ? a.summaries[0]!.id : s.selectedId;
      return { ...s, byId, order, selectedId };
    }
    case 'summary':
      // The library is every recording open in the host: one we have not seen yet is added, unselected.
      if (!s.byId[a.summary.id]) return libraryReducer(s, { type: 'opened', summaries: [a.summary], select: false });
      return { ...s, byId: { ...s.byId, [a.summary.id]: a.summary } };
    case 'progress': {
      const cur = s.byId[a.progress.id];
      if (!cur) return s;
      const p = a.progress;
      const next: RecordingSummary = {
        ...cur,
        durationMs: Math.max(cur.durationMs, p.durationMs),
        index: { ...cur.index, progress: p.progress, indexedUntilMs: p.indexedUntilMs },
      };
      return { ...s, byId: { ...s.byId, [p.id]: next } };
    }
    case 'select':
      return s.byId[a.id] ? { ...s, selectedId: a.id } : s;
    case 'selectRelative': {
      if (s.order.length === 0) return s;
      const i = s.selectedId ? s.order.indexOf(s.selectedId) : -1;
      const j = Math.min(s.order.length - 1, Math.max(0, i + a.dir));
      return { ...s, selectedId: s.order[j]! };
    }
    case 'closed': {
      if (!s.byId[a.id]) return s;
      const byId = { ...s.byId };
      delete byId[a.id];
      const i = s.order.indexOf(a.id);
      const order = s.order.filter((x) => x !== a.id);
      const selectedId = s.selectedId === a.id ? (order[Math.min(i, order.length - 1)] ?? null) : s.selectedId;
      const positions = { ...s.positions };
      delete positions[a.id];
      return { ...s, byId, order, selectedId, positions };
    }
    case 'position': {
      if (!s.byId[a.id] || !Number.isFinite(a.timeMs)) return s;
      return { ...s, positions: { ...s.positions, [a.id]: Math.max(0, a.timeMs) } };
    }
    case 'openFailed': {
      const errors = [...s.errors, { key: s.nextErrorKey, fileName: a.fileName, error: a.error }].slice(-MAX_ERRORS);
      return { ...s, errors, nextErrorKey: s.nextErrorKey + 1 };
    }
    case 'dismissError':
      return { ...s, errors: s.errors.filter((e) => e.key !== a.key) };
    case 'dismissAllErrors':
      return s.errors.length ? { ...s, errors: [] } : s;
  }
}
