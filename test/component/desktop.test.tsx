/**
 * The desktop around the player, in happy-dom against the fake api: the Settings dialog (keyboard-first,
 * changes applied and sent to the host, a refused value shown and rolled back), session facts in the Info
 * panel, the wall-clock display (W key, setting) in the time readout and the seek-bar tooltip, the library's
 * user/asset line and archive members, and the native menu's actions arriving as `menu` events.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Method } from '../../shared/api';
import type { RecordingSummary, TerminalSummary } from '../../shared/model';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { InfoPanel } from '../../renderer/components/InfoPanel';
import { actualFontSize, setActualFontSize } from '../../renderer/player/fit';
import { LibrarySidebar, unopenedMembers } from '../../renderer/components/LibrarySidebar';
import { SeekBar } from '../../renderer/components/SeekBar';
import { offsetLabel, sourceTime } from '../../renderer/components/SessionFacts';
import { TimeDisplay, wallClock } from '../../renderer/components/TimeDisplay';
import { SettingsContext, type SettingsState } from '../../renderer/state/settings';
import { renderApp, type AppHarness } from './app-harness';
import { buildRecording, type FakeApi } from './fake-api';
import { $, press, render, waitFor, type Rendered } from './helpers';

let r: Rendered | AppHarness | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
  localStorage.clear();
});

const START = Date.UTC(2024, 4, 1, 10, 0, 0);

function rec(id: string, over: Partial<TerminalSummary> = {}) {
  const b = buildRecording({ id, fileName: `${id}.cast`, events: [[1, 'o', 'a'], [30, 'o', 'b'], [60, 'o', 'c']] });
  b.summary = { ...b.summary, ...over } as RecordingSummary;
  return b;
}

/** A host that keeps settings like the real ones do (checks included), recording every call. */
function withSettingsHost(api: FakeApi, initial: Partial<Settings> = {}): { stored: () => Settings } {
  let stored: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const call = api.call.bind(api);
  api.call = (async (method: Method, req: unknown) => {
    if (method === 'settingsGet') {
      api.calls.push({ method, req });
      return { ok: true, value: stored };
    }
    if (method === 'settingsSet') {
      api.calls.push({ method, req });
      const patch = (req as { patch: Partial<Settings> }).patch;
      if (patch.seekStepMs !== undefined && patch.seekStepMs > 300_000) {
        return { ok: false, error: { code: 'BAD_REQUEST', message: `settingsSet: setting "seekStepMs" must be a whole number of milliseconds from 100 to 300000; got ${patch.seekStepMs}` } };
      }
      stored = { ...stored, ...patch };
      return { ok: true, value: stored };
    }
    return call(method as never, req as never);
  }) as FakeApi['call'];
  return { stored: () => stored };
}

function setInput(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

describe('Settings dialog', () => {
  it('opens with Ctrl+, focused on its first control, applies changes at once, keeps them in the host, closes on Esc', async () => {
    const app = (r = await renderApp([rec('aaaa')], { patch: (api) => void withSettingsHost(api) }));
    await waitFor(() => app.api.calls.some((c) => c.method === 'settingsGet'), 'settings loaded');
    await press(',', { ctrlKey: true });
    const dialog = $(app.container, '[data-testid="settings-dialog"]');
    expect(document.activeElement).toBe($(dialog, '[data-testid="settings-theme"]'));

    await act(async () => setInput($(dialog, '[data-testid="settings-theme"]') as HTMLSelectElement, 'light'));
    expect($(app.container, '[data-testid="app"]').dataset.theme).toBe('light');
    await act(async () => setInput($(dialog, '[data-testid="settings-speed"]') as HTMLSelectElement, '2'));
    await waitFor(() => app.api.calls.filter((c) => c.method === 'settingsSet').length >= 2, 'two changes sent');
    expect(app.api.calls.filter((c) => c.method === 'settingsSet').map((c) => c.req)).toEqual([{ patch: { theme: 'light' } }, { patch: { defaultSpeed: 2 } }]);

    // Global shortcuts sleep while the dialog is open: Space does not start playback.
    const before = app.player().dataset.state;
    await press(' ', {}, $(dialog, '[data-testid="settings-skip-idle"]'));
    expect(app.player().dataset.state).toBe(before);

    await press('Escape', {}, $(dialog, '[data-testid="settings-speed"]'));
    expect(app.container.querySelector('[data-testid="settings-dialog"]')).toBeNull();
  });

  it('a value the host refuses is shown with its message and the old value comes back', async () => {
    const app = (r = await renderApp([rec('aaaa')], { patch: (api) => void withSettingsHost(api, { seekStepMs: 5000 }) }));
    await press(',', { ctrlKey: true });
    const dialog = $(app.container, '[data-testid="settings-dialog"]');
    const step = $(dialog, '[data-testid="settings-seek-step"]') as HTMLInputElement;
    expect(step.value).toBe('5');
    // In the box's range (it allows up to 600 s) but refused by this host: shown, then rolled back.
    await act(async () => setInput(step, '599'));
    await act(async () => step.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    const err = await waitFor(() => dialog.querySelector('[data-testid="settings-error"]'), 'error shown');
    expect(err.textContent).toContain('"seekStepMs"');
    expect(err.textContent).toContain('599000');
    await waitFor(() => step.value === '5', 'old value back');
    // Out of the box's own range: not sent at all, the box goes back.
    const sets = app.api.calls.filter((c) => c.method === 'settingsSet').length;
    await act(async () => setInput(step, '0'));
    await act(async () => step.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(step.value).toBe('5');
    expect(app.api.calls.filter((c) => c.method === 'settingsSet').length).toBe(sets);
  });

  it('the terminal font size is sent and reaches the terminal sink', async () => {
    const app = (r = await renderApp([rec('aaaa')], { patch: (api) => void withSettingsHost(api) }));
    await press(',', { ctrlKey: true });
    const font = $(app.container, '[data-testid="settings-terminal-font"]') as HTMLInputElement;
    expect(font.value).toBe(String(DEFAULT_SETTINGS.terminalFontPx));
    await act(async () => setInput(font, '19'));
    await act(async () => font.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    await waitFor(() => actualFontSize() === 19, 'font size applied');
    expect(app.api.calls.filter((c) => c.method === 'settingsSet').map((c) => c.req)).toEqual([{ patch: { terminalFontPx: 19 } }]);
    setActualFontSize(DEFAULT_SETTINGS.terminalFontPx);
  });

  it('the seek step and default speed reach the player', async () => {
    const app = (r = await renderApp([rec('aaaa')], { patch: (api) => void withSettingsHost(api, { seekStepMs: 20_000, defaultSpeed: 4 }) }));
    await waitFor(() => app.player().dataset.state === 'ready', 'ready');
    await waitFor(() => app.player().dataset.speed === '4', 'default speed applied');
    const t0 = app.timeMs();
    await press('ArrowRight');
    await app.waitForTime(t0 + 20_000);
  });
});

describe('Info panel session facts', () => {
  const session = {
    user: 'Alice Zhang(alice)',
    asset: 'db-prod-1(10.0.0.5)',
    account: 'root(root)',
    protocol: 'ssh',
    remoteAddr: '203.0.113.9',
    loginFrom: 'Web Terminal',
    startEpochMs: START,
    endEpochMs: START + 3_725_000,
    utcOffsetMinutes: 480,
    durationMs: 3_725_000,
    org: 'Default',
    terminal: 'koko (koko)',
    commandCount: 12,
    success: false,
    error: 'connection reset',
  };

  it('labels every fact, shows times local, UTC and as the source wrote them, and the archive', async () => {
    const s = rec('aaaa', {
      session,
      metadata: { user: 'Alice Zhang(alice)', date_start: '2024/05/01 18:00:00 +0800', is_success: false },
      container: { kind: 'tar', fileName: 'f3a1.tar', sizeBytes: 10, sha256: 'x', memberPaths: ['f3a1.cast.gz'], members: [] },
    }).summary;
    r = await render(<InfoPanel summary={s} onSeek={() => undefined} />);
    const text = (id: string) => $(r!.container, `[data-testid="${id}"]`).textContent ?? '';
    expect(text('fact-user')).toBe('Alice Zhang(alice)');
    expect(text('fact-asset')).toBe('db-prod-1(10.0.0.5)');
    expect(text('fact-account')).toBe('root(root)');
    expect(text('fact-remote-addr')).toBe('203.0.113.9');
    expect(text('fact-login-from')).toBe('Web Terminal');
    expect(text('fact-start')).toContain('2024-05-01 10:00:00 UTC');
    // 10:00 UTC is 18:00 at +08:00, the zone JumpServer wrote the date in.
    expect(text('fact-start')).toContain('2024-05-01 18:00:00 +08:00');
    expect(text('fact-end')).toContain('2024-05-01 11:02:05 UTC');
    expect(text('fact-duration')).toBe('1:02:05');
    expect(text('fact-org')).toBe('Default');
    expect(text('fact-terminal')).toBe('koko (koko)');
    expect(text('fact-commands')).toBe('12');
    expect(text('fact-result')).toContain('Failed');
    expect(text('fact-result')).toContain('connection reset');
    expect(text('fact-archive')).toContain('f3a1.tar');
    expect(text('fact-member')).toBe('f3a1.cast.gz');
    // Raw fields are there, folded.
    const raw = $(r.container, '[data-testid="metadata-raw"]') as HTMLDetailsElement;
    expect(raw.open).toBe(false);
    expect($(raw, '[data-testid="metadata-table"]').textContent).toContain('date_start2024/05/01 18:00:00 +0800');
  });

  it('shows only what is known, and nothing without metadata', async () => {
    r = await render(<InfoPanel summary={rec('bbbb', { session: { user: 'bob', success: true } }).summary} onSeek={() => undefined} />);
    expect($(r.container, '[data-testid="fact-user"]').textContent).toBe('bob');
    expect($(r.container, '[data-testid="fact-result"]').textContent).toBe('Succeeded');
    expect(r.container.querySelector('[data-testid="fact-asset"]')).toBeNull();
    r.unmount();
    r = await render(<InfoPanel summary={rec('cccc').summary} onSeek={() => undefined} />);
    expect(r.container.querySelector('[data-testid="session-facts"]')).toBeNull();
  });

  it('an evidence bundle says whether it verified, and names each altered member', async () => {
    const container = { kind: 'zip' as const, fileName: 'evidence.zip', sizeBytes: 10, sha256: 'x', memberPaths: ['clip.cast'], members: [] };
    const good = { ok: true, verified: ['clip.cast', 'transcript.txt', 'README.txt'], problems: [] };
    r = await render(<InfoPanel summary={rec('dddd', { container: { ...container, bundle: good } }).summary} onSeek={() => undefined} />);
    expect($(r.container, '[data-testid="fact-bundle"] [data-verdict]').getAttribute('data-verdict')).toBe('ok');
    expect($(r.container, '[data-testid="fact-bundle"]').textContent).toContain('3 files');
    r.unmount();
    const bad = { ok: false, verified: ['README.txt'], problems: [{ member: 'clip.cast', problem: 'changed' as const, message: 'clip.cast was altered: its SHA-256 is not the one in manifest.json' }] };
    r = await render(<InfoPanel summary={rec('eeee', { container: { ...container, bundle: bad } }).summary} onSeek={() => undefined} />);
    expect($(r.container, '[data-testid="fact-bundle"] [data-verdict]').getAttribute('data-verdict')).toBe('bad');
    expect($(r.container, '[data-testid="bundle-problem"]').getAttribute('data-member')).toBe('clip.cast');
    expect($(r.container, '[data-testid="bundle-problem"]').textContent).toContain('was altered');
  });

  it('offsets as people write them', () => {
    expect(offsetLabel(480)).toBe('+08:00');
    expect(offsetLabel(-330)).toBe('-05:30');
    expect(sourceTime(START, -60)).toBe('2024-05-01 09:00:00 -01:00');
  });
});

function settingsValue(over: Partial<Settings>): SettingsState {
  return { settings: { ...DEFAULT_SETTINGS, ...over }, loaded: true, error: null, update: async () => ({ ok: true, value: DEFAULT_SETTINGS }) };
}

describe('wall-clock time', () => {
  it('the time readout leads with the wall clock in wall-clock mode, with elapsed after it', async () => {
    const start = new Date(2024, 5, 1, 9, 59, 58).getTime();
    r = await render(
      <SettingsContext.Provider value={settingsValue({ timeDisplay: 'wallclock' })}>
        <TimeDisplay timeMs={65_000} durationMs={120_000} startedAtEpochMs={start} />
      </SettingsContext.Provider>,
    );
    const display = $(r.container, '[data-testid="time-display"]');
    expect(display.dataset.mode).toBe('wallclock');
    expect(display.firstElementChild?.textContent).toBe('10:01:03');
    expect($(display, '.time-total').textContent).toBe(wallClock(start + 120_000));
    expect($(display, '[data-testid="time-current"]').textContent).toBe('1:05');
  });

  it('the seek bar tooltip adds start + offset in wall-clock mode only', async () => {
    const start = new Date(2024, 5, 1, 9, 0, 0).getTime();
    const bar = (mode: Settings['timeDisplay']) => (
      <SettingsContext.Provider value={settingsValue({ timeDisplay: mode })}>
        <SeekBar timeMs={0} durationMs={100_000} indexedUntilMs={100_000} indexing={false} markers={[]} idle={[]} hitTimesMs={[]} onSeek={() => undefined} startedAtEpochMs={start} />
      </SettingsContext.Provider>
    );
    for (const mode of ['wallclock', 'elapsed'] as const) {
      r = await render(bar(mode));
      const el = $(r.container, '[data-testid="seek-bar"]');
      el.getBoundingClientRect = () => ({ left: 0, width: 200, top: 0, height: 10, right: 200, bottom: 10, x: 0, y: 0, toJSON: () => ({}) });
      await act(async () => el.dispatchEvent(new PointerEvent('pointermove', { clientX: 50, bubbles: true })));
      expect($(r.container, '[data-testid="seek-tooltip-time"]').textContent).toBe('0:25');
      const wall = r.container.querySelector('[data-testid="seek-tooltip-wall"]');
      if (mode === 'wallclock') expect(wall?.textContent).toBe('09:00:25');
      else expect(wall).toBeNull();
      r.unmount();
      r = null;
    }
  });

  it('W switches the player between elapsed and wall-clock time and saves the choice', async () => {
    const startedAtEpochMs = new Date(2024, 5, 1, 8, 0, 0).getTime();
    let host: { stored: () => Settings } | null = null;
    const app = (r = await renderApp([rec('aaaa', { terminal: { cols: 80, rows: 24, startedAtEpochMs } })], { patch: (api) => void (host = withSettingsHost(api)) }));
    await waitFor(() => app.player().dataset.state === 'ready', 'ready');
    const mode = () => $(app.container, '[data-testid="time-display"]').dataset.mode;
    expect(mode()).toBe('elapsed');
    await press('w');
    expect(mode()).toBe('wallclock');
    await waitFor(() => host!.stored().timeDisplay === 'wallclock', 'saved');
    await press('W');
    expect(mode()).toBe('elapsed');
  });
});

describe('library', () => {
  const container = {
    kind: 'zip' as const,
    fileName: 'session-clips.zip',
    sizeBytes: 100,
    sha256: 'zz',
    memberPaths: ['a.cast'],
    members: [
      { path: 'a.cast', sizeBytes: 1, kind: 'terminal' as const, format: 'asciicast' as const },
      { path: 'b/c.guac', sizeBytes: 1, kind: 'display' as const, format: 'guacamole' as const },
      { path: 'meta.json', sizeBytes: 1, kind: 'metadata' as const },
      { path: 'readme.txt', sizeBytes: 1 },
    ],
  };

  it('shows who and where, lists the archive members not opened yet, and opens one', async () => {
    const a = rec('aaaa', { session: { user: 'alice', asset: 'db1' }, container }).summary;
    const plain = rec('bbbb', { session: { asset: 'web2' } }).summary;
    expect(unopenedMembers(a, [a]).map((m) => m.path)).toEqual(['b/c.guac']);
    const other = { ...rec('cccc').summary, container: { ...container, memberPaths: ['b/c.guac'] } } as RecordingSummary;
    expect(unopenedMembers(a, [a, other])).toEqual([]);

    const opened: [string, string][] = [];
    r = await render(<LibrarySidebar items={[a, plain]} selectedId="aaaa" onSelect={() => undefined} onClose={() => undefined} onOpenMember={(id, p) => opened.push([id, p])} />);
    const who = [...r.container.querySelectorAll('[data-testid="library-who"]')].map((e) => e.textContent);
    expect(who).toEqual(['alice on db1', 'web2']);
    const members = [...r.container.querySelectorAll<HTMLElement>('[data-testid="library-member"]')];
    expect(members.map((m) => m.dataset.path)).toEqual(['b/c.guac']);
    await act(async () => members[0]!.click());
    expect(opened).toEqual([['aaaa', 'b/c.guac']]);
  });

  it('switching recordings keeps each one’s position (library state)', async () => {
    const app = (r = await renderApp([rec('aaaa'), rec('bbbb')]));
    await waitFor(() => app.player().dataset.state === 'ready', 'ready');
    await press('End');
    await app.waitForTime(60_000);
    const items = () => [...app.container.querySelectorAll<HTMLElement>('[data-testid="library-item"]')];
    await act(async () => items()[1]!.click());
    await waitFor(() => app.player().dataset.state === 'ready' && app.player().dataset.seeking === 'false', 'b ready');
    expect(app.timeMs()).not.toBe(60_000);
    await act(async () => items()[0]!.click());
    await app.waitForTime(60_000);
  });
});

describe('native menu actions', () => {
  it('arrive as menu events and do what the keys do', async () => {
    const app = (r = await renderApp([rec('aaaa')], { patch: (api) => void withSettingsHost(api, { seekStepMs: 10_000 }) }));
    await waitFor(() => app.player().dataset.state === 'ready', 'ready');
    const t0 = app.timeMs();
    await act(async () => app.api.emit('menu', { action: 'seekForward' }));
    await app.waitForTime(t0 + 10_000);
    await act(async () => app.api.emit('menu', { action: 'settings' }));
    expect(app.container.querySelector('[data-testid="settings-dialog"]')).not.toBeNull();
    await act(async () => app.api.emit('menu', { action: 'toggleLibrary' }));
    expect($(app.container, '.workspace').className).toContain('no-library');
    // A settings change made elsewhere (the View menu's theme) reaches this window.
    await act(async () => app.api.emit('settings', { ...DEFAULT_SETTINGS, theme: 'dark' }));
    expect($(app.container, '[data-testid="app"]').dataset.theme).toBe('dark');
  });
});
