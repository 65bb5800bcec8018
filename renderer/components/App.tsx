import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Result } from '../../shared/api';
import type { ApiError, RecordingId, RecordingKind, RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { copyText } from '../clipboard';
import { runAction } from '../keyboard/actions';
import { useGlobalKeys } from '../keyboard/use-global-keys';
import type { PlayerEngine } from '../player/engine';
import { emptyLibrary, libraryReducer } from '../state/library';
import { useTheme } from '../state/theme';
import { useActivity } from '../state/use-activity';
import { useBookmarks } from '../state/use-bookmarks';
import { useCommands } from '../state/use-commands';
import { useTransfers } from '../state/use-transfers';
import { BookmarksPanel } from './BookmarksPanel';
import { CommandsPanel } from './CommandsPanel';
import { TransfersPanel } from './TransfersPanel';
import { useSearch } from '../state/use-search';
import { DropOverlay } from './DropOverlay';
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

export interface AppProps {
  api: TrailviewApi;
  /** The player for one kind of recording; App makes one per kind, when first needed, and picks by summary.kind. */
  createEngine(api: TrailviewApi, kind: RecordingKind): PlayerEngine;
}

export function App({ api, createEngine }: AppProps) {
  const [lib, dispatch] = useReducer(libraryReducer, emptyLibrary);
  const { theme, mode: themeMode, toggle: toggleTheme } = useTheme();
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
  const positions = useRef(new Map<string, number>());
  const loaded = useRef<{ id: string; engine: PlayerEngine } | null>(null);

  const selected = lib.selectedId ? (lib.byId[lib.selectedId] ?? null) : null;
  const engine = engines(selected?.kind ?? 'terminal');
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
      positions.current.set(was.id, was.engine.currentTimeMs);
      // The other kind's player stays mounted off the page: it must not go on playing there.
      if (was.engine !== engine) was.engine.pause();
    }
    loaded.current = { id: selected.id, engine };
    void engine.load(selected, positions.current.get(selected.id));
  }, [selected, engine]);

  const recordingTheme = selected?.kind === 'terminal' ? selected.terminal.theme : undefined;
  useEffect(() => engine.setTheme(recordingTheme, theme === 'dark'), [engine, recordingTheme, theme]);

  const addResults = useCallback((results: Result<RecordingSummary>[], names: string[]) => {
    const ok: RecordingSummary[] = [];
    results.forEach((r, i) => {
      if (r.ok) ok.push(r.value);
      else dispatch({ type: 'openFailed', fileName: names[i] ?? '', error: r.error });
    });
    if (ok.length) dispatch({ type: 'opened', summaries: ok, select: true });
  }, []);

  const openFiles = useCallback(
    async (files: File[]) => {
      setOpening((n) => n + files.length);
      try {
        addResults(await api.openFiles(files), files.map((f) => f.name));
      } finally {
        setOpening((n) => n - files.length);
      }
    },
    [api, addResults],
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
      positions.current.delete(id);
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
    showPanel('bookmarks');
    void bookmarks.add(engine.currentTimeMs);
  };

  useGlobalKeys({
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
        escape: () => {
          if (shortcutsOpen) setShortcutsOpen(false);
          else if (document.activeElement === searchInput.current) searchInput.current?.blur();
          else dispatch({ type: 'dismissAllErrors' });
        },
      }),
  });

  const hitTimesMs = useMemo(() => search.result?.hits.map((h) => h.timeMs) ?? [], [search.result]);
  const items = lib.order.map((id) => lib.byId[id]).filter((s): s is RecordingSummary => !!s);
  const browse = (): void => {
    if (api.canShowOpenDialog) void api.call('openDialog', {}).then(onDialogResult);
    else document.querySelector<HTMLInputElement>('[data-testid="open-input"]')?.click();
  };

  return (
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
        {opening > 0 && <span className="muted toolbar-status">Opening {opening} file{opening === 1 ? '' : 's'}…</span>}
      </Toolbar>
      <div className={`workspace${libraryOpen ? '' : ' no-library'}${sideOpen ? '' : ' no-side'}`}>
        <LibrarySidebar items={items} selectedId={lib.selectedId} onSelect={(id) => dispatch({ type: 'select', id })} onClose={closeRecording} />
        <main className="centre">
          {hostError && (
            <div className="open-errors">
              <ErrorPanel error={hostError} title="Trailview host:" onDismiss={() => setHostError(null)} />
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
            />
          ) : (
            <DropZone canBrowse onBrowse={browse} />
          )}
        </main>
        <SidePanel
          tab={tab}
          onTab={setTab}
          searchLabel={selected?.kind === 'display' ? 'Keystrokes' : 'Search'}
          search={
            selected?.kind === 'display' ? (
              <KeystrokeLog api={api} summary={selected} engine={engine} search={search} inputRef={searchInput} />
            ) : (
              <SearchPanel search={search} summary={selected} inputRef={searchInput} />
            )
          }
          info={<InfoPanel summary={selected} onSeek={(ms) => void engine.seek(ms)} />}
          commands={<CommandsPanel summary={selected} commands={commands} player={engine} onSeek={(ms) => void engine.seek(ms)} />}
          transfers={<TransfersPanel summary={selected} transfers={transfers} player={engine} onSeek={(ms) => void engine.seek(ms)} />}
          bookmarks={<BookmarksPanel summary={selected} bookmarks={bookmarks} currentTimeMs={() => engine.currentTimeMs} onSeek={(ms) => void engine.seek(ms)} />}
        />
      </div>
      <DropOverlay onFiles={(f) => void openFiles(f)} />
      {shortcutsOpen && <ShortcutsOverlay onClose={() => setShortcutsOpen(false)} />}
    </div>
  );
}
