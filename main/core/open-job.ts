/**
 * An open in progress, as the slow steps of opening (hashing a big file, unpacking an archive) see it:
 * a signal that cancels it and a place to report how far they are. Every step accepts it as optional,
 * so callers outside an open (CLI tools, tests) pass nothing.
 */
import { TrailviewError } from '../../shared/errors';

export type OpenPhase = 'hashing' | 'unpacking';

export interface OpenJob {
  signal?: AbortSignal;
  /** `doneBytes` of `totalBytes` processed in `phase`; called often, the receiver throttles. */
  onProgress?(phase: OpenPhase, doneBytes: number, totalBytes: number): void;
}

export const OPEN_PROGRESS_INTERVAL_MS = 200;

export function openCancelled(fileName: string): TrailviewError {
  return new TrailviewError('CANCELLED', `${fileName}: opening cancelled`);
}

/**
 * A progress reporter that sends at most one update per `intervalMs` for a phase, but always the first
 * of a phase and its completion (1), so the UI sees phases in order and each one finish.
 */
export function throttledOpenProgress(send: (phase: OpenPhase, progress: number) => void, intervalMs = OPEN_PROGRESS_INTERVAL_MS): NonNullable<OpenJob['onProgress']> {
  let lastPhase: OpenPhase | undefined;
  let lastAtMs = 0;
  let lastProgress = -1;
  return (phase, doneBytes, totalBytes) => {
    const progress = totalBytes > 0 ? Math.min(1, Math.max(0, doneBytes / totalBytes)) : 1;
    const now = performance.now();
    const changed = phase !== lastPhase;
    if (!changed && progress === lastProgress) return;
    // A new step of the same phase (another member written out) starts lower: always shown.
    if (!changed && progress < 1 && progress > lastProgress && now - lastAtMs < intervalMs) return;
    lastPhase = phase;
    lastAtMs = now;
    lastProgress = progress;
    send(phase, progress);
  };
}
