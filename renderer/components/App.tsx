import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Result } from '../../shared/api';
import type { ApiError, RecordingId, RecordingKind, RecordingSummary, TimeMs } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { copyText } from '../clipboard';
import { runAction } from '../keyboard/actions';
import { useGlobalKeys } from '../keyboard/use-global-keys';
import type { PlayerEngine } from '../player/engine';
import { setActualFontSize } from '../player/fit';
import { emptyLibrary, libraryReducer } from '../state/library';
import { SettingsContext, useSettingsState } from '../state/settings';
import { useTheme } from '../state/theme';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { MenuAction } from '../../shared/menu-actions';
import { useScans } from '../state/use-scans';
import { ScanProgressBar } from './ScanProgressBar';
import { useOpenJobs } from '../state/use-open-jobs';
import { OpenProgressBar } from './OpenProgressBar';
import { SettingsDialog } from './SettingsDialog';
import { ExportDialog } from './ExportDialog';
import { clearRange, getRange, setIn, setOut } from '../export/range-state';
import { useActivity } from '../state/use-activity';
import { useBookmarks } from '../state/use-bookmarks';
import { useCommands } from '../state/use-commands';
import { useTransfers } from '../state/use-transfers';
import { BookmarksPanel } from './BookmarksPanel';
import { CommandsPanel } from './CommandsPanel';
import { TransfersPanel } from './TransfersPanel';
import { useSearch } from '../state/use-search';
import { DropOverlay, type DroppedFolder } from './DropOverlay';
import { walkDroppedFolder } from '../state/folder-drop';
import { DropZone } from './DropZone';
import { ErrorPanel } from './ErrorPanel';
import { InfoPanel } from './InfoPanel';
import { KeystrokeLog } from './KeystrokeLog';
import { LibrarySidebar } from './LibrarySidebar';
import { OpenButton } from './OpenButton';
import { Player } from './Player';
import { RecentMenu } from './RecentMenu';
import { SearchPanel } from './SearchPanel';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { SidePanel, type SideTab } from './SidePanel';
import { Toolbar } from './Toolbar';
import { Icon } from './Icon';
import { setLanguage, useT } from '../i18n';
import { attachDroppedLogs, splitLogs } from '../state/use-logs';

export interface AppProps {
  api: TrailviewApi;
  /** The player for one kind of recording; App makes one per kind, when first needed, and picks by summary.kind. */
  createEngine(api: TrailviewApi, kind: RecordingKind): PlayerEngine;
}

export function App({ api, createEngine }: AppProps) {
  const [lib, dispatch] = useReducer(libraryReducer, emptyLibrary);
  const settingsState = useSettingsState(api);
  const { settings, update: updateSettings } = settingsState;
  const setThemeMode = useCallback((theme: typeof settings.theme) => void updateSettings({ theme }), [updateSettings]);
  const { theme, mode: themeMode, toggle: toggleTheme } = useTheme(settings.theme, setThemeMode);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  useEffect(() => setLanguage(settings.language), [settings.language]);
  const scans = useScans(api);
  const openJobs = useOpenJobs(api);
  const { start: startOpenJob, finish: finishOpenJob } = openJobs;
  const tLib = useT('library');
  const tSettings = useT('settings');
  const engines = useMemo(() => {
    const made: Partial<Record<RecordingKind, PlayerEngine>> = {};
    return (kind: RecordingKind): PlayerEngine => (made[kind] ??= createEngine(api, kind));
  }, [api, createEngine]);
  const [tab, setTab] = useState<SideTab>('search');
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // Narrow windows start with the side panels closed so the terminal keeps a readable size.
  const [libraryOpen, setLibraryOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= 760);
  const [sideOpen, setSideOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= 1000);
  const [opening, setOpening] = useState(0);
  // Reaching the host failed (wrong token, host gone): shown until a later call succeeds.
  const [hostError, setHostError] = useState<ApiError | null>(null);
  const playerRef = useRef<HTMLElement | null>(null);
  const searchInput = useRef<HTMLInputElement | null>(null);
  const goToTime = useRef<(() => void) | null>(null);
  const positions = useRef(lib.positions);
  positions.current = lib.positions;
  const loaded = useRef<{ id: string; engine: PlayerEngine } | null>(null);
  const settingsNow = useRef(settings);
  settingsNow.current = settings;

  const selected = lib.selectedId ? (lib.byId[lib.selectedId] ?? null) : null;
  // A log dropped alone is attached to the recording shown; callbacks read it here, not from a stale closure.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const engine = engines(selected?.kind ?? 'terminal');
  // One seek for every panel, the same function while the engine is (their rows are memoised on it).
  const seek = useCallback((ms: TimeMs) => void engine.seek(ms), [engine]);
  const search = useSearch(api, selected, engine);
  const activity = useActivity(api, selected);
  const commands = useCommands(api, selected);
  const transfers = useTransfers(api, selected);
  const bookmarks = useBookmarks(api, selected);
  const timeline = useMemo(
    () => ({ commands: commands.items, transfers: transfers.items, bookmarks: bookmarks.items }),
    [commands.items, transfers.items, bookmarks.items],
  );

  const known = useRef(new Set<string>());
  known.current = new Set(lib.order);
  useEffect(() => {
    let refreshing = false;
    const refresh = (): void => {
      if (refreshing) return;
      refreshing = true;
      void api.call('library', {}).then((r) => {
        refreshing = false;
        setHostError(r.ok ? null : r.error);
        if (r.ok) dispatch({ type: 'opened', summaries: r.value, select: false });
      });
    };
    const offs = [
      api.on('progress', (progress) => {
        // Progress for a recording we do not list: the host opened it before we were listening.
        if (!known.current.has(progress.id)) refresh();
        else dispatch({ type: 'progress', progress });
      }),
      api.on('summary', (summary) => dispatch({ type: 'summary', summary })),
      api.on('opened', (summaries) => dispatch({ type: 'opened', summaries, select: true })),
    ];
    refresh();
    return () => offs.forEach((off) => off());
  }, [api]);

  // Switching recordings remembers where each one was.
  useEffect(() => {
    if (!selected) return;
    const was = loaded.current;
    if (was?.id === selected.id && was.engine === engine) {
      engine.updateSummary(selected);
      return;
    }
    if (was) {
      dispatch({ type: 'position', id: was.id, timeMs: was.engine.currentTimeMs });
      // The other kind's player stays mounted off the page: it must not go on playing there.
      if (was.engine !== engine) was.engine.pause();
    }
    loaded.current = { id: selected.id, engine };
    const returning = positions.current[selected.id];
    if (returning === undefined) {
      // A recording seen for the first time starts at the person's default speed and skip-idle choice. The
      // cap goes along only when they changed it: otherwise the recording's own idle limit (if any) applies.
      const s = settingsNow.current;
      engine.setSpeed(s.defaultSpeed);
      engine.setSkipIdle(s.skipIdle, s.idleCapMs !== DEFAULT_SETTINGS.idleCapMs ? s.idleCapMs : undefined);
    }
    void engine.load(selected, returning);
  }, [selected, engine]);

  // A changed idle cap applies to what is playing now, too.
  useEffect(() => {
    if (settings.idleCapMs !== DEFAULT_SETTINGS.idleCapMs) engine.setSkipIdle(engine.snapshot().skipIdle, settings.idleCapMs);
  }, [engine, settings.idleCapMs]);

  useEffect(() => setActualFontSize(settings.terminalFontPx), [settings.terminalFontPx]);

  const recordingTheme = selected?.kind === 'terminal' ? selected.terminal.theme : undefined;
  useEffect(() => engine.setTheme(recordingTheme, theme === 'dark'), [engine, recordingTheme, theme]);

  const addResults = useCallback((results: Result<RecordingSummary>[], names: string[]) => {
    const ok: RecordingSummary[] = [];
    results.forEach((r, i) => {
      if (r.ok) ok.push(r.value);
      // An open the person stopped is not a failure to tell them about.
      else if (r.error.code !== 'CANCELLED') dispatch({ type: 'openFailed', fileName: names[i] ?? '', error: r.error });
    });
    if (ok.length) dispatch({ type: 'opened', summaries: ok, select: true });
  }, []);

  const openFiles = useCallback(
    async (dropped: File[]) => {
      // Log exports dropped with recordings are attached to the ones they match, not opened (use-logs.ts).
      const { recordings: files, logs } = await splitLogs(dropped);
      setOpening((n) => n + files.length);
      const jobIds = files.map((f) => startOpenJob(f.name));
      try {
        const results = await api.openFiles(files, jobIds).finally(() => jobIds.forEach(finishOpenJob));
        addResults(results, files.map((f) => f.name));
        if (logs.length > 0) {
          const opened = results.flatMap((r) => (r.ok ? [r.value] : []));
          const candidates = opened.length > 0 ? opened : selectedRef.current ? [selectedRef.current] : [];
          for (const o of await attachDroppedLogs(api, logs, candidates)) if (o.error) dispatch({ type: 'openFailed', fileName: o.fileName, error: o.error });
        }
      } finally {
        setOpening((n) => n - files.length);
      }
    },
    [api, addResults, startOpenJob, finishOpenJob],
  );

  // Folders: the host scans them in Electron (it has the path); a browser walks them here and uploads what
  // looks like a recording. Both report progress to the same bar.
  const localScans = useRef(0);
  const openFolders = useCallback(
    async (folders: DroppedFolder[]) => {
      for (const folder of folders) {
        const path = folder.file ? (api.pathOf?.(folder.file) ?? '') : '';
        if (path) {
          const r = await api.call('openFolder', { path });
          if (r.ok) dispatch({ type: 'opened', summaries: r.value.opened, select: true });
          else dispatch({ type: 'openFailed', fileName: folder.entry.name, error: r.error });
          continue;
        }
        let cancelled = false;
        const cancel = () => void (cancelled = true);
        const progress = { scanId: `page-${++localScans.current}`, folderName: folder.entry.name, filesSeen: 0, found: 0, opened: 0, failed: 0, done: false };
        scans.report(progress, cancel);
        const walk = await walkDroppedFolder(folder.entry, {
          cancelled: () => cancelled,
          onProgress: (filesSeen, found) => scans.report({ ...progress, filesSeen, found }, cancel),
        });
        Object.assign(progress, { filesSeen: walk.filesSeen, found: walk.found.length, truncated: walk.truncated });
        for (const file of walk.found) {
          if (cancelled) break;
          const [r] = await api.openFiles([file]);
          if (r?.ok) {
            progress.opened++;
            dispatch({ type: 'opened', summaries: [r.value], select: progress.opened === 1 });
          } else {
            progress.failed++;
            if (r) dispatch({ type: 'openFailed', fileName: file.name, error: r.error });
          }
          scans.report({ ...progress }, cancel);
        }
        scans.report({ ...progress, done: true, cancelled: cancelled || walk.cancelled }, cancel);
      }
    },
    [api, scans],
  );

  const onDialogResult = useCallback(
    (r: Result<RecordingSummary[]>) => {
      if (r.ok) dispatch({ type: 'opened', summaries: r.value, select: true });
      else if (r.error.code !== 'CANCELLED') dispatch({ type: 'openFailed', fileName: '', error: r.error });
    },
    [],
  );

  const closeRecording = useCallback(
    async (id: RecordingId) => {
      if (loaded.current?.id === id) {
        loaded.current.engine.pause();
        loaded.current = null;
      }
      const r = await api.call('close', { id });
      // NOT_FOUND: the host had already let it go; the library should too.
      if (r.ok || r.error.code === 'NOT_FOUND') dispatch({ type: 'closed', id });
      else dispatch({ type: 'openFailed', fileName: '', error: r.error });
    },
    [api],
  );

  const toggleFullscreen = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen?.();
    else void playerRef.current?.requestFullscreen?.().catch(() => undefined);
  }, []);

  const focusSearch = useCallback(() => {
    // Render the panel visible right now, so the keys typed next already land in the box.
    flushSync(() => {
      setTab('search');
      setSideOpen(true);
    });
    searchInput.current?.focus();
    searchInput.current?.select();
  }, []);

  const toggleTimeDisplay = useCallback(
    () => void updateSettings({ timeDisplay: settingsNow.current.timeDisplay === 'wallclock' ? 'elapsed' : 'wallclock' }),
    [updateSettings],
  );

  const showPanel = useCallback((panel: SideTab) => {
    // Rendered at once, so a bookmark's note field exists to take focus right after.
    flushSync(() => {
      setTab(panel);
      setSideOpen(true);
    });
  }, []);
  const togglePanel = (panel: 'commands' | 'transfers' | 'bookmarks'): void => {
    if (sideOpen && tab === panel) setSideOpen(false);
    else showPanel(panel);
  };
  const addBookmark = (): void => {
    if (!selected) return;
    const atMs = engine.currentTimeMs;
    // One synchronous render: the note field exists and has focus before the next key arrives.
    flushSync(() => {
      setTab('bookmarks');
      setSideOpen(true);
      void bookmarks.add(atMs);
    });
  };

  useGlobalKeys({
    seekStepMs: settings.seekStepMs,
    suspended: () => settingsOpen || exportOpen,
    selectionText: () => engine.selectionText(),
    copy: (text) => void copyText(text),
    onAction: (action) =>
      runAction(action, {
        engine,
        markers: selected ? selected.markers : null,
        jumpHit: (dir) => void search.jump(dir),
        toggleFullscreen,
        focusSearch,
        toggleShortcuts: () => setShortcutsOpen((o) => !o),
        goToTime: () => goToTime.current?.(),
        addBookmark,
        togglePanel,
        toggleTimeDisplay,
        openSettings: () => setSettingsOpen(true),
        exportRange: (what) => {
          if (!selected) return;
          if (what === 'in') setIn(selected.id, engine.currentTimeMs);
          else if (what === 'out') setOut(selected.id, engine.currentTimeMs);
          else setExportOpen(true);
        },
        escape: () => {
          if (shortcutsOpen) setShortcutsOpen(false);
          else if (document.activeElement === searchInput.current) searchInput.current?.blur();
          else if (getRange()) clearRange();
          else dispatch({ type: 'dismissAllErrors' });
        },
      }),
  });

  // The native menu's Playback and View entries: the same actions as the keys.
  const menuAction = useRef<(action: MenuAction) => void>(() => undefined);
  menuAction.current = (action) => {
    const ctx = {
      engine,
      markers: selected ? selected.markers : null,
      jumpHit: (dir: 1 | -1) => void search.jump(dir),
      toggleFullscreen,
      focusSearch,
      toggleShortcuts: () => setShortcutsOpen((o) => !o),
      goToTime: () => goToTime.current?.(),
      escape: () => undefined,
    };
    const step = settingsNow.current.seekStepMs;
    switch (action) {
      case 'togglePlay': return runAction({ type: 'togglePlay' }, ctx);
      case 'seekBack': return runAction({ type: 'seekBy', ms: -step }, ctx);
      case 'seekForward': return runAction({ type: 'seekBy', ms: step }, ctx);
      case 'stepBack': return runAction({ type: 'step', dir: -1 }, ctx);
      case 'stepForward': return runAction({ type: 'step', dir: 1 }, ctx);
      case 'slower': return runAction({ type: 'speed', dir: -1 }, ctx);
      case 'faster': return runAction({ type: 'speed', dir: 1 }, ctx);
      case 'previousMarker': return runAction({ type: 'marker', dir: -1 }, ctx);
      case 'nextMarker': return runAction({ type: 'marker', dir: 1 }, ctx);
      case 'goToTime': return runAction({ type: 'goToTime' }, ctx);
      case 'find': return runAction({ type: 'focusSearch' }, ctx);
      case 'shortcuts': return setShortcutsOpen(true);
      case 'toggleTimeDisplay': return toggleTimeDisplay();
      case 'toggleLibrary': return setLibraryOpen((o) => !o);
      case 'toggleSidePanel': return setSideOpen((o) => !o);
      case 'settings': return setSettingsOpen(true);
      case 'closeRecording':
        if (selected) void closeRecording(selected.id);
        return;
    }
  };
  useEffect(() => api.on('menu', ({ action }) => menuAction.current(action)), [api]);

  const hitTimesMs = useMemo(() => search.result?.hits.map((h) => h.timeMs) ?? [], [search.result]);
  const items = lib.order.map((id) => lib.byId[id]).filter((s): s is RecordingSummary => !!s);
  const browse = (): void => {
    if (api.canShowOpenDialog) void api.call('openDialog', {}).then(onDialogResult);
    else document.querySelector<HTMLInputElement>('[data-testid="open-input"]')?.click();
  };

  return (
    <SettingsContext.Provider value={settingsState}>
    <div className="app" data-testid="app" data-theme={theme}>
      <Toolbar
        theme={theme}
        themeMode={themeMode}
        libraryOpen={libraryOpen}
        sideOpen={sideOpen}
        onToggleLibrary={() => setLibraryOpen((o) => !o)}
        onToggleSide={() => setSideOpen((o) => !o)}
        onToggleTheme={toggleTheme}
        onShortcuts={() => setShortcutsOpen(true)}
      >
        <OpenButton api={api} onFiles={(f) => void openFiles(f)} onDialogResult={onDialogResult} />
        <RecentMenu api={api} onOpened={(r, name) => addResults([r], [name])} />
        {api.canShowOpenDialog && (
          <button
            type="button"
            className="tool-button"
            data-testid="open-folder-button"
            onClick={() =>
              void api.call('openDialog', { folder: true }).then((r) => {
                if (r.ok) dispatch({ type: 'opened', summaries: r.value, select: true });
                else dispatch({ type: 'openFailed', fileName: '', error: r.error });
              })
            }
          >
            <Icon name="folder" />
            <span>{tLib('openFolder')}</span>
          </button>
        )}
        <button type="button" className="tool-button icon-only" data-testid="settings-button" aria-label={tSettings('title')} title={tLib('common:toolbar.withShortcut', { what: tSettings('title'), keys: 'Ctrl+,' })} onClick={() => setSettingsOpen(true)}>
          <Icon name="settings" />
        </button>
        <ScanProgressBar scans={scans.list} />
        <OpenProgressBar jobs={openJobs.list} />
        {opening > 0 && <span className="muted toolbar-status">{tLib('opening', { count: opening })}</span>}
      </Toolbar>
      <div className={`workspace${libraryOpen ? '' : ' no-library'}${sideOpen ? '' : ' no-side'}`}>
        <LibrarySidebar items={items} selectedId={lib.selectedId} onSelect={(id) => dispatch({ type: 'select', id })} onClose={closeRecording}
          onOpenMember={(id, memberPath) => {
            // A compressed member is written out first: that can take a while too.
            const jobId = openJobs.start(memberPath);
            void api
              .call('open', { source: { kind: 'member', id, memberPath }, jobId })
              .finally(() => openJobs.finish(jobId))
              .then((r) => addResults([r], [memberPath]));
          }}
        />
        <main className="centre">
          {hostError && (
            <div className="open-errors">
              <ErrorPanel error={hostError} title={tLib('errors:host')} onDismiss={() => setHostError(null)} />
            </div>
          )}
          {lib.errors.length > 0 && (
            <div className="open-errors">
              {lib.errors.map((e) => (
                <ErrorPanel key={e.key} error={e.error} fileName={e.fileName} onDismiss={() => dispatch({ type: 'dismissError', key: e.key })} />
              ))}
            </div>
          )}
          {selected ? (
            <Player
              engine={engine}
              summary={selected}
              hitTimesMs={hitTimesMs}
              activity={activity}
              goToTimeRef={goToTime}
              rootRef={playerRef}
              onCancelIndex={() => void api.call('cancel', { id: selected.id })}
              onFullscreen={toggleFullscreen}
              timeline={timeline}
              onExport={() => setExportOpen(true)}
            />
          ) : (
            <DropZone canBrowse onBrowse={browse} />
          )}
        </main>
        <SidePanel
          tab={tab}
          onTab={setTab}
          searchLabel={selected?.kind === 'display' ? tLib('search:tabKeystrokes') : tLib('search:tabSearch')}
          search={
            selected?.kind === 'display' ? (
              <KeystrokeLog api={api} summary={selected} engine={engine} search={search} inputRef={searchInput} />
            ) : (
              <SearchPanel search={search} summary={selected} inputRef={searchInput} />
            )
          }
          info={<InfoPanel summary={selected} onSeek={seek} api={api} />}
          commands={<CommandsPanel summary={selected} commands={commands} player={engine} onSeek={seek} />}
          transfers={<TransfersPanel summary={selected} transfers={transfers} player={engine} onSeek={seek} />}
          bookmarks={<BookmarksPanel summary={selected} bookmarks={bookmarks} currentTimeMs={() => engine.currentTimeMs} onSeek={seek} />}
        />
      </div>
      <DropOverlay onFiles={(f) => void openFiles(f)} onFolders={(f) => void openFolders(f)} />
      {shortcutsOpen && <ShortcutsOverlay onClose={() => setShortcutsOpen(false)} />}
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      {exportOpen && selected && <ExportDialog api={api} summary={selected} onClose={() => setExportOpen(false)} />}
    </div>
    </SettingsContext.Provider>
  );
}
