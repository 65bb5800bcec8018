/**
 * Settings: the patch rules (every field, unknown keys, values out of range), reading a broken or older
 * store, both backends (a JSON file written atomically, an electron-store-like key-value store), and the
 * contract requests through the dispatcher (BAD_REQUEST naming the field and the value).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/host/dispatch';
import { createHandlers } from '../../../main/host/handlers';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { createSettingsStore, jsonFileSettingsBackend, keyValueSettingsBackend } from '../../../main/host/settings-store';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { checkSettingsPatch, DEFAULT_SETTINGS, effectiveLanguage, normaliseSettings, type Settings } from '../../../shared/settings';
import { createFakeCore } from './fake-core';

const tmp = () => mkdtempSync(join(tmpdir(), 'tv-settings-'));

describe('settings rules', () => {
  it('accepts each allowed value and refuses bad ones, naming the field and the value', () => {
    const good: Partial<Settings>[] = [
      { theme: 'dark' }, { theme: 'system' }, { language: 'zh-CN' }, { defaultSpeed: 0.25 }, { defaultSpeed: 16 },
      { skipIdle: true }, { idleCapMs: 100 }, { idleCapMs: 60000 }, { terminalFontPx: 8 }, { terminalFontPx: 40 },
      { seekStepMs: 1000 }, { timeDisplay: 'wallclock' },
    ];
    for (const p of good) expect(checkSettingsPatch(p), JSON.stringify(p)).toEqual({ ok: true, patch: p });
    const bad: [unknown, RegExp][] = [
      [{ theme: 'blue' }, /"theme".*"light".*got "blue"/],
      [{ language: 'fr' }, /"language".*got "fr"/],
      [{ defaultSpeed: 3 }, /"defaultSpeed".*got 3$/],
      [{ defaultSpeed: '2' }, /"defaultSpeed".*got "2"/],
      [{ skipIdle: 'yes' }, /"skipIdle" must be true or false; got "yes"/],
      [{ idleCapMs: 99 }, /"idleCapMs".*100 to 60000; got 99/],
      [{ idleCapMs: 1500.5 }, /"idleCapMs".*got 1500.5/],
      [{ terminalFontPx: 41 }, /"terminalFontPx".*got 41/],
      [{ seekStepMs: -5 }, /"seekStepMs".*got -5/],
      [{ timeDisplay: 'both' }, /"timeDisplay".*got "both"/],
      [{ volume: 3 }, /"volume" is not a setting/],
      [[], /"patch" must be an object/],
      [null, /"patch" must be an object/],
    ];
    for (const [p, re] of bad) {
      const r = checkSettingsPatch(p);
      expect(r.ok, JSON.stringify(p)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(re);
    }
  });

  it('keeps every valid stored field and gives the default for each broken or missing one', () => {
    expect(normaliseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(normaliseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    const s = normaliseSettings({ theme: 'light', defaultSpeed: 99, terminalFontPx: 20, seekStepMs: 'x', extra: 1 });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', terminalFontPx: 20 });
    expect('extra' in s).toBe(false);
  });

  it('picks the language: the setting, else Chinese for any zh locale, else English', () => {
    expect(effectiveLanguage('en', 'zh-CN')).toBe('en');
    expect(effectiveLanguage('zh-CN', 'en-US')).toBe('zh-CN');
    for (const l of ['zh-CN', 'zh', 'zh-TW', 'zh_Hans', 'ZH-hk']) expect(effectiveLanguage('system', l), l).toBe('zh-CN');
    for (const l of ['en-US', 'de', '', undefined, 'zu-ZA']) expect(effectiveLanguage('system', l), String(l)).toBe('en');
  });
});

describe('settings store', () => {
  it('JSON file: persists across stores, writes atomically (no temp file left), survives a broken file', () => {
    const dir = tmp();
    const file = join(dir, 'sub', 'settings.json');
    const a = createSettingsStore(jsonFileSettingsBackend(file));
    expect(a.get()).toEqual(DEFAULT_SETTINGS);
    a.set({ theme: 'dark' });
    a.set({ defaultSpeed: 2, skipIdle: true });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ theme: 'dark', defaultSpeed: 2, skipIdle: true });
    const b = createSettingsStore(jsonFileSettingsBackend(file));
    expect(b.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', defaultSpeed: 2, skipIdle: true });

    writeFileSync(file, '{ not json');
    expect(b.get()).toEqual(DEFAULT_SETTINGS);
    expect(b.set({ language: 'en' })).toEqual({ ...DEFAULT_SETTINGS, language: 'en' });
    expect(JSON.parse(readFileSync(file, 'utf8')).language).toBe('en');
  });

  it('a refused patch changes nothing and throws BAD_REQUEST', () => {
    const file = join(tmp(), 'settings.json');
    const s = createSettingsStore(jsonFileSettingsBackend(file));
    s.set({ theme: 'light' });
    expect(() => s.set({ theme: 'dark', seekStepMs: 0 })).toThrow(/seekStepMs/);
    expect(s.get().theme).toBe('light');
  });

  it('key-value (electron-store) backend: one object under "settings"; listeners hear each change', () => {
    const data = new Map<string, unknown>();
    const kv = { get: (k: string) => data.get(k), set: (k: string, v: unknown) => void data.set(k, v) };
    const s = createSettingsStore(keyValueSettingsBackend(kv));
    const heard: Settings[] = [];
    const off = s.onChange((x) => heard.push(x));
    s.set({ timeDisplay: 'wallclock' });
    expect(data.get('settings')).toMatchObject({ timeDisplay: 'wallclock' });
    expect(createSettingsStore(keyValueSettingsBackend(kv)).get().timeDisplay).toBe('wallclock');
    off();
    s.set({ theme: 'dark' });
    expect(heard.map((h) => h.timeDisplay)).toEqual(['wallclock']);
  });

  it('settingsGet / settingsSet through the dispatcher; a bad value is BAD_REQUEST naming it', async () => {
    const dir = tmp();
    const parts = {
      mode: 'web' as const,
      version: '1',
      recent: createRecentStore(jsonFileBackend(join(dir, 'recent.json'))),
      bookmarks: createBookmarkStore(join(dir, 'bookmarks')),
      settings: createSettingsStore(jsonFileSettingsBackend(join(dir, 'settings.json'))),
    };
    const handlers = createHandlers(createFakeCore(), parts);
    expect(await dispatch(handlers, 'settingsGet', {})).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(await dispatch(handlers, 'settingsSet', { patch: { theme: 'dark', defaultSpeed: 4 } })).toEqual({
      ok: true,
      value: { ...DEFAULT_SETTINGS, theme: 'dark', defaultSpeed: 4 },
    });
    const bad = await dispatch(handlers, 'settingsSet', { patch: { defaultSpeed: 3 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^settingsSet: setting "defaultSpeed" must be one of .*; got 3$/);
    expect(await dispatch(handlers, 'settingsSet', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).defaultSpeed).toBe(4);
  });
});
