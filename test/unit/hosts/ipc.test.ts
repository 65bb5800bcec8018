import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE, METHODS, type Result } from '../../../shared/api';
import { DisplayNames } from '../../../main/host/display-names';
import { forwardCoreEvents } from '../../../main/host/events';
import { createHandlers } from '../../../main/host/handlers';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { createFakeCore } from './fake-core';
import { BAD_REQUESTS, sampleRequests } from './contract-samples';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
const { FakeBrowserWindow, ipcMainHandlers } = await import('./electron-mock');
const { registerIpc, trackWindow, broadcast } = await import('../../../main/ipc');

type Invoke = (event: unknown, message: unknown) => Promise<Result<unknown>>;

describe('Electron IPC transport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tv-ipc-'));
  const castPath = join(dir, 'a.cast');
  writeFileSync(castPath, '{"version":2,"width":80,"height":24}\n[0.1,"o","hello"]\n');
  const core = createFakeCore();
  const names = new DisplayNames();
  const dialogPaths: string[][] = [];
  const handlers = createHandlers(core, {
    mode: 'electron',
    version: '9.9.9',
    names,
    recent: createRecentStore(jsonFileBackend(join(dir, 'recent.json'))),
    bookmarks: createBookmarkStore(join(dir, 'bookmarks')),
    openDialog: async () => dialogPaths.shift() ?? [],
  });
  registerIpc(handlers);
  const invoke = ipcMainHandlers.get(IPC_INVOKE) as Invoke;
  const win = new FakeBrowserWindow();
  trackWindow(win as never);
  const ours = { sender: win.webContents, senderFrame: { url: 'app://trailview/index.html' } };
  let id = '';

  beforeAll(async () => {
    const opened = await invoke(ours, { method: 'open', req: { source: { kind: 'path', path: castPath } } });
    if (!opened.ok) throw new Error(opened.error.message);
    id = (opened.value as { id: string }).id;
  });

  it('registers exactly one invoke handler', () => {
    expect([...ipcMainHandlers.keys()]).toEqual([IPC_INVOKE]);
  });

  it('every contract method reaches its handler', async () => {
    const samples = sampleRequests({ id, path: castPath });
    expect(Object.keys(samples).sort()).toEqual([...METHODS].sort());
    // close last: methods added after it in METHODS still need the recording open.
    for (const method of [...METHODS.filter((m) => m !== 'close'), 'close' as const]) {
      core.calls.length = 0;
      const res = await invoke(ours, { method, req: samples[method] });
      expect(res, method).toMatchObject({ ok: true });
    }
    // close ran last above: reopen for the remaining tests.
    await invoke(ours, { method: 'open', req: { source: { kind: 'path', path: castPath } } });
  });

  it('maps methods to the core', async () => {
    core.calls.length = 0;
    await invoke(ours, { method: 'search', req: { id, query: 'hello', regex: true } });
    await invoke(ours, { method: 'chunk', req: { id, chunkIndex: 0 } });
    expect(core.calls).toEqual([
      { method: 'search', args: [{ id, query: 'hello', regex: true }] },
      { method: 'chunk', args: [id, { chunkIndex: 0 }] },
    ]);
    const info = await invoke(ours, { method: 'appInfo', req: {} });
    expect(info).toMatchObject({ ok: true, value: { name: 'Trailview', version: '9.9.9', mode: 'electron' } });
  });

  it('opens what the native dialog picked', async () => {
    dialogPaths.push([castPath]);
    const res = await invoke(ours, { method: 'openDialog', req: {} });
    expect(res).toMatchObject({ ok: true, value: [{ id, fileName: 'a.cast' }] });
  });

  it('refuses unknown senders and foreign frames', async () => {
    const stranger = new FakeBrowserWindow();
    const cases = [
      { sender: stranger.webContents, senderFrame: { url: 'app://trailview/index.html' } },
      { sender: {}, senderFrame: { url: 'app://trailview/index.html' } },
      { sender: win.webContents, senderFrame: { url: 'https://evil.example/' } },
      { sender: win.webContents, senderFrame: { url: 'file:///tmp/x.html' } },
      { sender: win.webContents, senderFrame: null },
    ];
    for (const event of cases) {
      core.calls.length = 0;
      const res = await invoke(event, { method: 'library', req: {} });
      expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^Refused/) } });
      expect(core.calls).toEqual([]);
    }
  });

  it('answers unknown methods and bad shapes without reaching the core', async () => {
    core.calls.length = 0;
    expect(await invoke(ours, { method: 'readFile', req: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await invoke(ours, { method: '__proto__', req: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await invoke(ours, 'library')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    for (const { method, req } of BAD_REQUESTS) {
      expect(await invoke(ours, { method, req }), `${method} ${JSON.stringify(req)}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(core.calls).toEqual([]);
  });

  it('returns thrown errors as values without a stack', async () => {
    const res = await invoke(ours, { method: 'summary', req: { id: 'ffffffffffffffff' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(res)).not.toMatch(/\bat .*\.ts:\d+/);
    const missing = await invoke(ours, { method: 'open', req: { source: { kind: 'path', path: join(dir, 'nope.cast') } } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('pushes core events to our windows on the event channel', () => {
    forwardCoreEvents(core, names, broadcast);
    win.webContents.sent.length = 0;
    const progress = { id, progress: 0.5, indexedUntilMs: 10, durationMs: 20 };
    core.emit('progress', progress);
    expect(win.webContents.sent).toEqual([{ channel: IPC_EVENT, args: [{ event: 'progress', payload: progress }] }]);
  });
});
