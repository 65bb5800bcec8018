/**
 * For a video recording, what the export of the typed range would do (copy packets or re-encode, and
 * from where), read from the clips' key frames while the dialog is open, so it can say so before Start.
 */
import { useEffect, useState } from 'react';
import type { RecordingSummary, TimeMs } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { planVideoClip, type ClipPlan } from './video-clip-export';
import type { VideoContainer } from './video-encoder';

/** `forKey` names the inputs the answer is for (from-to-fast-container), so a stale answer is told apart. */
export type PlanState = { phase: 'none' } | { phase: 'checking' } | { phase: 'ready'; plan: ClipPlan; forKey: string } | { phase: 'error'; message: string; forKey: string };

/** Typing a time re-plans after this pause, not on every key. */
const SETTLE_MS = 250;

export function useClipPlan(api: TrailviewApi, summary: RecordingSummary, container: VideoContainer | null, fromMs: TimeMs | null, toMs: TimeMs | null, fast: boolean): PlanState {
  const [state, setState] = useState<PlanState>({ phase: 'none' });
  const wanted = summary.kind === 'video' && container !== null && fromMs !== null && toMs !== null && toMs > fromMs;
  useEffect(() => {
    if (!wanted) {
      setState({ phase: 'none' });
      return;
    }
    let live = true;
    const forKey = `${fromMs}-${toMs}-${fast}-${container}`;
    setState({ phase: 'checking' });
    const timer = setTimeout(() => {
      void (async () => {
        const media = await api.call('media', { id: summary.id });
        if (!media.ok) return live && setState({ phase: 'error', message: media.error.message, forKey });
        const plan = await planVideoClip(media.value.clips, fromMs!, toMs!, container!, fast);
        if (live) setState({ phase: 'ready', plan, forKey });
      })().catch((err: unknown) => live && setState({ phase: 'error', message: err instanceof Error ? err.message : String(err), forKey }));
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, summary.id, wanted, container, fromMs, toMs, fast]);
  return state;
}
