/**
 * Electron lifecycle only: single instance, the `app:` protocol, IPC, one window, files from the command
 * line / the OS ("Open with", second instance) or the bundled samples, and a clean shutdown of the core.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, shell } from 'electron';
import Store from 'electron-store';
import { createCore } from './core/core';
import type { Core } from './core/types';
import { DisplayNames } from './host/display-names';
import { forwardCoreEvents } from './host/events';
import { createHandlers, type HostParts } from './host/handlers';
import { findAppRoot, listSamples } from './host/app-root';
import { createMediaRegistry } from './host/media';
import { APP_ORIGIN } from './host/origin';
import { createScanJobs } from './host/folder-scan';
import { openFiles } from './host/open-files';
import { createRecentStore, keyValueBackend, type RecentStore } from './host/recent-store';
import { createSettingsStore, keyValueSettingsBackend } from './host/settings-store';
import { createBookmarkStore } from './host/bookmark-store';
import { createLogStore } from './host/log-store';
import { builtWorkerPath } from './host/worker-path';
import { broadcast, registerIpc, trackedWindows, trackWindow } from './ipc';
import { installMenu, showAbout } from './menu';
import { menuLabelsFor } from './menu-labels';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { createMainWindow, hardenWebContents } from './window';

/** Recording and folder paths among command-line arguments (Chromium adds its own --switches; skip them). */
function filesFromArgv(argv: string[], cwd: string): string[] {
  return argv
    .filter((a) => !a.startsWith('-'))
    .map((a) => resolve(cwd, a))
    .filter((p) => existsSync(p) && (statSync(p).isFile() || statSync(p).isDirectory()));
}

/** The recent list, telling `changed` after every change (the File > Open Recent menu follows it). */
function observedRecent(store: RecentStore, changed: () => void): RecentStore {
  return {
    ...store,
    add: (...args) => {
      const entry = store.add(...args);
      changed();
      return entry;
    },
    clear: () => {
      const n = store.clear();
      changed();
      return n;
    },
  };
}

// Packaged: [exe, ...files]; unpackaged: [electron, out/main/index.js, ...files].
const userArgs = (argv: string[]) => argv.slice(app.isPackaged ? 1 : 2);

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const pendingFiles: string[] = [];
  let host: { core: Core; parts: HostParts; openPaths(paths: string[]): Promise<void> } | undefined;

  // macOS delivers "Open with" and Dock drops here, possibly before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (host) void host.openPaths([path]);
    else pendingFiles.push(path);
  });

  app.on('second-instance', (_event, argv, cwd) => {
    const files = filesFromArgv(userArgs(argv), cwd);
    if (host && files.length > 0) void host.openPaths(files);
    const win = trackedWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_event, wc) => hardenWebContents(wc));

  app.whenReady().then(async () => {
    // The folder (or asar archive) holding package.json and out/, in development and packaged alike.
    const appRoot = findAppRoot(import.meta.dirname);
    const preloadPath = join(appRoot, 'out', 'preload', 'preload.cjs');
    const samplesDir = app.isPackaged ? join(process.resourcesPath, 'samples') : join(appRoot, 'resources', 'samples');
    const core = createCore({ dataDir: app.getPath('userData'), worker: 'thread', workerPath: builtWorkerPath(appRoot) });
    const names = new DisplayNames();
    const settings = createSettingsStore(keyValueSettingsBackend(new Store({ name: 'settings' })));
    // Set below, once the menu's callbacks exist; the recent list and the settings rebuild it on change.
    let refreshMenu = (): void => undefined;
    const owner = () => BrowserWindow.getFocusedWindow() ?? trackedWindows()[0];
    const labels = () => menuLabelsFor(settings.get().language, app.getLocale());
    const parts: HostParts = {
      mode: 'electron',
      version: app.getVersion(),
      names,
      settings,
      scans: createScanJobs(),
      emit: broadcast,
      recent: observedRecent(createRecentStore(keyValueBackend(new Store({ name: 'recent' }))), () => refreshMenu()),
      bookmarks: createBookmarkStore(join(app.getPath('userData'), 'bookmarks')),
      logs: createLogStore({ dir: join(app.getPath('userData'), 'logs') }),
      showInFolder: (path) => shell.showItemInFolder(path),
      exportDir: app.getPath('downloads'),
      openDialog: async () => {
        const options: Electron.OpenDialogOptions = {
          title: labels().openRecordingsTitle,
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: labels().recordingsFilter, extensions: ['cast', 'gz', 'json', 'txt', 'guac', 'tar', 'zip', 'mp4', 'm4v', 'webm'] },
            { name: labels().allFilesFilter, extensions: ['*'] },
          ],
        };
        const win = owner();
        const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return picked.canceled ? [] : picked.filePaths;
      },
      openFolderDialog: async () => {
        const options: Electron.OpenDialogOptions = { title: labels().openFolderTitle, properties: ['openDirectory'] };
        const win = owner();
        const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
    };
    const report = (failed: { path: string; message: string }[]) => {
      for (const f of failed) process.stderr.write(`trailview: ${f.path}: ${f.message}\n`);
    };
    host = {
      core,
      parts,
      async openPaths(paths) {
        const result = await openFiles(core, parts, paths, true, parts.scans);
        report(result.failed);
        if (result.opened.length > 0) broadcast('opened', result.opened);
      },
    };

    const media = createMediaRegistry();
    parts.media = { registry: media, urlFor: (token) => `${APP_ORIGIN}/media/${token}` };
    handleAppProtocol({ rendererDir: join(appRoot, 'out', 'renderer'), media });
    registerIpc(createHandlers(core, parts));
    forwardCoreEvents(core, names, broadcast);

    refreshMenu = () =>
      installMenu({
        labels: labels(),
        platform: process.platform,
        isPackaged: app.isPackaged,
        version: app.getVersion(),
        settings: settings.get(),
        recent: parts.recent.list(),
        send: (action) => broadcast('menu', { action }),
        openFileDialog: () => void parts.openDialog?.().then((paths) => host?.openPaths(paths)),
        openFolderDialog: () =>
          void parts.openFolderDialog?.().then((folder) => {
            if (folder !== null) void host?.openPaths([folder]);
          }),
        openRecent: (key) => {
          const record = parts.recent.resolve(key);
          if (record) void host?.openPaths([record.path]);
        },
        clearRecent: () => void parts.recent.clear(),
        setSettings: (patch) => void settings.set(patch),
        about: () => void showAbout(labels(), app.getVersion(), owner()),
      });
    settings.onChange((next) => {
      broadcast('settings', next);
      refreshMenu();
    });
    refreshMenu();

    const open = () => trackWindow(createMainWindow({ preloadPath }));
    open();
    app.on('activate', () => {
      if (trackedWindows().length === 0) open();
    });

    const files = [...pendingFiles, ...filesFromArgv(userArgs(process.argv), process.cwd())];
    if (files.length > 0) {
      await host.openPaths(files);
    } else {
      const result = await openFiles(core, parts, listSamples(samplesDir), false);
      report(result.failed);
      if (result.opened.length > 0) broadcast('opened', result.opened);
    }
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the core stop its workers and finish cache writes before the process goes.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !host) return;
    event.preventDefault();
    host.core
      .dispose()
      .catch((err: unknown) => process.stderr.write(`trailview: shutting down: ${String(err)}\n`))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });
}
