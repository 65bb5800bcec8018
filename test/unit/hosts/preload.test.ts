import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../../shared/api';
import type { TrailviewBridge } from '../../../main/preload';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
const { electronMock, exposed, ipcRendererEmitter } = await import('./electron-mock');

describe('preload bridge', () => {
  let bridge: TrailviewBridge;
  beforeAll(async () => {
    await import('../../../main/preload');
    bridge = exposed.trailview as TrailviewBridge;
  });

  it('exposes exactly invoke, on and pathForFile as window.trailview', () => {
    expect(electronMock.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(exposed)).toEqual(['trailview']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    for (const fn of Object.values(bridge)) expect(typeof fn).toBe('function');
  });

  it('forwards known methods on the invoke channel only', async () => {
    const res = await bridge.invoke('library', {});
    expect(res).toEqual({ ok: true, value: 'from-main' });
    expect(electronMock.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_INVOKE, { method: 'library', req: {} });
  });

  it('answers unknown methods itself without touching IPC', async () => {
    electronMock.ipcRenderer.invoke.mockClear();
    const res = await bridge.invoke('readFile', { path: '/etc/passwd' });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(electronMock.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('turns a rejected invoke into an error envelope', async () => {
    electronMock.ipcRenderer.invoke.mockRejectedValueOnce(new Error('boom'));
    expect(await bridge.invoke('library', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('delivers only the subscribed event and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.on('progress', (p) => got.push(p));
    expect(electronMock.ipcRenderer.on).toHaveBeenLastCalledWith(IPC_EVENT, expect.any(Function));
    ipcRendererEmitter.emit(IPC_EVENT, {}, { event: 'summary', payload: 'nope' });
    ipcRendererEmitter.emit(IPC_EVENT, {}, { event: 'progress', payload: { progress: 0.5 } });
    expect(got).toEqual([{ progress: 0.5 }]);
    off();
    ipcRendererEmitter.emit(IPC_EVENT, {}, { event: 'progress', payload: { progress: 1 } });
    expect(got).toHaveLength(1);
    expect(ipcRendererEmitter.listenerCount(IPC_EVENT)).toBe(0);
  });

  it('refuses unknown events', () => {
    expect(() => bridge.on('secret' as never, () => undefined)).toThrow(/unknown event/);
  });

  it('uses no channel but the two contract channels', () => {
    const channels = new Set([
      ...electronMock.ipcRenderer.invoke.mock.calls.map((c) => c[0]),
      ...electronMock.ipcRenderer.on.mock.calls.map((c) => c[0]),
    ]);
    expect([...channels].every((c) => c === IPC_INVOKE || c === IPC_EVENT)).toBe(true);
  });

  it('pathForFile goes through webUtils', () => {
    expect(bridge.pathForFile({} as File)).toBe('/picked/file.cast');
  });
});
