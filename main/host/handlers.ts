/**
 * The one handler table every host uses: each contract method mapped to the core. What differs
 * between hosts (native dialog, uploads, where recent entries live) comes in through `HostParts`.
 */
import type { Handlers, OpenSource, Res } from '../../shared/api';
import type { AppInfo, RecordingSummary } from '../../shared/model';
import { TrailviewError } from '../../shared/errors';
import type { Core } from '../core/types';
import { DisplayNames } from './display-names';
import { createExportHandlers } from './export-handlers';
import { createSaveHandlers } from './save-export';
import type { BookmarkStore } from './bookmark-store';
import type { RecentStore } from './recent-store';
import type { EventSink } from './events';
import { createScanJobs, openFolder, type ScanJobs } from './folder-scan';
import { createSettingsStore, memorySettingsBackend, type SettingsStore } from './settings-store';
import { createLogStore, type LogStore } from './log-store';
import { createLogHandlers } from './log-handlers';
import type { MediaRegistry } from './media';

export interface HostParts {
  mode: AppInfo['mode'];
  version: string;
  platform?: string;
  recent: RecentStore;
  /** Bookmarks per recording content hash (`<dataDir>/bookmarks`). */
  bookmarks: BookmarkStore;
  /** Shared with the event forwarder so pushed summaries carry the same names. */
  names?: DisplayNames;
  /** The native Open dialog (Electron): chosen paths, empty when cancelled. Absent: UNSUPPORTED_HERE. */
  openDialog?: () => Promise<string[]>;
  /** Browser uploads (web host): the stored file for an upload id. Absent: UNSUPPORTED_HERE. */
  resolveUpload?: (uploadId: string) => Promise<{ path: string; fileName: string }>;
  /** The person's settings; absent: kept in memory for this run only (tests, hosts without a UI). */
  settings?: SettingsStore;
  /** Push events to the UI (folder-scan progress); absent: none are sent. */
  emit?: EventSink;
  /** Folder scans under way (shared with the host's own folder opening, so each can be cancelled). */
  scans?: ScanJobs;
  /** The native folder picker (Electron): the chosen folder, null when cancelled. Absent: UNSUPPORTED_HERE. */
  openFolderDialog?: () => Promise<string | null>;
  /** Where video clips are served (by token) and the URL a page of this host loads a token from. */
  media?: { registry: MediaRegistry; urlFor(token: string): string };
  /** Where exports without a chosen path go (browser mode: `<dataDir>/exports`; Electron: Downloads). */
  exportDir?: string;
  /** Electron: show a file in the system's file manager (shell.showItemInFolder). Absent: nothing to show. */
  showInFolder?: (path: string) => void;
  /** Logs attached to recordings (`<dataDir>/logs`); absent: kept in memory for this run only. */
  logs?: LogStore;
}

/** Open a path and remember it in the recent list (a recording that opened is worth remembering). */
export async function openAndRemember(core: Core, parts: HostParts, path: string, fileName?: string, member?: string, jobId?: string): Promise<RecordingSummary> {
  const names = parts.names;
  // The core names the file in its messages and summary; `names` still covers pushed summaries and the
  // same content opened again under another name (the core answers with the first open's summary).
  const summary = await core.open(
    path,
    fileName !== undefined || member !== undefined || jobId !== undefined
      ? { ...(fileName !== undefined ? { displayName: fileName } : {}), ...(member !== undefined ? { member } : {}), ...(jobId !== undefined ? { jobId } : {}) }
      : undefined,
  );
  // An archive's member is named by the core (the archive's name is in summary.container).
  if (fileName !== undefined && names && !summary.container) names.set(summary.id, fileName);
  const entry = parts.recent.add(path, summary, fileName);
  // Track the final duration once indexing ends: open() resolves while the index is still being built.
  if (summary.index.state === 'indexing') {
    core.whenIndexed(summary.id).then(
      (done) => parts.recent.update(entry.key, { durationMs: done.durationMs }),
      () => undefined,
    );
  }
  return names ? names.apply(summary) : summary;
}

export function createHandlers(core: Core, parts: HostParts): Handlers {
  const names = parts.names ?? new DisplayNames();
  const withNames: HostParts = { ...parts, names };
  const settings = parts.settings ?? createSettingsStore(memorySettingsBackend());
  const scans = parts.scans ?? createScanJobs();
  const openFolderAt = (folder: string) =>
    openFolder(folder, scans, { open: (path) => openAndRemember(core, withNames, path), emit: parts.emit });
  // Tokens handed out per recording, so asking again reuses them and closing withdraws them.
  const mediaTokens = new Map<string, { tokens: string[]; res: Res<'media'> }>();
  const releaseMedia = (id: string): void => {
    for (const token of mediaTokens.get(id)?.tokens ?? []) parts.media?.registry.unregister(token);
    mediaTokens.delete(id);
  };

  const resolveSource = async (source: OpenSource): Promise<{ path: string; fileName?: string; member?: string }> => {
    switch (source.kind) {
      case 'path':
        return { path: source.path };
      case 'upload': {
        if (!parts.resolveUpload) throw new TrailviewError('UNSUPPORTED_HERE', 'Uploads exist only in browser mode; open the file by path instead.');
        return parts.resolveUpload(source.uploadId);
      }
      case 'recent': {
        const record = parts.recent.resolve(source.key);
        if (!record) throw new TrailviewError('NOT_FOUND', `No recent entry with key "${source.key}"; the recent list may have been cleared.`);
        return { path: record.path, fileName: record.fileName };
      }
      case 'member': {
        const origin = core.origin(source.id);
        const summary = core.summary(source.id);
        if (!origin || !summary.container) throw new TrailviewError('BAD_REQUEST', `${summary.fileName} did not come out of an archive: it has no member ${JSON.stringify(source.memberPath)}`);
        return { path: origin.path, ...(origin.displayName !== undefined ? { fileName: origin.displayName } : {}), member: source.memberPath };
      }
    }
  };

  const logHandlers = createLogHandlers(core, { logs: parts.logs ?? createLogStore(), settings, names, emit: parts.emit, resolveSource });

  return {
    appInfo: async () => ({ name: 'Trailview', version: parts.version, mode: parts.mode, platform: parts.platform ?? process.platform }),
    library: async () => core.list().map((s) => names.apply(s)),
    open: async ({ source, jobId }) => {
      const { path, fileName, member } = await resolveSource(source);
      return openAndRemember(core, withNames, path, fileName, member, jobId);
    },
    openCancel: async ({ jobId }) => ({ cancelled: await core.cancelOpen(jobId) }),
    openDialog: async ({ folder }) => {
      if (folder) {
        if (!parts.openFolderDialog) {
          throw new TrailviewError('UNSUPPORTED_HERE', 'There is no native folder picker in browser mode; drop the folder on the window instead.');
        }
        const chosen = await parts.openFolderDialog();
        return chosen === null ? [] : (await openFolderAt(chosen)).opened;
      }
      if (!parts.openDialog) {
        throw new TrailviewError('UNSUPPORTED_HERE', 'There is no native Open dialog in browser mode; choose the file with the file picker.');
      }
      const paths = await parts.openDialog();
      const opened: RecordingSummary[] = [];
      let firstError: unknown;
      for (const path of paths) {
        try {
          opened.push(await openAndRemember(core, withNames, path));
        } catch (err) {
          firstError ??= err;
        }
      }
      // Partial success shows what opened; only an all-failed pick is an error the user must see.
      if (opened.length === 0 && firstError !== undefined) throw firstError;
      return opened;
    },
    summary: async ({ id }) => names.apply(core.summary(id)),
    chunk: ({ id, atMs, chunkIndex }) => core.chunk(id, atMs !== undefined ? { atMs } : { chunkIndex }),
    search: (req) => core.search(req),
    transcript: ({ id, from, count }) => core.transcriptPage(id, from, count),
    activity: ({ id }) => core.activity(id),
    cancel: async ({ id }) => ({ cancelled: await core.cancel(id) }),
    close: async ({ id }) => {
      releaseMedia(id);
      return { closed: await core.close(id) };
    },
    media: async ({ id }) => {
      const known = mediaTokens.get(id);
      if (known) return known.res;
      const { clips } = await core.media(id);
      if (clips.length === 0) return { clips: [] };
      if (!parts.media) throw new TrailviewError('UNSUPPORTED_HERE', 'This host has no media endpoint to stream video from.');
      const { registry, urlFor } = parts.media;
      const tokens = clips.map((c) => registry.register(c, c.mimeType));
      const res: Res<'media'> = {
        clips: clips.map((c, i) => ({ url: urlFor(tokens[i]!), name: c.name, mimeType: c.mimeType, startMs: c.startMs, durationMs: c.durationMs })),
      };
      mediaTokens.set(id, { tokens, res });
      return res;
    },
    recentList: async () => parts.recent.list(),
    recentClear: async () => ({ cleared: parts.recent.clear() }),
    commands: logHandlers.commands,
    transfers: logHandlers.transfers,
    attachLog: logHandlers.attachLog,
    logs: logHandlers.logs,
    detachLog: logHandlers.detachLog,
    bookmarks: async ({ id }) => parts.bookmarks.list(core.summary(id).sha256),
    bookmarkSave: async ({ id, bookmark }) => parts.bookmarks.save(core.summary(id).sha256, bookmark),
    bookmarkDelete: async ({ id, bookmarkId }) => ({ deleted: parts.bookmarks.remove(core.summary(id).sha256, bookmarkId) }),
    settingsGet: async () => settings.get(),
    settingsSet: async ({ patch }) => settings.set(patch),
    openFolder: async ({ path }) => openFolderAt(path),
    scanCancel: async ({ scanId }) => ({ cancelled: scans.cancel(scanId) }),
    ...createExportHandlers(core, parts),
    ...createSaveHandlers(parts),
  };
}
