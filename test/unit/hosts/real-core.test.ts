/**
 * The hosts over the REAL core (inline mode, no build needed) on a copy of a corpus recording: every
 * contract method through Electron IPC (mocked electron) and through the web host over HTTP, an upload
 * played back by id, and core events arriving as server-sent events.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE, METHODS, type Method, type Result } from '../../../shared/api';
import type { RecordingSummary, SearchResult, TerminalChunk } from '../../../shared/model';
import { createCore } from '../../../main/core/core';
import { DisplayNames } from '../../../main/host/display-names';
import { createHandlers } from '../../../main/host/handlers';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { createWebHost, type WebHost } from '../../../main/web/server';
import { sampleRequests } from './contract-samples';
import { readSse } from './sse';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
const { FakeBrowserWindow, ipcMainHandlers } = await import('./electron-mock');
const { registerIpc, trackWindow } = await import('../../../main/ipc');

const ROOT = resolve(import.meta.dirname, '../../..');
const CORPUS = resolve(ROOT, '../shared/corpus/asciicast');
const SAMPLE = '02-v2-demo-input.cast';
const BIG = '09-v3-big-3MB-stress.cast';
const haveCorpus = existsSync(join(CORPUS, SAMPLE));
if (!haveCorpus) console.warn(`real-core host tests skipped: ${CORPUS} is missing`);

describe.skipIf(!haveCorpus)('hosts on the real core', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-real-'));
  const file = join(work, SAMPLE);
  copyFileSync(join(CORPUS, SAMPLE), file);
  const core = createCore({ dataDir: join(work, 'data'), worker: 'inline' });
  let web: WebHost;
  afterAll(async () => {
    await web?.close();
    await core.dispose();
    rmSync(work, { recursive: true, force: true });
  });
  beforeAll(async () => {
    web = await createWebHost({ core, dataDir: join(work, 'web'), rendererDir: join(work, 'no-renderer'), version: '0.0.0-test' });
  });

  async function walkContract(call: (method: Method, req: unknown) => Promise<Result<unknown>>, mode: 'electron' | 'web') {
    const opened = await call('open', { source: { kind: 'path', path: file } });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = (opened.value as RecordingSummary).id;
    await core.whenIndexed(id);
    const samples = sampleRequests({ id, path: file });
    const results: Partial<Record<Method, Result<unknown>>> = {};
    for (const method of METHODS) {
      if (method === 'close') continue; // last, below
      results[method] = await call(method, { ...samples[method], ...(method === 'search' ? { query: 'vim' } : {}) });
    }
    results.close = await call('close', samples.close);
    for (const method of METHODS) {
      const r = results[method]!;
      if (method === 'openDialog' && mode === 'web') expect(r, method).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_HERE' } });
      else expect(r, `${mode} ${method}: ${JSON.stringify(r).slice(0, 200)}`).toMatchObject({ ok: true });
    }
    const chunk = (results.chunk as { value: TerminalChunk }).value;
    expect(chunk.chunkIndex).toBe(0);
    expect(chunk.events.length).toBeGreaterThan(0);
    const search = (results.search as { value: SearchResult }).value;
    expect(search.total).toBeGreaterThan(0);
    expect((results.close as { value: { closed: boolean } }).value.closed).toBe(true);
  }

  it('every method through Electron IPC', async () => {
    const handlers = createHandlers(core, {
      mode: 'electron',
      version: '0.0.0-test',
      names: new DisplayNames(),
      recent: createRecentStore(jsonFileBackend(join(work, 'ipc-recent.json'))),
      bookmarks: createBookmarkStore(join(work, 'ipc-bookmarks')),
      openDialog: async () => [file],
    });
    registerIpc(handlers);
    const win = new FakeBrowserWindow();
    trackWindow(win as never);
    const invoke = ipcMainHandlers.get(IPC_INVOKE) as (e: unknown, m: unknown) => Promise<Result<unknown>>;
    const event = { sender: win.webContents, senderFrame: { url: 'app://trailview/index.html' } };
    await walkContract((method, req) => invoke(event, { method, req }), 'electron');
  });

  it('every method through the web host over HTTP', async () => {
    const origin = `http://127.0.0.1:${web.port}`;
    await walkContract(async (method, req) => {
      const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'X-Trailview-Token': web.token }, body: JSON.stringify(req) });
      return (await res.json()) as Result<unknown>;
    }, 'web');
  });

  it('an upload opens by id, shows its name, and its indexing is pushed as events', { timeout: 120_000 }, async () => {
    const origin = `http://127.0.0.1:${web.port}`;
    const headers = { 'X-Trailview-Token': web.token };
    const sse = await readSse(`${origin}/api/events`, headers);
    try {
      // A 3 MB recording: open() answers before indexing ends, so the end must arrive as an event.
      const body = readFileSync(join(CORPUS, BIG));
      const put = (await (await fetch(`${origin}/api/upload?name=big%20one.cast`, { method: 'PUT', headers, body })).json()) as Result<{ uploadId: string }>;
      if (!put.ok) throw new Error(put.error.message);
      const opened = (await (
        await fetch(`${origin}/api/open`, { method: 'POST', headers, body: JSON.stringify({ source: { kind: 'upload', uploadId: put.value.uploadId } }) })
      ).json()) as Result<RecordingSummary>;
      if (!opened.ok) throw new Error(opened.error.message);
      expect(opened.value.fileName).toBe('big one.cast');
      if (opened.value.index.state === 'indexing') {
        for (;;) {
          const e = (await sse.nextEvent()) as { event: string; payload: RecordingSummary };
          if (e.event === 'summary' && e.payload.id === opened.value.id && e.payload.index.state !== 'indexing') {
            expect(e.payload.index.state).toBe('ready');
            expect(e.payload.fileName).toBe('big one.cast');
            break;
          }
        }
      } else {
        console.warn('the big upload finished indexing before open() answered: no end-of-indexing event to check');
      }
      const hits = (await (
        await fetch(`${origin}/api/search`, { method: 'POST', headers, body: JSON.stringify({ id: opened.value.id, query: 'A', limit: 1 }) })
      ).json()) as Result<SearchResult>;
      expect(hits).toMatchObject({ ok: true, value: { truncated: true } });
    } finally {
      sse.close();
    }
  });

  it('a garbage upload is refused with a message naming the dropped file, not the stored <sha256>', async () => {
    const origin = `http://127.0.0.1:${web.port}`;
    const headers = { 'X-Trailview-Token': web.token };
    const put = (await (
      await fetch(`${origin}/api/upload?name=${encodeURIComponent('holiday photo.cast')}`, { method: 'PUT', headers, body: 'GIF89a definitely not a recording\n' })
    ).json()) as Result<{ uploadId: string }>;
    if (!put.ok) throw new Error(put.error.message);
    const opened = (await (
      await fetch(`${origin}/api/open`, { method: 'POST', headers, body: JSON.stringify({ source: { kind: 'upload', uploadId: put.value.uploadId } }) })
    ).json()) as Result<RecordingSummary>;
    expect(opened).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FORMAT' } });
    if (opened.ok) return;
    expect(opened.error.message).toMatch(/^holiday photo\.cast: not a recording Trailview knows/);
    expect(opened.error.message).not.toContain(put.value.uploadId.slice(0, 8));
  });
});
