/**
 * A stand-in for the `electron` module (no Electron binary runs here): just enough surface for
 * main/ipc.ts, window.ts, protocol.ts and preload.ts, recording what they register.
 * Use with: vi.mock('electron', async () => (await import('./electron-mock')).electronMock).
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type AnyFn = (...args: never[]) => unknown;

export class FakeSession {
  permissionRequestHandler: AnyFn | null = null;
  permissionCheckHandler: AnyFn | null = null;
  setPermissionRequestHandler(h: AnyFn | null) {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: AnyFn | null) {
    this.permissionCheckHandler = h;
  }
}

export class FakeWebContents extends EventEmitter {
  session = new FakeSession();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: { channel: string; args: unknown[] }[] = [];
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static fromWebContents(wc: unknown) {
    return FakeBrowserWindow.all.find((w) => w.webContents === wc) ?? null;
  }
  static getFocusedWindow() {
    return null;
  }
  focused = 0;
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  constructor(public options: Record<string, unknown> = {}) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  show() {}
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {
    this.focused++;
  }
}

export const ipcMainHandlers = new Map<string, (...args: unknown[]) => unknown>();
export const protocolHandlers = new Map<string, (req: Request) => Promise<Response>>();
export const privilegedSchemes: unknown[] = [];
export const exposed: Record<string, unknown> = {};
export const ipcRendererEmitter = new EventEmitter();

/** `app`: an emitter whose readiness the test controls. */
export class FakeApp extends EventEmitter {
  isPackaged = false;
  lock = true;
  quitCalls = 0;
  private ready!: () => void;
  readonly readyPromise = new Promise<void>((r) => (this.ready = r));
  requestSingleInstanceLock() {
    return this.lock;
  }
  whenReady() {
    return this.readyPromise;
  }
  becomeReady() {
    this.ready();
  }
  getPath(_name: string) {
    return userDataDir.path;
  }
  getVersion() {
    return '0.1.0-test';
  }
  getLocale() {
    return 'en-US';
  }
  getAppPath() {
    return process.cwd();
  }
  quit() {
    this.quitCalls++;
    // Electron emits will-quit; a listener may preventDefault to finish work first.
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('quit');
  }
}

export const userDataDir = { path: '' };
export const fakeApp = new FakeApp();

/** `Menu`: keeps the last template set as the application menu (main/menu.ts). */
export const appMenu: { template: unknown[] | null } = { template: null };

export const electronMock = {
  app: fakeApp,
  dialog: {
    showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
    showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    setApplicationMenu: vi.fn((menu: { template: unknown[] } | null) => void (appMenu.template = menu?.template ?? null)),
  },
  BrowserWindow: FakeBrowserWindow,
  ipcMain: {
    handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => void ipcMainHandlers.set(channel, fn)),
    removeHandler: vi.fn((channel: string) => void ipcMainHandlers.delete(channel)),
  },
  protocol: {
    registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => void privilegedSchemes.push(...schemes)),
    handle: vi.fn((scheme: string, fn: (req: Request) => Promise<Response>) => void protocolHandlers.set(scheme, fn)),
  },
  contextBridge: {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => void (exposed[key] = api)),
  },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'from-main' })),
    on: vi.fn((channel: string, l: (...a: unknown[]) => void) => ipcRendererEmitter.on(channel, l)),
    removeListener: vi.fn((channel: string, l: (...a: unknown[]) => void) => ipcRendererEmitter.removeListener(channel, l)),
  },
  webUtils: { getPathForFile: vi.fn((_file: unknown) => '/picked/file.cast') },
};
