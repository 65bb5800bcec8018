/**
 * A small in-memory Core for host tests until (and besides) the real one: it reads the file to hash it
 * like the real core, remembers every call, and emits events on demand. It does not parse anything.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { TrailviewError } from '../../../shared/errors';
import type { RecordingSummary, SearchRequest, SearchResult, TerminalChunk } from '../../../shared/model';
import type { Core, CoreEventName, CoreListener, ScreenText, TranscriptLine } from '../../../main/core/types';

export type FakeCore = Core & {
  calls: { method: string; args: unknown[] }[];
  emit<E extends CoreEventName>(event: E, payload: Parameters<CoreListener<E>>[0]): void;
  disposed: boolean;
};

export function fakeSummary(id: string, fileName: string, sizeBytes: number, sha256: string): RecordingSummary {
  return {
    id, kind: 'terminal', format: 'asciicast', formatVersion: 2, compression: 'none', fileName, sizeBytes, sha256,
    durationMs: 1000, events: 1, terminal: { cols: 80, rows: 24 }, markers: [], resizes: [], idle: [], inputEvents: 0,
    warnings: [], index: { state: 'ready', progress: 1, indexedUntilMs: 1000, fromCache: false },
  };
}

export function createFakeCore(): FakeCore {
  const open = new Map<string, RecordingSummary>();
  const paths = new Map<string, string>();
  const listeners = new Map<CoreEventName, Set<(p: unknown) => void>>();
  const calls: FakeCore['calls'] = [];
  const get = (id: string) => {
    const s = open.get(id);
    if (!s) throw new TrailviewError('NOT_FOUND', `No open recording with id "${id}".`);
    return s;
  };
  const core: FakeCore = {
    calls,
    disposed: false,
    async open(path) {
      calls.push({ method: 'open', args: [path] });
      let bytes: Buffer;
      try {
        bytes = await fsp.readFile(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new TrailviewError(code === 'ENOENT' ? 'NOT_FOUND' : 'NOT_READABLE', `${basename(path)}: cannot read (${code})`);
      }
      if (bytes.length === 0) throw new TrailviewError('EMPTY_FILE', `${basename(path)} is empty`);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const s = fakeSummary(sha.slice(0, 16), basename(path), bytes.length, sha);
      open.set(s.id, s);
      paths.set(s.id, path);
      return s;
    },
    origin(id) {
      const path = paths.get(id);
      return path === undefined ? undefined : { path };
    },
    list() {
      calls.push({ method: 'list', args: [] });
      return [...open.values()];
    },
    summary(id) {
      calls.push({ method: 'summary', args: [id] });
      return get(id);
    },
    async chunk(id, at) {
      calls.push({ method: 'chunk', args: [id, at] });
      const s = get(id);
      const chunk: TerminalChunk = {
        kind: 'terminal',
        chunkIndex: 0, chunkCount: 1, endMs: s.durationMs, last: true,
        keyframe: { timeMs: 0, eventIndex: 0, cols: 80, rows: 24, state: '' },
        events: [{ timeMs: 0, code: 'o', data: 'hello' }],
      };
      return chunk;
    },
    async search(req: SearchRequest): Promise<SearchResult> {
      calls.push({ method: 'search', args: [req] });
      get(req.id);
      return { hits: [], total: 0, truncated: false, partial: false, tookMs: 0 };
    },
    async whenIndexed(id) {
      calls.push({ method: 'whenIndexed', args: [id] });
      return get(id);
    },
    async screenAt(id, atMs): Promise<ScreenText> {
      calls.push({ method: 'screenAt', args: [id, atMs] });
      get(id);
      return { timeMs: atMs, cols: 80, rows: 24, lines: ['hello'], cursor: { x: 5, y: 0 } };
    },
    async *transcript(id): AsyncIterable<TranscriptLine> {
      calls.push({ method: 'transcript', args: [id] });
      get(id);
      yield { timeMs: 0, text: 'hello' };
    },
    async transcriptPage(id, from, count) {
      calls.push({ method: 'transcriptPage', args: [id, from, count] });
      get(id);
      const lines = [{ timeMs: 0, text: 'hello' }].slice(from, from + count);
      return { lines, total: 1, done: true };
    },
    async activity(id) {
      calls.push({ method: 'activity', args: [id] });
      get(id);
      return { bucketMs: 1000, screen: [1], input: [0] };
    },
    async cancel(id) {
      calls.push({ method: 'cancel', args: [id] });
      get(id);
      return false;
    },
    async cancelOpen(jobId) {
      // This core's opens finish in one read: none is ever under way to cancel.
      calls.push({ method: 'cancelOpen', args: [jobId] });
      return false;
    },
    async media(id) {
      calls.push({ method: 'media', args: [id] });
      get(id);
      return { clips: [] };
    },
    async exportClip(id, req) {
      calls.push({ method: 'exportClip', args: [id, req] });
      get(id);
      // The fake writes what it was asked for, so hosts can be seen passing the path through.
      await fsp.writeFile(req.outPath, `fake ${req.format} export\n`);
      return { path: req.outPath, sizeBytes: 0, sha256: '' };
    },
    async commands(id) {
      calls.push({ method: 'commands', args: [id] });
      get(id);
      return { commands: [], partial: false };
    },
    async transfers(id) {
      calls.push({ method: 'transfers', args: [id] });
      get(id);
      return { transfers: [], partial: false };
    },
    async close(id) {
      calls.push({ method: 'close', args: [id] });
      return open.delete(id);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    async dispose() {
      calls.push({ method: 'dispose', args: [] });
      core.disposed = true;
    },
  };
  return core;
}
