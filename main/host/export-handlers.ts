/**
 * The contract's `export` and `exportCancel`, for every host. Where the file goes:
 * - `outPath` given (Electron's save dialog, tools): there. Browser mode refuses it: a page must not
 *   choose where this machine writes.
 * - no `outPath`: a fresh name in the host's export folder (`HostParts.exportDir`: browser mode
 *   `<dataDir>/exports`, Electron the Downloads folder; default `<tmp>/trailview-exports`). A host with a
 *   media endpoint (browser mode) answers a URL path to download it from (`/media/<token>`, fetched with
 *   the access token like video); others answer the file's path (for "show in folder").
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../../shared/api';
import { TrailviewError } from '../../shared/errors';
import { freshPath, suggestedExportName } from '../core/export/file-names';
import type { Core } from '../core/types';
import type { HostParts } from './handlers';

const CONTENT_TYPE = { cast: 'application/x-asciicast', guac: 'application/octet-stream', txt: 'text/plain; charset=utf-8', csv: 'text/csv; charset=utf-8', bundle: 'application/zip' } as const;

export function createExportHandlers(core: Core, parts: HostParts & { exportDir?: string }): Pick<Handlers, 'export' | 'exportCancel'> {
  const running = new Map<string, AbortController>();
  let count = 0;
  return {
    export: async (req) => {
      const summary = core.summary(req.id);
      if (req.outPath !== undefined && parts.mode === 'web') {
        throw new TrailviewError('UNSUPPORTED_HERE', 'In browser mode the export is downloaded: leave out "outPath"');
      }
      let outPath = req.outPath;
      if (outPath === undefined) {
        const dir = parts.exportDir ?? join(tmpdir(), 'trailview-exports');
        mkdirSync(dir, { recursive: true });
        outPath = freshPath(dir, suggestedExportName(summary.fileName, req.fromMs, req.toMs, req.format));
      }
      const jobId = req.jobId ?? `job-${++count}`;
      if (running.has(jobId)) throw new TrailviewError('BAD_REQUEST', `an export with job id ${JSON.stringify(jobId)} is already running`);
      const abort = new AbortController();
      running.set(jobId, abort);
      try {
        const bookmarks = (parts as { bookmarks?: { list(sha256: string): { timeMs: number; note: string }[] } }).bookmarks?.list(summary.sha256) ?? [];
        const result = await core.exportClip(
          req.id,
          {
            fromMs: req.fromMs,
            toMs: req.toMs,
            format: req.format,
            outPath,
            ...(req.castVersion !== undefined ? { castVersion: req.castVersion } : {}),
            ...(req.notes !== undefined ? { notes: req.notes } : {}),
            bookmarks: bookmarks.map((b) => ({ timeMs: b.timeMs, note: b.note })),
            appVersion: parts.version,
          },
          { jobId, signal: abort.signal },
        );
        const media = parts.media;
        if (req.outPath === undefined && media) return { ...result, path: media.urlFor(media.registry.register(result.path, CONTENT_TYPE[req.format])) };
        return result;
      } finally {
        running.delete(jobId);
      }
    },
    exportCancel: async ({ jobId }) => {
      const abort = running.get(jobId);
      abort?.abort();
      return { cancelled: abort !== undefined };
    },
  };
}
