/** Light/dark: follows the system unless the settings pin one (toolbar button, Settings, the View menu). */
import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
const KEY = 'trailview.theme';

function systemTheme(): Theme {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return 'dark';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function readStoredTheme(storage: Pick<Storage, 'getItem'> | undefined): Theme | null {
  try {
    const v = storage?.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export type ThemeMode = 'system' | Theme;

/**
 * The toolbar button cycles system -> the other theme -> the system's theme, pinned -> system again, so
 * the first click always changes what you see and "follow the system" is always one or two clicks away.
 */
export function nextThemeMode(mode: ThemeMode, system: Theme): ThemeMode {
  const other: Theme = system === 'dark' ? 'light' : 'dark';
  if (mode === 'system') return other;
  if (mode === other) return system;
  return 'system';
}

/**
 * The theme shown for a mode from the settings (renderer/state/settings.ts). The chosen theme is also kept
 * in localStorage as a start-up hint, read before the host's settings arrive.
 */
export function useTheme(mode: ThemeMode, setMode: (next: ThemeMode) => void): { theme: Theme; mode: ThemeMode; toggle: () => void } {
  const [system, setSystem] = useState<Theme>(systemTheme);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = (): void => setSystem(mq.matches ? 'dark' : 'light');
    mq.addEventListener?.('change', onChange);
    return () => mq.removeEventListener?.('change', onChange);
  }, []);

  useEffect(() => {
    try {
      if (mode === 'system') storage()?.removeItem(KEY);
      else storage()?.setItem(KEY, mode);
    } catch {
      // Not persisted here; the settings still are.
    }
  }, [mode]);

  const toggle = useCallback(() => setMode(nextThemeMode(mode, system)), [mode, system, setMode]);
  return { theme: mode === 'system' ? system : mode, mode, toggle };
}
