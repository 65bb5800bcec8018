/**
 * Folder scans in progress, whoever runs them: the host (Open Folder, a folder dropped in Electron, folders
 * on the command line; `scan` events, cancelled with `scanCancel`) or this page (a folder dropped in a
 * browser: walked and uploaded here, cancelled by an abort signal).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ScanProgress } from '../../shared/folder-scan';
import type { TrailviewApi } from '../api';

export interface ScanView extends ScanProgress {
  cancel(): void;
}

export interface Scans {
  list: ScanView[];
  /** Report a scan run by the page; `done` ones leave the list. */
  report(progress: ScanProgress, cancel: () => void): void;
}

/** A finished scan stays on screen this long, so its result can be read. */
export const DONE_LINGER_MS = 4000;

export function useScans(api: TrailviewApi): Scans {
  const [list, setList] = useState<ScanView[]>([]);

  const report = useCallback((progress: ScanProgress, cancel: () => void) => {
    setList((cur) => {
      const view = { ...progress, cancel };
      const i = cur.findIndex((s) => s.scanId === progress.scanId);
      return i < 0 ? [...cur, view] : cur.map((s, j) => (j === i ? view : s));
    });
    if (progress.done) {
      setTimeout(() => setList((cur) => cur.filter((s) => s.scanId !== progress.scanId || !s.done)), DONE_LINGER_MS);
    }
  }, []);

  useEffect(
    () =>
      api.on('scan', (progress) =>
        report(progress, () => void api.call('scanCancel', { scanId: progress.scanId })),
      ),
    [api, report],
  );

  return { list, report };
}
