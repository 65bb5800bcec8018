import { describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
const { createMainWindow } = await import('../../../main/window');

describe('main window', () => {
  const win = createMainWindow({ preloadPath: '/app/out/preload/preload.cjs' }) as unknown as FakeBrowserWindow;
  const wc = win.webContents;

  it('has the security defaults', () => {
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/preload.cjs',
    });
  });

  it('loads the UI from our custom protocol', () => {
    expect(win.loadedUrl).toBe('app://trailview/index.html');
  });

  it('denies new windows', () => {
    expect(wc.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'app://trailview/index.html' })).toEqual({ action: 'deny' });
  });

  it('denies navigation and redirects away from our origin', () => {
    for (const name of ['will-navigate', 'will-redirect']) {
      for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://evil/index.html', 'http://127.0.0.1:8080/']) {
        const event = { url, preventDefault: vi.fn() };
        wc.emit(name, event, url);
        expect(event.preventDefault, `${name} ${url}`).toHaveBeenCalled();
      }
      const home = { url: 'app://trailview/index.html', preventDefault: vi.fn() };
      wc.emit(name, home, home.url);
      expect(home.preventDefault).not.toHaveBeenCalled();
    }
  });

  it('refuses webviews', () => {
    const event = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check but copy and fullscreen', () => {
    const request = (permission: string, url: string) => {
      const callback = vi.fn();
      (wc.session.permissionRequestHandler as (...a: unknown[]) => void)(wc, permission, callback, { requestingUrl: url });
      return callback.mock.calls[0]?.[0];
    };
    const check = (permission: string, origin: string) =>
      (wc.session.permissionCheckHandler as (...a: unknown[]) => boolean)(wc, permission, origin, {});
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi', 'pointerLock']) {
      expect(request(permission, 'app://trailview/index.html')).toBe(false);
      expect(check(permission, 'app://trailview')).toBe(false);
    }
    for (const permission of ['clipboard-sanitized-write', 'fullscreen']) {
      expect(request(permission, 'app://trailview/index.html')).toBe(true);
      expect(check(permission, 'app://trailview')).toBe(true);
      // Not for anything that is not our UI.
      expect(request(permission, 'https://example.com/')).toBe(false);
      expect(check(permission, 'file://')).toBe(false);
    }
  });
});
