/**
 * The exports running in one recording's worker, by job id: each with its AbortController (cancel reaches
 * the writers' loops) and throttled progress events.
 */
import { dirname, join } from 'node:path';
import { TrailviewError } from '../../../shared/errors';
import type { SessionEvent } from '../session';
import { runExport, type ExportEnvironment } from './run-export';
import type { ClipRequest, ExportResult } from './types';

const PROGRESS_INTERVAL_MS = 200;

export class ExportJobs {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (e: SessionEvent) => void) {}

  /** `path`: the file the recording was opened from (its parts, if any, sit next to it). */
  async run(jobId: string, env: Omit<ExportEnvironment, 'sourcePaths'> & { path: string }, req: ClipRequest): Promise<ExportResult> {
    if (this.running.has(jobId)) throw new TrailviewError('BAD_REQUEST', `an export with job id ${JSON.stringify(jobId)} is already running`);
    const abort = new AbortController();
    this.running.set(jobId, abort);
    const summary = env.session.summary();
    const sourcePaths = [env.path, ...(summary.parts ?? []).map((p) => join(dirname(env.path), p.name))];
    let lastAt = 0;
    const progress = (fraction: number): void => {
      const now = performance.now();
      if (fraction < 1 && now - lastAt < PROGRESS_INTERVAL_MS) return;
      lastAt = now;
      this.emit({ event: 'exportProgress', payload: { id: summary.id, jobId, progress: Math.max(0, Math.min(1, fraction)) } });
    };
    try {
      return await runExport({ ...env, sourcePaths }, req, abort.signal, progress);
    } finally {
      this.running.delete(jobId);
    }
  }

  /** True when the job was running (it ends with a CANCELLED error and leaves no file). */
  cancel(jobId: string): boolean {
    const abort = this.running.get(jobId);
    abort?.abort();
    return abort !== undefined;
  }

  cancelAll(): void {
    for (const abort of this.running.values()) abort.abort();
  }
}
