/**
 * createCore: the Core every host uses. One worker per open recording ('thread'), or the same session
 * code on the calling thread ('inline', for tests). The core keeps each recording's latest summary
 * (pushed by its worker), so summary() and list() answer without a round trip, and one spare worker
 * started ahead of need, so open() does not wait for a thread to boot and load its modules.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrailviewError } from '../../shared/errors';
import type { CommandEntry, TransferEntry } from '../../shared/model';
import type { Activity, PlaybackChunk, RecordingId, RecordingSummary, SearchRequest, SearchResult } from '../../shared/model';
import { cleanStaleTemps } from './cache';
import { openCancelled } from './open-job';
import type { SessionEvent } from './session';
import type { ExportResult } from './export/types';
import { SpareWorker } from './spare-worker';
import { InlineHost, type Host } from './worker-hosts';
import type { Core, CoreEventName, CoreListener, CoreOptions, MediaClip, ScreenText, TranscriptLine, TranscriptPage } from './types';

const TRANSCRIPT_PAGE_LINES = 2000;

function openCancelledError(path: string, displayName?: string): TrailviewError {
  return openCancelled(displayName ?? basename(path));
}

/** Cancels an open: at once if its worker is not taken yet, else by a call the worker answers mid-open. */
async function cancelJob(job: { host?: Host; cancelled: boolean }): Promise<boolean> {
  if (job.cancelled) return false;
  job.cancelled = true;
  if (!job.host) return true;
  return (await job.host.call('cancelOpen').catch(() => false)) as boolean;
}

/**
 * The built worker sits in out/main/, next to the entry bundles; this code may itself be in a shared
 * chunk one level down (out/main/chunks/). Computed at run time so the bundler leaves it alone.
 */
export function defaultWorkerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'worker.js'), join(here, '..', 'worker.js')];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

interface Entry {
  host: Host;
  summary: RecordingSummary;
  origin: { path: string; displayName?: string };
}

export function createCore(opts: CoreOptions): Core {
  const dataDir = opts.dataDir;
  mkdirSync(dataDir, { recursive: true });
  try {
    cleanStaleTemps(dataDir);
  } catch {
    // A cache we cannot tidy is not a reason to refuse to start.
  }
  const mode = opts.worker ?? 'thread';
  const workerPath = opts.workerPath ?? defaultWorkerPath();
  const recordings = new Map<RecordingId, Entry>();
  const listeners = {
    progress: new Set<CoreListener<'progress'>>(),
    summary: new Set<CoreListener<'summary'>>(),
    exportProgress: new Set<CoreListener<'exportProgress'>>(),
    openProgress: new Set<CoreListener<'openProgress'>>(),
  };
  /** Opens under way by jobId: the worker they run on (once taken) and whether cancel came first. */
  const openJobs = new Map<string, { host?: Host; cancelled: boolean }>();
  let disposed = false;
  let exportCount = 0;
  const spare = mode === 'thread' ? new SpareWorker(workerPath) : undefined;
  let opening = 0;
  /** When a recording was last asked for anything (a chunk, a search...). */
  let lastUsedAt = Number.NEGATIVE_INFINITY;
  /**
   * A new spare boots and warms up (~1 s of a core) only once nothing indexes and nobody has used a
   * recording for this long: right after an open, someone seeks around it, and seeks slowed to 40-70 ms
   * while the spare booted beside them.
   */
  const IN_USE_MS = 2000;
  const busy = (): boolean => opening > 0 || performance.now() - lastUsedAt < IN_USE_MS || [...recordings.values()].some((e) => e.summary.index.state === 'indexing');
  /** Called whenever indexing may have stopped. */
  const replenish = (): void => {
    if (!disposed) spare?.replaceLater(busy);
  };

  // Events count only from the host registered for that id: a duplicate open of the same content (closed
  // right away) or a host whose open() has not returned yet stays silent.
  const eventsFrom = (host: () => Host | undefined) => (e: SessionEvent): void => {
    // An open's progress comes before there is a recording id to check against.
    if (e.event === 'openProgress') {
      for (const l of listeners.openProgress) l(e.payload);
      return;
    }
    const entry = recordings.get(e.payload.id);
    if (!entry || entry.host !== host()) return;
    if (e.event === 'summary') {
      entry.summary = e.payload;
      for (const l of listeners.summary) l(e.payload);
      if (e.payload.index.state !== 'indexing') replenish();
    } else if (e.event === 'exportProgress') {
      for (const l of listeners.exportProgress) l(e.payload);
    } else {
      for (const l of listeners.progress) l(e.payload);
    }
  };

  const get = (id: RecordingId): Entry => {
    const entry = recordings.get(id);
    if (!entry) throw new TrailviewError('NOT_FOUND', `no open recording with id ${JSON.stringify(id)}`);
    lastUsedAt = performance.now();
    return entry;
  };

  const core: Core = {
    async open(path, openOpts) {
      const ref: { host?: Host } = {};
      const onEvent = eventsFrom(() => ref.host);
      const jobId = openOpts?.jobId;
      const job = { cancelled: false } as { host?: Host; cancelled: boolean };
      if (jobId !== undefined) openJobs.set(jobId, job);
      const signal = openOpts?.signal;
      const onAbort = () => void cancelJob(job).catch(() => undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      opening++;
      try {
        if (signal?.aborted) throw openCancelledError(path, openOpts?.displayName);
        const host: Host = spare ? await spare.take(onEvent) : new InlineHost(onEvent);
        ref.host = host;
        job.host = host;
        let summary: RecordingSummary;
        try {
          if (job.cancelled) throw openCancelledError(path, openOpts?.displayName);
          summary = (await host.call('open', path, dataDir, openOpts?.displayName, openOpts?.member, jobId)) as RecordingSummary;
        } catch (e) {
          await host.call('close').catch(() => undefined);
          await host.terminate();
          throw e;
        }
        const existing = recordings.get(summary.id);
        // The same content opened again answers with the first opening, unless this one knows more: the
        // archive it came in and its session metadata (a JumpServer tar of a recording already open bare).
        const knowsMore = existing && !existing.summary.container && !existing.summary.session && (summary.container || summary.session);
        if (existing && !knowsMore) {
          await host.call('close').catch(() => undefined);
          await host.terminate();
          return existing.summary;
        }
        if (existing) {
          recordings.delete(summary.id);
          await existing.host.call('close').catch(() => undefined);
          await existing.host.terminate();
        }
        const entry: Entry = { host, summary, origin: { path, ...(openOpts?.displayName !== undefined ? { displayName: openOpts.displayName } : {}) } };
        recordings.set(summary.id, entry);
        // The state may have moved on while open() was answering (e.g. a tiny file finished indexing).
        entry.summary = (await host.call('summary')) as RecordingSummary;
        if (existing) for (const l of listeners.summary) l(entry.summary);
        return entry.summary;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        if (jobId !== undefined && openJobs.get(jobId) === job) openJobs.delete(jobId);
        opening--;
        replenish();
      }
    },
    async cancelOpen(jobId) {
      const job = openJobs.get(jobId);
      return job ? cancelJob(job) : false;
    },
    list: () => [...recordings.values()].map((e) => e.summary),
    origin: (id) => recordings.get(id)?.origin,
    summary: (id) => get(id).summary,
    async chunk(id, at) {
      if ((at.atMs === undefined) === (at.chunkIndex === undefined)) {
        throw new TrailviewError('BAD_REQUEST', 'chunk needs exactly one of atMs or chunkIndex');
      }
      return (await get(id).host.call('chunk', at)) as PlaybackChunk;
    },
    async search(req: SearchRequest) {
      return (await get(req.id).host.call('search', req)) as SearchResult;
    },
    async whenIndexed(id) {
      const entry = get(id);
      entry.summary = (await entry.host.call('whenIndexed')) as RecordingSummary;
      return entry.summary;
    },
    async screenAt(id, atMs) {
      return (await get(id).host.call('screenAt', atMs)) as ScreenText;
    },
    transcript(id) {
      const host = get(id).host;
      return (async function* (): AsyncGenerator<TranscriptLine> {
        for (let from = 0; ; ) {
          const page = (await host.call('transcriptPage', from, TRANSCRIPT_PAGE_LINES)) as { lines: TranscriptLine[]; done: boolean };
          yield* page.lines;
          from += page.lines.length;
          if (page.done) return;
        }
      })();
    },
    async transcriptPage(id, from, count) {
      return (await get(id).host.call('transcriptPage', from, count)) as TranscriptPage;
    },
    async activity(id) {
      return (await get(id).host.call('activity')) as Activity;
    },
    async cancel(id) {
      return (await get(id).host.call('cancel')) as boolean;
    },
    async media(id) {
      return (await get(id).host.call('media')) as { clips: MediaClip[] };
    },
    async exportClip(id, req, exportOpts) {
      const host = get(id).host;
      const jobId = exportOpts?.jobId ?? `export-${++exportCount}`;
      const signal = exportOpts?.signal;
      signal?.throwIfAborted();
      const onAbort = () => void host.call('exportCancel', jobId).catch(() => undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return (await host.call('exportClip', jobId, req)) as ExportResult;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    async close(id) {
      const entry = recordings.get(id);
      if (!entry) return false;
      recordings.delete(id);
      await entry.host.call('close').catch(() => undefined);
      await entry.host.terminate();
      return true;
    },
    async commands(id) {
      return (await get(id).host.call('commands')) as { commands: CommandEntry[]; partial: boolean };
    },
    async transfers(id) {
      return (await get(id).host.call('transfers')) as { transfers: TransferEntry[]; partial: boolean };
    },
    on<E extends CoreEventName>(event: E, listener: CoreListener<E>) {
      const set = listeners[event] as Set<CoreListener<E>>;
      set.add(listener);
      return () => void set.delete(listener);
    },
    async dispose() {
      disposed = true;
      await Promise.all([spare?.dispose(), ...[...recordings.keys()].map((id) => core.close(id))]);
      listeners.progress.clear();
      listeners.summary.clear();
      listeners.exportProgress.clear();
      listeners.openProgress.clear();
    },
  };
  return core;
}
