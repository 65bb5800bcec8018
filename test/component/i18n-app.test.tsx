/**
 * The App in Simplified Chinese: the toolbar, the player controls and the info panel speak Chinese, no key is
 * missing (a missing key would show as ⟦ns:key⟧), and a language change from the settings re-renders at once.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { clearMissingKeys, missingKeys, setLanguage } from '../../renderer/i18n';
import { buildRecording, type FakeApi, type FakeRecording } from './fake-api';
import { renderApp, type AppHarness } from './app-harness';
import { $, waitFor } from './helpers';

const rec = (): FakeRecording =>
  buildRecording({
    id: 'aaaa',
    fileName: 'alpha.cast',
    events: [
      [0, 'o', 'login\r\n'],
      [5, 'm', 'sudo starts'],
      [10, 'o', '$ sudo -i\r\n'],
      [80, 'o', 'logout\r\n'],
    ],
  });

/** The host's settings: the fake api has none, so answer settingsGet here. */
function withLanguage(language: Settings['language']) {
  return (api: FakeApi): void => {
    const call = api.call.bind(api);
    api.call = (async (method: string, req: unknown) =>
      method === 'settingsGet' ? { ok: true, value: { ...DEFAULT_SETTINGS, language } } : call(method as never, req as never)) as FakeApi['call'];
  };
}

const HAN = /\p{Script=Han}/u;

/** Every title, aria-label and placeholder, and every text node, in the rendered app. */
function visibleStrings(root: HTMLElement): string[] {
  const out: string[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('[title], [aria-label], [placeholder]')) {
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    // The terminal's own screen is the recording's text, not ours.
    if ((n.parentElement as HTMLElement | null)?.closest('[data-testid="terminal"]')) continue;
    if (n.textContent?.trim()) out.push(n.textContent.trim());
  }
  return out;
}

let app: AppHarness | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  localStorage.clear();
  act(() => setLanguage('en'));
  clearMissingKeys();
});

describe('the app in Simplified Chinese', () => {
  it('shows Chinese in the toolbar, the player controls and the info panel, with no key missing', async () => {
    clearMissingKeys();
    app = await renderApp([rec()], { patch: withLanguage('zh-CN') });
    await waitFor(() => document.documentElement.lang === 'zh-CN', 'language zh-CN');
    await waitFor(() => app!.player().dataset.state === 'ready' && app!.player().dataset.seeking === 'false', 'player ready');
    const c = app.container;

    // Toolbar
    expect($(c, '[data-testid="open-button"]').textContent).toBe('打开…');
    expect($(c, '[data-testid="recent-button"]').textContent).toContain('最近打开');
    expect($(c, '[data-testid="side-toggle"]').getAttribute('aria-label')).toBe('搜索与信息面板');
    expect($(c, '[data-testid="shortcuts-button"]').getAttribute('aria-label')).toBe('键盘快捷键');
    // Player controls
    expect($(c, '[data-testid="play-pause"]').getAttribute('aria-label')).toBe('播放');
    expect($(c, '[data-testid="skip-idle"]').textContent).toBe('跳过空闲');
    expect($(c, '[data-testid="speed"]').getAttribute('title')).toBe('播放速度（< 和 >）');
    expect($(c, '[data-testid="seek-bar"]').getAttribute('aria-valuetext')).toMatch(/^0:00 \/ 1:20$/);
    // Info panel
    act(() => $(c, '[data-testid="tab-info"]').click());
    const info = $(c, '[data-testid="info-panel"]').textContent ?? '';
    for (const label of ['文件', '格式', '大小', '时长', '终端尺寸', '标记（1）', '警告（0）', '文件读取正常，没有警告。']) expect(info).toContain(label);
    expect(info).toContain('alpha.cast');

    expect(c.innerHTML).not.toContain('⟦');
    expect(missingKeys()).toEqual([]);

    // Nothing English is left over: every string we show has Chinese in it, or is a name, a number, a
    // symbol, a unit or a key cap. (The recording's own text, its marker label, the file name and format names are data.)
    const data = /^(alpha\.cast|sudo starts|asciicast v\d|[\d.,]+ [KMGT]?i?B( \([\d,]+ B\))?|[\d:.,/×x %·–—…]+|\d+×\d+|Trailview|Space|\.\*|Aa|ab|›|[a-f0-9]{64}|SHA-256)$/;
    const english = visibleStrings(c).filter((s) => !HAN.test(s) && /\p{L}/u.test(s) && !data.test(s));
    expect(english).toEqual([]);
  });

  it('switches language at once when the settings change, and back', async () => {
    app = await renderApp([rec()], { patch: withLanguage('en') });
    await waitFor(() => $(app!.container, '[data-testid="play-pause"]').getAttribute('aria-label') === 'Play', 'English');
    act(() => app!.api.emit('settings', { ...DEFAULT_SETTINGS, language: 'zh-CN' }));
    await waitFor(() => $(app!.container, '[data-testid="play-pause"]').getAttribute('aria-label') === '播放', 'Chinese after the settings event');
    expect($(app.container, '[data-testid="open-button"]').textContent).toBe('打开…');
    act(() => app!.api.emit('settings', { ...DEFAULT_SETTINGS, language: 'en' }));
    await waitFor(() => $(app!.container, '[data-testid="open-button"]').textContent === 'Open…', 'English again');
    expect(document.documentElement.lang).toBe('en');
  });

  it('has no missing key in English either', async () => {
    clearMissingKeys();
    app = await renderApp([rec()], { patch: withLanguage('en') });
    await waitFor(() => app!.player().dataset.state === 'ready' && app!.player().dataset.seeking === 'false', 'player ready');
    act(() => $(app!.container, '[data-testid="tab-info"]').click());
    expect(app.container.innerHTML).not.toContain('⟦');
    expect(missingKeys()).toEqual([]);
  });
});
