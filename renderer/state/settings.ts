/**
 * The person's settings in the renderer: loaded from the host (`settingsGet`), followed when another window
 * or the native menu changes them (the `settings` event), changed with `update` (`settingsSet`). Until the
 * host answers, the last settings this browser saw are used, so the theme does not flash on start.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Result } from '../../shared/api';
import type { ApiError } from '../../shared/model';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from '../../shared/settings';
import type { TrailviewApi } from '../api';

export interface SettingsState {
  settings: Settings;
  /** True once the host's settings arrived (or the host has none to give). */
  loaded: boolean;
  /** The last refused change (a value the host would not take), until the next successful one. */
  error: ApiError | null;
  update(patch: Partial<Settings>): Promise<Result<Settings>>;
}

const CACHE_KEY = 'trailview.settings';

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

function readCache(): Settings {
  try {
    const raw = storage()?.getItem(CACHE_KEY);
    return normaliseSettings(raw ? JSON.parse(raw) : undefined);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

function writeCache(s: Settings): void {
  try {
    storage()?.setItem(CACHE_KEY, JSON.stringify(s));
  } catch {
    // Only a start-up hint; the host keeps the real thing.
  }
}

const noHost = async (): Promise<Result<Settings>> => ({ ok: false, error: { code: 'UNSUPPORTED_HERE', message: 'No settings provider.' } });

export const SettingsContext = createContext<SettingsState>({ settings: DEFAULT_SETTINGS, loaded: false, error: null, update: noHost });

/** The settings and `update`, for any component under App. */
export function useSettings(): SettingsState {
  return useContext(SettingsContext);
}

/** Owns the settings for one window (App provides it through SettingsContext). */
export function useSettingsState(api: TrailviewApi): SettingsState {
  const [settings, setSettings] = useState<Settings>(readCache);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useRef(settings);
  current.current = settings;

  const accept = useCallback((s: Settings) => {
    const next = normaliseSettings(s);
    writeCache(next);
    setSettings(next);
  }, []);

  useEffect(() => {
    let live = true;
    const off = api.on('settings', (s) => accept(s));
    void api.call('settingsGet', {}).then((r) => {
      if (!live) return;
      if (r.ok) accept(r.value);
      setLoaded(true);
    });
    return () => {
      live = false;
      off();
    };
  }, [api, accept]);

  const update = useCallback(
    async (patch: Partial<Settings>): Promise<Result<Settings>> => {
      const before = current.current;
      // Applied at once (a theme click must not wait for a round trip); the host's answer is the final word.
      const optimistic = normaliseSettings({ ...before, ...patch });
      current.current = optimistic;
      setSettings(optimistic);
      const r = await api.call('settingsSet', { patch });
      if (r.ok) {
        setError(null);
        accept(r.value);
      } else if (r.error.code === 'UNSUPPORTED_HERE') {
        // A host that keeps no settings: they last as long as this window (and this browser's cache).
        writeCache(optimistic);
      } else {
        setError(r.error);
        current.current = before;
        setSettings(before);
      }
      return r;
    },
    [api, accept],
  );

  return { settings, loaded, error, update };
}
