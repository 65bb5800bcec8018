/**
 * Opens in progress, as the page started them: each gets a jobId the host's `openProgress` events name
 * (hashing a big file, unpacking an archive) and `openCancel` stops. A quick open never shows: a job
 * appears only once it has run for SHOW_AFTER_MS.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Events } from '../../shared/api';
import type { TrailviewApi } from '../api';

export const SHOW_AFTER_MS = 300;

export interface OpenJobView {
  jobId: string;
  fileName: string;
  /** Absent until the host reports a phase (a browser upload, detection). */
  phase?: Events['openProgress']['phase'];
  progress?: number;
  cancelling: boolean;
  cancel(): void;
}

export interface OpenJobs {
  list: OpenJobView[];
  /** A new job for opening `fileName`: pass the id with the `open` request, then finish() it. */
  start(fileName: string): string;
  finish(jobId: string): void;
}

interface Job {
  fileName: string;
  phase?: OpenJobView['phase'];
  progress?: number;
  visible: boolean;
  cancelling: boolean;
  timer: ReturnType<typeof setTimeout>;
}

let seq = 0;

export function useOpenJobs(api: TrailviewApi): OpenJobs {
  const jobs = useRef(new Map<string, Job>());
  const [list, setList] = useState<OpenJobView[]>([]);

  const publish = useCallback(() => {
    const views: OpenJobView[] = [];
    for (const [jobId, j] of jobs.current) {
      if (!j.visible) continue;
      const cancel = (): void => {
        const job = jobs.current.get(jobId);
        if (!job || job.cancelling) return;
        job.cancelling = true;
        publish();
        void api.call('openCancel', { jobId });
      };
      views.push({ jobId, fileName: j.fileName, ...(j.phase ? { phase: j.phase } : {}), ...(j.progress !== undefined ? { progress: j.progress } : {}), cancelling: j.cancelling, cancel });
    }
    setList(views);
  }, [api]);

  const start = useCallback(
    (fileName: string) => {
      const jobId = `open-${Date.now().toString(36)}-${++seq}`;
      const timer = setTimeout(() => {
        const job = jobs.current.get(jobId);
        if (!job) return;
        job.visible = true;
        publish();
      }, SHOW_AFTER_MS);
      jobs.current.set(jobId, { fileName, visible: false, cancelling: false, timer });
      return jobId;
    },
    [publish],
  );

  const finish = useCallback(
    (jobId: string) => {
      const job = jobs.current.get(jobId);
      if (!job) return;
      clearTimeout(job.timer);
      jobs.current.delete(jobId);
      if (job.visible) publish();
    },
    [publish],
  );

  useEffect(
    () =>
      api.on('openProgress', (p) => {
        const job = jobs.current.get(p.jobId);
        if (!job) return;
        Object.assign(job, { phase: p.phase, progress: p.progress });
        if (job.visible) publish();
      }),
    [api, publish],
  );

  useEffect(() => {
    const all = jobs.current;
    return () => {
      for (const j of all.values()) clearTimeout(j.timer);
    };
  }, []);

  return useMemo(() => ({ list, start, finish }), [list, start, finish]);
}
