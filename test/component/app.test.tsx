import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRecording, type FakeRecording } from './fake-api';
import { renderApp, typeInto, type AppHarness } from './app-harness';
import { $, press, waitFor } from './helpers';

const recA = (): FakeRecording =>
  buildRecording({
    id: 'aaaa',
    fileName: 'alpha.cast',
    events: [
      [0, 'o', 'login\r\n'],
      [5, 'm', 'sudo starts'],
      [10, 'o', '$ sudo -i\r\n'],
      [40.0004, 'o', '# cat /etc/shadow\r\n'],
      [80, 'o', '# exit\r\n'],
      [100, 'o', 'logout\r\n'],
    ],
    lines: [
      [0, 'login'],
      [10, '$ sudo -i'],
      [40.0004, '# cat /etc/shadow'],
      [80, '# exit'],
    ],
  });
const recB = (): FakeRecording =>
  buildRecording({
    id: 'bbbb',
    fileName: 'bravo.cast',
    events: [
      [2, 'o', 'hello\r\n'],
      [20, 'o', 'world\r\n'],
    ],
  });

let app: AppHarness | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function ready(h: AppHarness): Promise<void> {
  await waitFor(() => h.player().dataset.state === 'ready' && h.player().dataset.seeking === 'false', 'player ready');
}

describe('App shell', () => {
  it('shows the drop zone while nothing is open, with the theme on the root', async () => {
    app = await renderApp([], { library: false });
    expect($(app.container, '[data-testid="drop-zone"]')).toBeTruthy();
    expect(app.container.querySelector('[data-testid="player"]')).toBeNull();
    expect(['dark', 'light']).toContain($(app.container, '[data-testid="app"]').dataset.theme);
  });

  it('toggles the theme from the toolbar and remembers it', async () => {
    localStorage.clear();
    app = await renderApp([recA()]);
    const root = $(app.container, '[data-testid="app"]');
    const before = root.dataset.theme;
    await act(async () => $(app!.container, '[data-testid="theme-toggle"]').click());
    expect(root.dataset.theme).not.toBe(before);
    expect(localStorage.getItem('trailview.theme')).toBe(root.dataset.theme);
  });

  it('cycles the theme: the other theme, the system one pinned, then following the system again', async () => {
    localStorage.clear();
    app = await renderApp([recA()]);
    const root = $(app.container, '[data-testid="app"]');
    const button = $(app.container, '[data-testid="theme-toggle"]');
    const system = root.dataset.theme;
    expect(button.dataset.mode).toBe('system');
    await act(async () => button.click());
    expect(root.dataset.theme).not.toBe(system);
    await act(async () => button.click());
    expect(root.dataset.theme).toBe(system);
    expect(button.dataset.mode).toBe(system);
    expect(localStorage.getItem('trailview.theme')).toBe(system);
    await act(async () => button.click());
    expect(button.dataset.mode).toBe('system');
    expect(localStorage.getItem('trailview.theme')).toBeNull();
  });

  it('closes a recording from the library and asks the host to close it', async () => {
    app = await renderApp([recA(), recB()]);
    await ready(app);
    const items = () => [...app!.container.querySelectorAll<HTMLElement>('[data-testid="library-item"]')];
    await act(async () => $(items()[0]!, '[data-testid="library-close"]').click());
    await waitFor(() => items().length === 1, 'one item left');
    expect(items()[0]!.dataset.id).toBe('bbbb');
    expect(items()[0]!.getAttribute('aria-selected')).toBe('true');
    expect(app.api.calls.filter((c) => c.method === 'close').map((c) => c.req)).toEqual([{ id: 'aaaa' }]);
    await waitFor(() => app!.player().dataset.durationMs === '20000', 'bravo shown');
  });

  it('drives the player from the keyboard', async () => {
    app = await renderApp([recA()]);
    await ready(app);
    expect(app.player().dataset.durationMs).toBe('100000');
    await press('l');
    await app.waitForTime(10_000);
    await press('ArrowRight');
    await app.waitForTime(15_000);
    await press('j');
    await app.waitForTime(5_000);
    await press('ArrowRight', { shiftKey: true });
    await app.waitForTime(15_000);
    await press('7');
    await app.waitForTime(70_000);
    await press('[');
    await app.waitForTime(5_000); // the marker
    await press('>');
    await waitFor(() => app!.player().dataset.speed === '1.5');
    expect($(app.container, '[data-testid="speed"]').textContent).toBe('1.5x');
    await press(' ');
    await waitFor(() => app!.player().dataset.state === 'playing');
    await press('k');
    await waitFor(() => app!.player().dataset.state === 'paused');
    await press('?');
    expect($(app.container, '[data-testid="shortcuts"]')).toBeTruthy();
    await press('Escape');
    expect(app.container.querySelector('[data-testid="shortcuts"]')).toBeNull();
  });

  it('does not treat keys typed in the search box as shortcuts', async () => {
    app = await renderApp([recA()]);
    await ready(app);
    const input = $(app.container, '[data-testid="search-input"]') as HTMLInputElement;
    input.focus();
    await press('5', {}, input);
    await press('l', {}, input);
    expect(app.timeMs()).toBe(0);
  });

  it('keeps each recording’s position when switching in the library', async () => {
    app = await renderApp([recA(), recB()]);
    await ready(app);
    const items = () => [...app!.container.querySelectorAll<HTMLElement>('[data-testid="library-item"]')];
    expect(items().map((i) => i.dataset.id)).toEqual(['aaaa', 'bbbb']);
    expect(items()[0]!.getAttribute('aria-selected')).toBe('true');
    await press('4');
    await app.waitForTime(40_000);

    await act(async () => items()[1]!.click());
    await waitFor(() => app!.player().dataset.durationMs === '20000', 'bravo loaded');
    expect(items()[1]!.getAttribute('aria-selected')).toBe('true');
    await app.waitForTime(2000); // opened fresh: at its first frame
    await press('5');
    await app.waitForTime(10_000);

    await act(async () => items()[0]!.click());
    await waitFor(() => app!.player().dataset.durationMs === '100000', 'alpha loaded');
    await app.waitForTime(40_000);
    // Arrow keys in the list move the selection too.
    await press('ArrowDown', {}, items()[0]!);
    await waitFor(() => app!.player().dataset.durationMs === '20000', 'bravo again');
    await app.waitForTime(10_000);
    expect(document.activeElement).toBe(items()[1]);
  });

  it('searches, lists hits with the match marked, and seeks to a clicked hit', async () => {
    app = await renderApp([recA()]);
    await ready(app);
    await act(async () => $(app!.container, '[data-testid="tab-info"]').click());
    await press('/');
    const input = $(app.container, '[data-testid="search-input"]') as HTMLInputElement;
    // Focused at once (no tick later), even coming from the Info tab: fast typists lose no keys.
    expect(document.activeElement).toBe(input);
    await act(async () => typeInto(input, 'sudo'));
    const hits = await waitFor(() => {
      const h = [...app!.container.querySelectorAll<HTMLElement>('[data-testid="search-hit"]')];
      return h.length ? h : null;
    }, 'search hits');
    expect(hits.map((h) => h.dataset.timeMs)).toEqual(['10000']);
    expect(hits[0]!.querySelector('mark')?.textContent).toBe('sudo');
    expect($(app.container, '[data-testid="search-count"]').textContent).toBe('1 result');

    // A line that appeared at a fractional ms: the hit is shown from the next whole ms, line included.
    await act(async () => typeInto(input, 'shadow'));
    const shadow = await waitFor(() => {
      const h = app!.container.querySelector<HTMLElement>('[data-testid="search-hit"]');
      return h?.textContent?.includes('shadow') ? h : null;
    }, 'shadow hit');
    expect(shadow.dataset.timeMs).toBe('40001');
    await act(async () => shadow.click());
    await app.waitForTime(40_001);
    expect(app.sinks.at(-1)!.screen).toContain('# cat /etc/shadow');

    await act(async () => typeInto(input, 'i'));
    await waitFor(() => app!.container.querySelectorAll('[data-testid="search-hit"]').length === 3, 'three hits for "i"');
    const third = app.container.querySelectorAll<HTMLElement>('[data-testid="search-hit"]')[2]!;
    await act(async () => third.click());
    await app.waitForTime(80_000);
    expect($(app.container, '[data-testid="search-count"]').textContent).toBe('3 of 3');
    const sink = app.sinks.at(-1)!;
    await waitFor(() => sink.highlighted.at(-1)?.text === '# exit', 'hit highlighted in the terminal');
    expect(sink.screen).toContain('# exit');

    // Enter walks to the next hit (wrapping), Shift+Enter back.
    await press('Enter', {}, input);
    await app.waitForTime(0);
    expect($(app.container, '[data-testid="search-count"]').textContent).toBe('1 of 3');
    await press('Enter', { shiftKey: true }, input);
    await app.waitForTime(80_000);
    await press('F3');
    await app.waitForTime(0);
    await press('F3');
    await app.waitForTime(10_000);
  });

  it('says so when the host cannot be reached', async () => {
    app = await renderApp([], {
      patch: (api) => {
        api.call = (async () => ({ ok: false, error: { code: 'INTERNAL', message: 'lost connection to the Trailview host: Failed to fetch' } })) as typeof api.call;
      },
    });
    const panel = await waitFor(() => app!.container.querySelector<HTMLElement>('[data-testid="error-panel"]'), 'host error');
    expect(panel.dataset.code).toBe('INTERNAL');
    expect(panel.textContent).toContain('lost connection to the Trailview host');
  });

  it('leaves the search box on Escape, so shortcuts work again', async () => {
    app = await renderApp([recA()]);
    await ready(app);
    await press('/');
    const input = $(app.container, '[data-testid="search-input"]') as HTMLInputElement;
    await waitFor(() => document.activeElement === input, 'search focused');
    await press('Escape', {}, input);
    expect(document.activeElement).not.toBe(input);
    await press('l');
    await app.waitForTime(10_000);
  });

  it('lists recordings the host opened by itself, once it hears about them', async () => {
    app = await renderApp([recA()]);
    await ready(app);
    const b = recB();
    app.api.recordings.set(b.summary.id, b);
    await act(async () => app!.api.emit('progress', { id: 'bbbb', progress: 0.5, indexedUntilMs: 1, durationMs: 2 }));
    await waitFor(() => app!.container.querySelectorAll('[data-testid="library-item"]').length === 2, 'new recording listed');
    const c = buildRecording({ id: 'cccc', events: [[1, 'o', 'x']] });
    await act(async () => app!.api.emit('opened', [c.summary]));
    await waitFor(() => app!.container.querySelector('[data-testid="library-item"][data-id="cccc"]')?.getAttribute('aria-selected') === 'true', 'opened and selected');
  });

  it('shows each failed file as an error panel with its sentence and code', async () => {
    app = await renderApp([recA()]);
    await ready(app);
    app.api.openResults.set('notes.txt', {
      ok: false,
      error: { code: 'UNSUPPORTED_FORMAT', message: 'notes.txt is not a recording: the first line is not JSON.' },
    });
    app.api.openResults.set('good.cast', { ok: true, value: recB().summary });
    const files = [new File(['x'], 'notes.txt'), new File(['y'], 'good.cast')];
    await act(async () => {
      const drop = new Event('drop', { bubbles: true, cancelable: true });
      Object.defineProperty(drop, 'dataTransfer', { value: { files, types: ['Files'] } });
      window.dispatchEvent(drop);
    });
    const panel = await waitFor(() => app!.container.querySelector<HTMLElement>('[data-testid="error-panel"]'), 'error panel');
    expect(panel.dataset.code).toBe('UNSUPPORTED_FORMAT');
    expect(panel.textContent).toContain('notes.txt is not a recording: the first line is not JSON.');
    expect(panel.textContent).toContain('UNSUPPORTED_FORMAT');
    // The good file opened and was selected.
    await waitFor(() => app!.container.querySelectorAll('[data-testid="library-item"]').length === 2, 'second recording listed');
    await waitFor(() => app!.player().dataset.durationMs === '20000', 'good file selected');
  });
});
