/**
 * One export at a time from the dialog: the core's formats through the contract's `export` (progress as
 * `exportProgress` events, cancel through `exportCancel`), video rendered here (exportVideo) and then
 * saved. The state says where it stands; the dialog only draws it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrailviewApi } from '../api';
import type { ApiError, RecordingSummary, TimeMs } from '../../shared/model';
import { exportFileName, isVideoFormat, type ExportFormat } from './export-formats';
import { saveBytes, triggerDownload, type Saved } from './save-file';
import { exportVideo, ExportCancelled } from './video-export';
import { ClipExportCancelled, exportVideoClip } from './video-clip-export';
import { keyframesReach } from './keyframes-reach';
import type { OverlayOptions } from './overlay';

export type JobState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: number }
  | { phase: 'done'; saved: Saved; detail?: string }
  | { phase: 'cancelled' }
  | { phase: 'error'; error: ApiError };

export interface ExportRequest {
  format: ExportFormat;
  fromMs: TimeMs;
  toMs: TimeMs;
  castVersion?: 2 | 3;
  notes?: string;
  overlay?: OverlayOptions;
  /** A video recording: start at the key frame before the in-point rather than re-encode from it. */
  fast?: boolean;
}

const toApiError = (err: unknown): ApiError => {
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  return { code: typeof code === 'string' ? (code as ApiError['code']) : 'INTERNAL', message };
};

export function useExportJob(api: TrailviewApi, summary: RecordingSummary) {
  const [state, setState] = useState<JobState>({ phase: 'idle' });
  const cancelRef = useRef<(() => void) | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      // Closing the dialog mid-export stops the export: nothing keeps running unseen.
      cancelRef.current?.();
    };
  }, []);
  const set = (s: JobState): void => {
    if (alive.current) setState(s);
  };

  const start = useCallback(
    async (req: ExportRequest): Promise<void> => {
      const name = exportFileName(summary.fileName, req.fromMs, req.toMs, req.format);
      set({ phase: 'running', progress: 0 });
      if (isVideoFormat(req.format) && summary.kind === 'video') return runClip(req, name);
      if (isVideoFormat(req.format)) {
        const abort = new AbortController();
        cancelRef.current = () => abort.abort();
        try {
          const video = await exportVideo({
            summary,
            fromMs: req.fromMs,
            toMs: req.toMs,
            container: req.format,
            overlay: req.overlay ?? { timestamp: false, caption: '' },
            fetchChunk: (r) => api.call('chunk', r),
            keyframesReach: (t) => keyframesReach(api, summary.id, t, abort.signal),
            signal: abort.signal,
            onProgress: (p) => set({ phase: 'running', progress: p }),
          });
          if (abort.signal.aborted) throw new ExportCancelled();
          const r = await saveBytes(api, video.bytes, name, video.mimeType);
          if (!r.ok) return set({ phase: 'error', error: r.error });
          const tm = video.timings;
          const ms = (n: number): string => n.toFixed(0);
          set({ phase: 'done', saved: r.saved, detail: `${video.width}×${video.height} · ${video.codec.codec} · open ${ms(tm.openMs)} step ${ms(tm.stepMs)} draw ${ms(tm.drawMs)} encode ${ms(tm.encodeMs)} finish ${ms(tm.finishMs)} ms · ${video.framesEncoded}` });
        } catch (err) {
          if (err instanceof ExportCancelled || abort.signal.aborted) set({ phase: 'cancelled' });
          else set({ phase: 'error', error: toApiError(err) });
        } finally {
          cancelRef.current = null;
        }
        return;
      }
      const jobId = `ui${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      let cancelled = false;
      cancelRef.current = () => {
        cancelled = true;
        void api.call('exportCancel', { id: summary.id, jobId });
      };
      const off = api.on('exportProgress', (e) => {
        if (e.jobId === jobId) set({ phase: 'running', progress: e.progress });
      });
      try {
        const r = await api.call('export', {
          id: summary.id,
          fromMs: req.fromMs,
          toMs: req.toMs,
          format: req.format,
          jobId,
          ...(req.castVersion !== undefined ? { castVersion: req.castVersion } : {}),
          ...(req.notes ? { notes: req.notes } : {}),
        });
        if (!r.ok) return set(cancelled || r.error.code === 'CANCELLED' ? { phase: 'cancelled' } : { phase: 'error', error: r.error });
        const saved: Saved = { name, sizeBytes: r.value.sizeBytes, sha256: r.value.sha256 };
        if (api.mode === 'electron') saved.path = r.value.path;
        else {
          saved.href = r.value.path;
          triggerDownload(r.value.path, name);
        }
        set({ phase: 'done', saved });
      } finally {
        off();
        cancelRef.current = null;
      }
    },
    [api, summary],
  );

  /** A video recording is cut (packets copied, or re-encoded from the in-point), not drawn. */
  const runClip = async (req: ExportRequest, name: string): Promise<void> => {
    const abort = new AbortController();
    cancelRef.current = () => abort.abort();
    try {
      const media = await api.call('media', { id: summary.id });
      if (!media.ok) return set({ phase: 'error', error: media.error });
      const clip = await exportVideoClip({
        clips: media.value.clips,
        fromMs: req.fromMs,
        toMs: req.toMs,
        container: req.format as 'mp4' | 'webm',
        fast: req.fast === true,
        signal: abort.signal,
        onProgress: (p) => set({ phase: 'running', progress: p }),
      });
      if (abort.signal.aborted) throw new ClipExportCancelled();
      const r = await saveBytes(api, clip.bytes, name, clip.mimeType);
      if (!r.ok) return set({ phase: 'error', error: r.error });
      set({ phase: 'done', saved: r.saved, detail: `${clip.plan.mode} · ${clip.plan.reason} · ${clip.codec} · from ${clip.plan.startMs} ms · ${clip.packets}` });
    } catch (err) {
      if (err instanceof ClipExportCancelled || abort.signal.aborted) set({ phase: 'cancelled' });
      else set({ phase: 'error', error: toApiError(err) });
    } finally {
      cancelRef.current = null;
    }
  };

  const cancel = useCallback(() => cancelRef.current?.(), []);
  const reset = useCallback(() => set({ phase: 'idle' }), []);
  return { state, start, cancel, reset };
}
