/** Light/dark: follows the system until the user picks one in the toolbar; the pick is remembered. */
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

export function useTheme(): { theme: Theme; explicit: boolean; toggle: () => void; followSystem: () => void } {
  const [stored, setStored] = useState<Theme | null>(() => readStoredTheme(storage()));
  const [system, setSystem] = useState<Theme>(systemTheme);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = (): void => setSystem(mq.matches ? 'dark' : 'light');
    mq.addEventListener?.('change', onChange);
    return () => mq.removeEventListener?.('change', onChange);
  }, []);

  const theme = stored ?? system;
  const toggle = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    try {
      storage()?.setItem(KEY, next);
    } catch {
      // Not persisted, still applied.
    }
    setStored(next);
  }, [theme]);
  const followSystem = useCallback(() => {
    try {
      storage()?.removeItem(KEY);
    } catch {
      // Nothing stored to remove.
    }
    setStored(null);
  }, []);
  return { theme, explicit: stored !== null, toggle, followSystem };
}
