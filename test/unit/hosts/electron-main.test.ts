/**
 * main/index.ts (the Electron lifecycle) against a mocked `electron`, a stand-in electron-store and the
 * fake core: single-instance lock, samples at start, files from a second instance pushed as `opened`,
 * and the core disposed before quitting.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../../shared/api';
import type { RecordingSummary } from '../../../shared/model';
import { createFakeCore, type FakeCore } from './fake-core';

const created: FakeCore[] = [];
vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
vi.mock('electron-store', () => ({
  default: class {
    private readonly data = new Map<string, unknown>();
    get(k: string) {
      return this.data.get(k);
    }
    set(k: string, v: unknown) {
      this.data.set(k, v);
    }
  },
}));
vi.mock('../../../main/core/core', () => ({
  createCore: () => {
    const core = createFakeCore();
    created.push(core);
    return core;
  },
}));

const ROOT = resolve(import.meta.dirname, '../../..');
const { fakeApp, FakeBrowserWindow, ipcMainHandlers, protocolHandlers, privilegedSchemes, userDataDir } = await import('./electron-mock');

/**
 * Wait until a condition holds. Opening samples does real file I/O, which on a loaded machine can take
 * more than any fixed number of event-loop turns: poll the state with a generous time bound instead.
 */
async function until(cond: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(cond()).toBe(true), { timeout: 15_000, interval: 5 });
}

describe('Electron main process', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-main-'));
  userDataDir.path = join(work, 'userData');
  const other = join(work, 'other.cast');
  copyFileSync(join(ROOT, 'resources/samples/08-v2-misc-real-session.cast'), other);
  writeFileSync(join(work, 'not-a-flag.txt'), 'x');

  it('registers the app scheme before ready and takes the single-instance lock', async () => {
    process.argv = ['electron', 'out/main/index.js', '--inspect=0'];
    await import('../../../main/index');
    expect(privilegedSchemes).toHaveLength(1);
    expect(fakeApp.listenerCount('second-instance')).toBe(1);
  });

  it('on ready: protocol, IPC, one secure window, and the bundled samples opened', async () => {
    fakeApp.becomeReady();
    await until(() => created.length === 1 && FakeBrowserWindow.all.length === 1);
    const core = created[0]!;
    expect(protocolHandlers.has('app')).toBe(true);
    expect(ipcMainHandlers.has(IPC_INVOKE)).toBe(true);
    const win = FakeBrowserWindow.all[0]!;
    expect(win.loadedUrl).toBe('app://trailview/index.html');
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, preload: join(ROOT, 'out/preload/preload.cjs') });
    const samples = readdirSync(join(ROOT, 'resources/samples')).filter((n) => !/readme/i.test(n));
    await until(() => core.list().length === samples.length);
    expect(core.list().map((s) => s.fileName).sort()).toEqual(samples.sort());
  });

  it('a second instance opens its files in this one and pushes them as `opened`', async () => {
    const core = created[0]!;
    const win = FakeBrowserWindow.all[0]!;
    win.webContents.sent.length = 0;
    fakeApp.emit('second-instance', {}, ['electron', 'out/main/index.js', '--some-chromium-switch', 'other.cast', 'missing.cast'], work);
    await until(() => win.webContents.sent.length > 0);
    const [message] = win.webContents.sent;
    expect(message!.channel).toBe(IPC_EVENT);
    const { event, payload } = message!.args[0] as { event: string; payload: RecordingSummary[] };
    expect(event).toBe('opened');
    expect(payload.map((s) => s.fileName)).toEqual(['other.cast']);
    expect(core.calls.filter((c) => c.method === 'open').map((c) => c.args[0])).toContain(other);
    expect(win.focused).toBe(1);
  });

  it('installs the application menu, and a folder from a second instance is scanned and its recordings opened', async () => {
    const { appMenu } = await import('./electron-mock');
    expect((appMenu.template as { id?: string }[]).map((m) => m.id)).toEqual(['file', 'edit', 'view', 'playback', 'help']);
    const core = created[0]!;
    const win = FakeBrowserWindow.all[0]!;
    const folder = join(work, 'folder');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    copyFileSync(join(ROOT, 'resources/samples/10-v2-welcome-bash-output-only.cast.gz'), join(folder, 'sub', 'welcome.cast.gz'));
    writeFileSync(join(folder, 'notes.txt'), 'not a recording');
    win.webContents.sent.length = 0;
    fakeApp.emit('second-instance', {}, ['electron', 'out/main/index.js', folder], work);
    const opened = () => win.webContents.sent.map((m) => m.args[0] as { event: string; payload: unknown }).find((m) => m.event === 'opened');
    await until(() => opened() !== undefined);
    expect((opened()!.payload as RecordingSummary[]).map((s) => s.fileName)).toEqual(['welcome.cast.gz']);
    expect(core.calls.filter((c) => c.method === 'open').map((c) => c.args[0])).toContain(join(folder, 'sub', 'welcome.cast.gz'));
    // The scan's progress went to the window too, ending with done.
    const scans = win.webContents.sent.map((m) => m.args[0] as { event: string; payload: { done?: boolean } }).filter((m) => m.event === 'scan');
    expect(scans.at(-1)!.payload).toMatchObject({ done: true, found: 1, opened: 1 });
  });

  it('disposes the core before it lets the app quit', async () => {
    const core = created[0]!;
    let quit = false;
    fakeApp.once('quit', () => (quit = true));
    fakeApp.quit();
    await until(() => quit);
    expect(core.disposed).toBe(true);
  });
});
