/**
 * Where the person's settings live. Two backends, like the recent list: electron-store in the desktop
 * app (adapted in main/index.ts, so no electron import here) and a JSON file in the data dir for the web
 * host. Reads go through `normaliseSettings`, so a hand-edited or older file still starts the app.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TrailviewError } from '../../shared/errors';
import { checkSettingsPatch, normaliseSettings, type Settings } from '../../shared/settings';
import type { KeyValueStore } from './recent-store';

export interface SettingsBackend {
  load(): unknown;
  save(settings: Settings): void;
}

export interface SettingsStore {
  get(): Settings;
  /** Checks and stores a patch; throws BAD_REQUEST naming the first bad field and value. */
  set(patch: unknown): Settings;
  /** Called after every successful set (menus and other windows follow the change). */
  onChange(listener: (settings: Settings) => void): () => void;
}

export function createSettingsStore(backend: SettingsBackend): SettingsStore {
  const listeners = new Set<(s: Settings) => void>();
  const read = (): Settings => {
    try {
      return normaliseSettings(backend.load());
    } catch {
      // An unreadable settings file is not worth refusing to start over: defaults, and the next set rewrites it.
      return normaliseSettings(undefined);
    }
  };
  return {
    get: read,
    set(patch) {
      const checked = checkSettingsPatch(patch);
      if (!checked.ok) throw new TrailviewError('BAD_REQUEST', `settingsSet: ${checked.message}`);
      const next = { ...read(), ...checked.patch };
      backend.save(next);
      for (const l of listeners) l(next);
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** JSON file backend (web host); written via a temp file + rename so a crash never leaves half a file. */
export function jsonFileSettingsBackend(file: string): SettingsBackend {
  return {
    load: () => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw err;
      }
      return JSON.parse(text);
    },
    save: (settings) => {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
      renameSync(tmp, file);
    },
  };
}

/** electron-store backend: the settings object under one key. */
export function keyValueSettingsBackend(store: KeyValueStore, key = 'settings'): SettingsBackend {
  return { load: () => store.get(key) ?? {}, save: (settings) => store.set(key, settings) };
}

/** In memory: for hosts that keep nothing (tests, a CLI that never shows a UI). */
export function memorySettingsBackend(initial: unknown = {}): SettingsBackend {
  let data: unknown = initial;
  return { load: () => data, save: (s) => void (data = { ...s }) };
}
