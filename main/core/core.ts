/**
 * createCore: the Core every host uses. One worker per open recording ('thread'), or the same session
 * code on the calling thread ('inline', for tests). The core keeps each recording's latest summary
 * (pushed by its worker), so summary() and list() answer without a round trip, and one spare worker
 * started ahead of need, so open() does not wait for a thread to boot and load its modules.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TrailviewError, toApiError } from '../../shared/errors';
import type { Activity, ApiError, PlaybackChunk, RecordingId, RecordingSummary, SearchRequest, SearchResult } from '../../shared/model';
import { cleanStaleTemps } from './cache';
import type { SessionEvent } from './session';
import { SessionRouter } from './session-router';
import { dispatch, type CallMessage, type SessionCalls, type SessionMethod, type WorkerMessage } from './session-protocol';
import type { Core, CoreEventName, CoreListener, CoreOptions, ScreenText, TranscriptLine, TranscriptPage } from './types';

const TRANSCRIPT_PAGE_LINES = 2000;
/**
 * A worker needs ~300 ms (more on a busy machine) to boot and load the session code, most of the time
 * to first frame. The spare replacing one taken by open() starts this long after indexing has stopped
 * everywhere: not competing with indexing for the CPU, and not at all in a short-lived CLI run.
 */
const SPARE_DELAY_MS = 2000;

interface Host {
  call<M extends SessionMethod>(method: M, ...args: SessionCalls[M]): Promise<unknown>;
  terminate(): Promise<void>;
}

function fromApiError(e: ApiError): TrailviewError {
  return new TrailviewError(e.code, e.message, { offsetBytes: e.offsetBytes, line: e.line });
}

class InlineHost implements Host {
  private readonly session: SessionRouter;
  constructor(onEvent: (e: SessionEvent) => void) {
    this.session = new SessionRouter(onEvent);
  }
  async call<M extends SessionMethod>(method: M, ...args: SessionCalls[M]): Promise<unknown> {
    try {
      // A structured-clone round trip would be the thread mode's behaviour; values here are plain data.
      return await dispatch(this.session, method, args);
    } catch (e) {
      throw fromApiError(toApiError(e));
    }
  }
  async terminate(): Promise<void> {}
}

class ThreadHost implements Host {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private dead: TrailviewError | undefined;
  private onEvent: (e: SessionEvent) => void = () => undefined;

  /** Starts the worker now; `adopt` gives it its recording's event listener when it is put to use. */
  constructor(workerPath: string) {
    this.worker = new Worker(workerPath);
    // A spare must not keep a process alive; adopt() refs it.
    this.worker.unref();
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'event') return this.onEvent(m.event);
      const p = this.pending.get(m.callId);
      if (!p) return;
      this.pending.delete(m.callId);
      if (m.ok) p.resolve(m.value);
      else p.reject(fromApiError(m.error));
    });
    const fail = (why: string): void => {
      this.dead = new TrailviewError('INTERNAL', `the indexing worker stopped: ${why}`);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', (e) => fail(e.message));
    this.worker.on('exit', (code) => fail(`exit code ${code}`));
  }

  get usable(): boolean {
    return this.dead === undefined;
  }

  adopt(onEvent: (e: SessionEvent) => void): this {
    this.onEvent = onEvent;
    this.worker.ref();
    return this;
  }

  call<M extends SessionMethod>(method: M, ...args: SessionCalls[M]): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const callId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      const msg: CallMessage = { type: 'call', callId, method, args };
      this.worker.postMessage(msg);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
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
  const listeners = { progress: new Set<CoreListener<'progress'>>(), summary: new Set<CoreListener<'summary'>>() };
  let disposed = false;
  let spare: ThreadHost | undefined = mode === 'thread' ? new ThreadHost(workerPath) : undefined;
  let spareTimer: ReturnType<typeof setTimeout> | undefined;
  let opening = 0;

  const threadHost = (onEvent: (e: SessionEvent) => void): ThreadHost => {
    const host = spare?.usable ? spare : new ThreadHost(workerPath);
    if (spare && spare !== host) void spare.terminate();
    spare = undefined;
    return host.adopt(onEvent);
  };
  const indexingSomewhere = (): boolean => opening > 0 || [...recordings.values()].some((e) => e.summary.index.state === 'indexing');
  /** Called whenever indexing may have stopped: schedules a new spare if none is there or coming. */
  const replenish = (): void => {
    if (mode !== 'thread' || disposed || spare || spareTimer || indexingSomewhere()) return;
    spareTimer = setTimeout(() => {
      spareTimer = undefined;
      if (!disposed && !spare && !indexingSomewhere()) spare = new ThreadHost(workerPath);
    }, SPARE_DELAY_MS);
    spareTimer.unref();
  };

  // Events count only from the host registered for that id: a duplicate open of the same content (closed
  // right away) or a host whose open() has not returned yet stays silent.
  const eventsFrom = (host: () => Host | undefined) => (e: SessionEvent): void => {
    const entry = recordings.get(e.payload.id);
    if (!entry || entry.host !== host()) return;
    if (e.event === 'summary') {
      entry.summary = e.payload;
      for (const l of listeners.summary) l(e.payload);
      if (e.payload.index.state !== 'indexing') replenish();
    } else {
      for (const l of listeners.progress) l(e.payload);
    }
  };

  const get = (id: RecordingId): Entry => {
    const entry = recordings.get(id);
    if (!entry) throw new TrailviewError('NOT_FOUND', `no open recording with id ${JSON.stringify(id)}`);
    return entry;
  };

  const core: Core = {
    async open(path, openOpts) {
      const ref: { host?: Host } = {};
      const onEvent = eventsFrom(() => ref.host);
      const host: Host = mode === 'inline' ? new InlineHost(onEvent) : threadHost(onEvent);
      ref.host = host;
      opening++;
      try {
        let summary: RecordingSummary;
        try {
          summary = (await host.call('open', path, dataDir, openOpts?.displayName)) as RecordingSummary;
        } catch (e) {
          await host.call('close').catch(() => undefined);
          await host.terminate();
          throw e;
        }
        const existing = recordings.get(summary.id);
        if (existing) {
          await host.call('close').catch(() => undefined);
          await host.terminate();
          return existing.summary;
        }
        const entry: Entry = { host, summary };
        recordings.set(summary.id, entry);
        // The state may have moved on while open() was answering (e.g. a tiny file finished indexing).
        entry.summary = (await host.call('summary')) as RecordingSummary;
        return entry.summary;
      } finally {
        opening--;
        replenish();
      }
    },
    list: () => [...recordings.values()].map((e) => e.summary),
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
    async close(id) {
      const entry = recordings.get(id);
      if (!entry) return false;
      recordings.delete(id);
      await entry.host.call('close').catch(() => undefined);
      await entry.host.terminate();
      return true;
    },
    on<E extends CoreEventName>(event: E, listener: CoreListener<E>) {
      const set = listeners[event] as Set<CoreListener<E>>;
      set.add(listener);
      return () => void set.delete(listener);
    },
    async dispose() {
      disposed = true;
      clearTimeout(spareTimer);
      const idle = spare;
      spare = undefined;
      await Promise.all([idle?.terminate(), ...[...recordings.keys()].map((id) => core.close(id))]);
      listeners.progress.clear();
      listeners.summary.clear();
    },
  };
  return core;
}
