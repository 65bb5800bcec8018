/**
 * A fake TrailviewApi for component tests: serves summaries, chunks and search hits built from a
 * small cast constructed in the test. Keyframe states are the concatenated output before the chunk,
 * which reproduces the screen when written into a reset terminal (the contract's definition).
 */
import type { EventName, Events, Method, Req, Res, Result } from '../../shared/api';
import type { Bookmark, CommandEntry, Marker, RecordingSummary, SearchHit, TerminalChunk, TerminalEvent, TransferEntry } from '../../shared/model';
import type { TrailviewApi } from '../../renderer/api';

export interface CastSpec {
  id: string;
  fileName?: string;
  cols?: number;
  rows?: number;
  /** [seconds, code, data] like an asciicast v2 event line. */
  events: [number, TerminalEvent['code'], string][];
  /** Events per chunk (the real core splits by bytes/time; a count is enough here). */
  eventsPerChunk?: number;
  idleTimeLimitMs?: number;
  startedAtEpochMs?: number;
  /** Lines for the search index: [seconds, text]. */
  lines?: [number, string][];
}

export interface FakeRecording {
  summary: RecordingSummary;
  chunks: TerminalChunk[];
  lines: { timeMs: number; text: string }[];
  /** Answers to the `commands` / `transfers` requests (absent: the host does not know the request). */
  commands?: { commands: CommandEntry[]; partial: boolean };
  transfers?: { transfers: TransferEntry[]; partial: boolean };
}

export function buildRecording(spec: CastSpec): FakeRecording {
  const cols = spec.cols ?? 80;
  const rows = spec.rows ?? 24;
  // Like the real core: times in ms with fractions (microsecond precision), not rounded.
  const ms = (s: number): number => Math.round(s * 1e6) / 1e3;
  const events: TerminalEvent[] = spec.events.map(([s, code, data]) => ({ timeMs: ms(s), code, data }));
  const per = spec.eventsPerChunk ?? 4;
  const durationMs = events.length ? events[events.length - 1]!.timeMs : 0;
  const chunks: TerminalChunk[] = [];
  let size = { cols, rows };
  let state = '';
  for (let start = 0; start < Math.max(1, events.length); start += per) {
    const slice = events.slice(start, start + per);
    const next = events[start + per];
    chunks.push({
      kind: 'terminal',
      chunkIndex: chunks.length,
      chunkCount: 0,
      keyframe: { timeMs: start === 0 ? 0 : events[start]!.timeMs, eventIndex: start, cols: size.cols, rows: size.rows, state },
      events: slice,
      endMs: next ? next.timeMs : durationMs,
      last: !next,
    });
    for (const ev of slice) {
      if (ev.code === 'o') state += ev.data;
      const m = ev.code === 'r' ? /^(\d+)x(\d+)$/.exec(ev.data) : null;
      if (m) size = { cols: Number(m[1]), rows: Number(m[2]) };
    }
  }
  for (const c of chunks) c.chunkCount = chunks.length;
  const markers: Marker[] = events.filter((e) => e.code === 'm').map((e) => ({ timeMs: e.timeMs, label: e.data }));
  const limit = spec.idleTimeLimitMs ?? 2000;
  const out = events.filter((e) => e.code === 'o');
  const idle = out.slice(1).flatMap((e, i) => (e.timeMs - out[i]!.timeMs > limit ? [{ startMs: out[i]!.timeMs, endMs: e.timeMs }] : []));
  const summary: RecordingSummary = {
    id: spec.id,
    kind: 'terminal',
    format: 'asciicast',
    formatVersion: 2,
    compression: 'none',
    fileName: spec.fileName ?? `${spec.id}.cast`,
    sizeBytes: 1234,
    sha256: `${spec.id}`.padEnd(64, '0'),
    durationMs,
    events: events.length,
    terminal: { cols, rows, idleTimeLimitMs: spec.idleTimeLimitMs, startedAtEpochMs: spec.startedAtEpochMs },
    markers,
    resizes: [],
    idle,
    inputEvents: events.filter((e) => e.code === 'i').length,
    warnings: [],
    index: { state: 'ready', progress: 1, indexedUntilMs: durationMs, fromCache: false },
  };
  return { summary, chunks, lines: (spec.lines ?? []).map(([s, text]) => ({ timeMs: ms(s), text })) };
}

export interface FakeApi extends TrailviewApi {
  calls: { method: Method; req: unknown }[];
  recordings: Map<string, FakeRecording>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** Only chunks below `n` are served; requests for later ones wait (like unindexed data). */
  setAvailableChunks(id: string, n: number): void;
  /** Results for openFiles, by file name; default: NOT_FOUND. */
  openResults: Map<string, Result<RecordingSummary>>;
}

export function createFakeApi(recordings: FakeRecording[], opts: { library?: boolean } = {}): FakeApi {
  const recs = new Map(recordings.map((r) => [r.summary.id, r]));
  const available = new Map<string, number>();
  const waiters: (() => void)[] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  const openResults = new Map<string, Result<RecordingSummary>>();

  const notFound = (what: string): Result<never> => ({ ok: false, error: { code: 'NOT_FOUND', message: `no ${what}` } });
  // Bookmarks per recording, as the host would keep them (by id here: the fakes' hashes are made up).
  const bookmarks = new Map<string, Bookmark[]>();
  let bookmarkSeq = 0;
  // Commands and transfers: a recording without them answers like a host that lacks the requests.
  const loose: Record<string, (req: { id: string }) => Result<unknown>> = {
    commands: (req) => {
      const r = recs.get(req.id);
      if (!r) return notFound(`recording ${req.id}`);
      return r.commands ? { ok: true, value: r.commands } : { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Unknown method "commands".' } };
    },
    transfers: (req) => {
      const r = recs.get(req.id);
      if (!r) return notFound(`recording ${req.id}`);
      return r.transfers ? { ok: true, value: r.transfers } : { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Unknown method "transfers".' } };
    },
  };

  async function chunk(req: Req<'chunk'>): Promise<Result<TerminalChunk>> {
    const r = recs.get(req.id);
    if (!r) return notFound(`recording ${req.id}`);
    const index =
      req.chunkIndex ??
      Math.max(0, r.chunks.findIndex((c) => c.keyframe.timeMs <= req.atMs! && (req.atMs! < c.endMs || c.last)));
    if (index >= r.chunks.length) return notFound(`chunk ${index}`);
    while (index >= (available.get(req.id) ?? Infinity)) await new Promise<void>((resolve) => waiters.push(resolve));
    // While indexing, only the chunks indexed so far are known: the newest one is not sealed yet.
    const known = Math.min(r.chunks.length, available.get(req.id) ?? Infinity);
    const c = r.chunks[index]!;
    return { ok: true, value: { ...c, chunkCount: known, last: c.last && known === r.chunks.length } };
  }

  function search(req: Req<'search'>): Result<Res<'search'>> {
    const r = recs.get(req.id);
    if (!r) return notFound(`recording ${req.id}`);
    const flags = req.caseSensitive ? '' : 'i';
    const body = req.regex ? req.query : req.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(req.wholeWord ? `\\b${body}\\b` : body, flags);
    const hits: SearchHit[] = [];
    r.lines.forEach((l, lineIndex) => {
      const m = re.exec(l.text);
      if (m) hits.push({ timeMs: l.timeMs, text: l.text, matchStart: m.index, matchLength: m[0].length, lineIndex });
    });
    return { ok: true, value: { hits, total: hits.length, truncated: false, partial: r.summary.index.state === 'indexing', tookMs: 0 } };
  }

  const handlers: { [M in Method]?: (req: Req<M>) => Promise<Result<Res<M>>> | Result<Res<M>> } = {
    library: () => ({ ok: true, value: opts.library === false ? [] : [...recs.values()].map((r) => r.summary) }),
    summary: (req) => (recs.get(req.id) ? { ok: true, value: recs.get(req.id)!.summary } : notFound('recording')),
    chunk,
    search,
    transcript: (req) => {
      const r = recs.get(req.id);
      if (!r) return notFound(`recording ${req.id}`);
      return { ok: true, value: { lines: r.lines.slice(req.from, req.from + req.count), total: r.lines.length, done: r.summary.index.state !== 'indexing' } };
    },
    cancel: () => ({ ok: true, value: { cancelled: true } }),
    recentList: () => ({ ok: true, value: [] }),
    recentClear: () => ({ ok: true, value: { cleared: 0 } }),
    close: () => ({ ok: true, value: { closed: true } }),
    bookmarks: (req) => (recs.get(req.id) ? { ok: true, value: (bookmarks.get(req.id) ?? []).slice().sort((a, b) => a.timeMs - b.timeMs) } : notFound('recording')),
    bookmarkSave: (req) => {
      if (!recs.get(req.id)) return notFound('recording');
      const list = bookmarks.get(req.id) ?? [];
      const { id, timeMs, note } = req.bookmark;
      if (id !== undefined) {
        const at = list.findIndex((b) => b.id === id);
        if (at < 0) return notFound(`bookmark ${id}`);
        list[at] = { ...list[at]!, timeMs, note: note.trim() };
        bookmarks.set(req.id, list);
        return { ok: true, value: list[at]! };
      }
      const made: Bookmark = { id: `bm${++bookmarkSeq}`, timeMs, note: note.trim(), createdAtEpochMs: 1_700_000_000_000 + bookmarkSeq };
      bookmarks.set(req.id, [...list, made]);
      return { ok: true, value: made };
    },
    bookmarkDelete: (req) => {
      const list = bookmarks.get(req.id) ?? [];
      const rest = list.filter((b) => b.id !== req.bookmarkId);
      bookmarks.set(req.id, rest);
      return { ok: true, value: { deleted: rest.length !== list.length } };
    },
  };

  const api: FakeApi = {
    mode: 'web',
    canShowOpenDialog: false,
    calls,
    recordings: recs,
    openResults,
    async call<M extends Method>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
      calls.push({ method, req });
      const h = (handlers[method] ?? loose[method]) as ((r: Req<M>) => Promise<Result<Res<M>>> | Result<Res<M>>) | undefined;
      if (!h) return { ok: false, error: { code: 'UNSUPPORTED_HERE', message: `${method} is not faked` } };
      return h(req);
    },
    on(event, cb) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(cb as (p: unknown) => void);
      return () => set.delete(cb as (p: unknown) => void);
    },
    async openFiles(files) {
      return files.map((f) => openResults.get(f.name) ?? { ok: false, error: { code: 'NOT_FOUND', message: `no fake for ${f.name}` } });
    },
    emit(event, payload) {
      for (const cb of listeners.get(event) ?? []) cb(payload);
    },
    setAvailableChunks(id, n) {
      available.set(id, n);
      waiters.splice(0).forEach((w) => w());
    },
  };
  return api;
}
