/**
 * The only reader of the bridge. Electron (the preload's `window.trailview`) and browser mode (HTTP +
 * server-sent events against the web host) look the same to the rest of the renderer.
 */
import type { EventName, Events, Method, OpenSource, Req, Res, Result } from '../shared/api';
import type { RecordingSummary } from '../shared/model';

export interface TrailviewApi {
  mode: 'electron' | 'web';
  call<M extends Method>(method: M, req: Req<M>): Promise<Result<Res<M>>>;
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void;
  /** Opens dropped or picked files; one result per file, in order. `jobIds[i]` names file i's open (progress, cancel). */
  openFiles(files: File[], jobIds?: string[]): Promise<Result<RecordingSummary>[]>;
  /** Electron has a native Open dialog; a browser uses <input type=file>. */
  canShowOpenDialog: boolean;
  /** Electron only: the path of a dropped file or folder ('' when it has none), for `openFolder`. */
  pathOf?(file: File): string;
  /** A picked or dropped file as a source for a request other than open (attachLog): its path, or an upload. */
  sourceOf?(file: File): Promise<Result<OpenSource>>;
}

/** What the preload exposes through contextBridge (main/preload.ts). */
export interface PreloadBridge {
  invoke(method: string, req: unknown): Promise<Result<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

const TOKEN_KEY = 'trailview.token';

function lostConnection(err: unknown): Result<never> {
  const detail = err instanceof Error ? err.message : String(err);
  return { ok: false, error: { code: 'INTERNAL', message: `lost connection to the Trailview host: ${detail}` } };
}

function isResult(v: unknown): v is Result<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

export function createElectronApi(bridge: PreloadBridge): TrailviewApi {
  const call = async <M extends Method>(method: M, req: Req<M>): Promise<Result<Res<M>>> => {
    try {
      const res = await bridge.invoke(method, req);
      return isResult(res) ? (res as Result<Res<M>>) : lostConnection(new Error(`malformed reply to ${method}`));
    } catch (err) {
      return lostConnection(err);
    }
  };
  return {
    mode: 'electron',
    canShowOpenDialog: true,
    call,
    pathOf: (file) => {
      try {
        return bridge.pathForFile(file);
      } catch {
        return '';
      }
    },
    on: (event, cb) => bridge.on(event, cb as (payload: unknown) => void),
    sourceOf: async (file) => {
      let path = '';
      try {
        path = bridge.pathForFile(file);
      } catch {
        path = '';
      }
      return path ? { ok: true, value: { kind: 'path', path } } : { ok: false, error: { code: 'NOT_READABLE', message: `"${file.name}" is not a file on this computer (no path).` } };
    },
    openFiles: (files, jobIds) =>
      Promise.all(
        files.map(async (file, i): Promise<Result<RecordingSummary>> => {
          let path = '';
          try {
            path = bridge.pathForFile(file);
          } catch {
            path = '';
          }
          if (!path) {
            return { ok: false, error: { code: 'NOT_READABLE', message: `"${file.name}" is not a file on this computer (no path).` } };
          }
          const jobId = jobIds?.[i];
          return call('open', { source: { kind: 'path', path }, ...(jobId !== undefined ? { jobId } : {}) });
        }),
      ),
  };
}

/** Reads `?token=` once, keeps it for this tab, and takes it out of the visible URL. */
export function takeToken(loc: Location, history: History, storage: Storage): string {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      storage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token still works for this page's lifetime.
    }
    params.delete('token');
    const query = params.toString();
    history.replaceState(history.state, '', `${loc.pathname}${query ? `?${query}` : ''}${loc.hash}`);
    return fromUrl;
  }
  try {
    return storage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export interface WebApiOptions {
  token: string;
  /** Origin-relative base, '' in production. */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  eventSourceImpl?: typeof EventSource;
}

export function createWebApi(opts: WebApiOptions): TrailviewApi {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const headers = { 'X-Trailview-Token': opts.token };

  async function readEnvelope<T>(res: Response, what: string): Promise<Result<T>> {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return lostConnection(new Error(`${what} answered HTTP ${res.status} without a JSON reply`));
    }
    if (isResult(body)) return body as Result<T>;
    return lostConnection(new Error(`${what} answered HTTP ${res.status} with an unexpected reply`));
  }

  const call = async <M extends Method>(method: M, req: Req<M>): Promise<Result<Res<M>>> => {
    try {
      const res = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(req),
      });
      return await readEnvelope<Res<M>>(res, method);
    } catch (err) {
      return lostConnection(err);
    }
  };

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  function ensureSource(): void {
    const ES = opts.eventSourceImpl ?? (typeof EventSource === 'undefined' ? undefined : EventSource);
    if (source || !ES) return;
    source = new ES(`${base}/api/events?token=${encodeURIComponent(opts.token)}`);
    source.onmessage = (msg: MessageEvent<string>) => {
      let parsed: { event?: EventName; payload?: unknown };
      try {
        parsed = JSON.parse(msg.data) as typeof parsed;
      } catch {
        return;
      }
      if (!parsed.event) return;
      for (const cb of listeners.get(parsed.event) ?? []) cb(parsed.payload);
    };
  }

  async function upload(file: File, jobId?: string): Promise<Result<RecordingSummary>> {
    const uploaded = await put(file);
    if (!uploaded.ok) return uploaded;
    return call('open', { source: { kind: 'upload', uploadId: uploaded.value.uploadId }, ...(jobId !== undefined ? { jobId } : {}) });
  }

  async function put(file: File): Promise<Result<{ uploadId: string }>> {
    let uploaded: Result<{ uploadId: string }>;
    try {
      const res = await doFetch(`${base}/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'PUT',
        headers: { ...headers, 'Content-Type': 'application/octet-stream' },
        body: file,
      });
      uploaded = await readEnvelope<{ uploadId: string }>(res, 'upload');
    } catch (err) {
      return lostConnection(err);
    }
    return uploaded;
  }

  return {
    mode: 'web',
    sourceOf: async (file) => {
      const r = await put(file);
      return r.ok ? { ok: true, value: { kind: 'upload', uploadId: r.value.uploadId } } : r;
    },
    canShowOpenDialog: false,
    call,
    on: (event, cb) => {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const fn = cb as (payload: unknown) => void;
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    // Sequential: uploads compete for the same connection and the host hashes each file anyway.
    openFiles: async (files, jobIds) => {
      const out: Result<RecordingSummary>[] = [];
      for (const [i, f] of files.entries()) out.push(await upload(f, jobIds?.[i]));
      return out;
    },
  };
}

/** The api for this window: the preload bridge when present, else browser mode. */
export function createApi(): TrailviewApi {
  const bridge = (window as unknown as { trailview?: PreloadBridge }).trailview;
  if (bridge) return createElectronApi(bridge);
  return createWebApi({ token: takeToken(window.location, window.history, window.sessionStorage) });
}
