/** Waiting for the core's keyframe pass to reach a Guacamole export's in-point (see GuacFrames.open). */
import type { TrailviewApi } from '../api';
import type { RecordingId, TimeMs } from '../../shared/model';
import { ExportCancelled } from './video-export';

const KEYFRAME_POLL_MS = 250;
/** A keyframe pass that has not moved on for this long has stopped (failed or cancelled). */
const KEYFRAME_STALL_MS = 15_000;

/**
 * Resolves once the recording's keyframes cover `timeMs` (the core's keyframe pass runs on after a
 * Guacamole dump is opened); rejects if the pass stalls short of it, the summary cannot be had, or the
 * export is cancelled.
 */
export async function keyframesReach(api: TrailviewApi, id: RecordingId, timeMs: TimeMs, signal: AbortSignal): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    if (signal.aborted) throw new ExportCancelled();
    const r = await api.call('summary', { id });
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    if (s.kind !== 'display') throw new Error(`${s.fileName} is not a display recording`);
    const until = s.display.seekableUntilMs;
    if (until >= Math.min(timeMs, s.durationMs)) return;
    if (until > last) {
      last = until;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > KEYFRAME_STALL_MS) {
      throw new Error(`keyframes stopped at ${until} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, KEYFRAME_POLL_MS));
  }
}
