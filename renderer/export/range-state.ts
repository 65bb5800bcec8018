/**
 * The export range (in/out points) of the recording on screen. One small store outside React, so the
 * keyboard, the seek bar, the panels ("export from this command") and the Export dialog share it:
 * `setRange`, `setIn`, `setOut`, `clearRange` from anywhere, `useExportRange()` in components.
 */
import { useSyncExternalStore } from 'react';
import type { RecordingId, TimeMs } from '../../shared/model';

export interface ExportRange {
  id: RecordingId;
  /** Absent until an in-point is set: the range then starts at 0. */
  fromMs?: TimeMs;
  /** Absent until an out-point is set: the range then ends at the recording's end. */
  toMs?: TimeMs;
}

/** A whole range ready to export. */
export interface ResolvedRange {
  fromMs: TimeMs;
  toMs: TimeMs;
}

type Listener = () => void;

let current: ExportRange | null = null;
/** The recording the player shows: the seek bar's drag and the keys set ranges on it. */
let shown: RecordingId | null = null;
const listeners = new Set<Listener>();

/** Called by the player when it shows another recording; a range of another recording is dropped. */
export function setShownRecording(id: RecordingId | null): void {
  if (shown === id) return;
  shown = id;
  if (current && current.id !== id) publish(null);
  else for (const l of listeners) l();
}

export function shownRecording(): RecordingId | null {
  return shown;
}

/**
 * A range dragged out on the seek bar (Shift+drag): anchored where the drag started, the other end
 * following the pointer. Returns the function the drag calls with each new time; null with no recording.
 */
export function startRangeDrag(anchorMs: TimeMs): ((ms: TimeMs) => void) | null {
  const id = shown;
  if (id === null) return null;
  setRange(id, { fromMs: anchorMs, toMs: anchorMs });
  return (ms) => setRange(id, { fromMs: anchorMs, toMs: ms });
}

function publish(next: ExportRange | null): void {
  current = next;
  for (const l of listeners) l();
}

export function getRange(): ExportRange | null {
  return current;
}

export function subscribeRange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Both ends at once (from a command, a search hit, a bookmark ...); ends given backwards are swapped. */
export function setRange(id: RecordingId, range: { fromMs: TimeMs; toMs: TimeMs }): void {
  const a = Math.max(0, Math.round(range.fromMs));
  const b = Math.max(0, Math.round(range.toMs));
  publish({ id, fromMs: Math.min(a, b), toMs: Math.max(a, b) });
}

/** In-point at `timeMs` (I). An out-point before it is dropped rather than making an empty range. */
export function setIn(id: RecordingId, timeMs: TimeMs): void {
  const t = Math.max(0, Math.round(timeMs));
  const keep = current?.id === id && current.toMs !== undefined && current.toMs > t ? current.toMs : undefined;
  publish({ id, fromMs: t, ...(keep !== undefined ? { toMs: keep } : {}) });
}

/** Out-point at `timeMs` (O). An in-point after it is dropped. */
export function setOut(id: RecordingId, timeMs: TimeMs): void {
  const t = Math.max(0, Math.round(timeMs));
  const keep = current?.id === id && current.fromMs !== undefined && current.fromMs < t ? current.fromMs : undefined;
  publish({ id, toMs: t, ...(keep !== undefined ? { fromMs: keep } : {}) });
}

export function clearRange(): void {
  if (current !== null) publish(null);
}

/** The range for recording `id` with the open ends filled in, clamped to [0, durationMs]; null if empty. */
export function resolveRange(range: ExportRange | null, id: RecordingId, durationMs: TimeMs): ResolvedRange | null {
  const own = range?.id === id ? range : null;
  const fromMs = Math.min(Math.max(0, own?.fromMs ?? 0), durationMs);
  const toMs = Math.min(Math.max(0, own?.toMs ?? durationMs), durationMs);
  return toMs > fromMs ? { fromMs, toMs } : null;
}

/** The range of recording `id` (null when none is set for it); no id: the recording the player shows. */
export function useExportRange(id?: RecordingId | null): ExportRange | null {
  const range = useSyncExternalStore(subscribeRange, getRange, getRange);
  const own = useSyncExternalStore(subscribeRange, shownRecording, shownRecording);
  const want = id === undefined ? own : id;
  return want !== null && range?.id === want ? range : null;
}
