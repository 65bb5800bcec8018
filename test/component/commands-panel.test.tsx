/**
 * The Commands and Transfers panels inside the whole App (fake host): the list, filtering, a click and
 * Enter seek, the follow highlight moves with the player, copy, the lane shows the same commands, and a
 * host without the request says so instead of showing an empty list as if nothing was run.
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandEntry } from '../../shared/model';
import { renderApp, typeInto, type AppHarness } from './app-harness';
import { buildRecording, type FakeRecording } from './fake-api';
import { $, press, waitFor } from './helpers';

const COMMANDS: CommandEntry[] = [
  { timeMs: 10_000, endMs: 20_000, command: 'sudo -i', risk: ['privilege'], exitCode: 0, source: 'input' },
  { timeMs: 40_000.4, endMs: 60_000, command: 'cat /etc/shadow', risk: ['credentials'], exitCode: 0, source: 'input' },
  { timeMs: 80_000, command: 'ls /nonexistent', exitCode: 2, source: 'input', context: 'ssh db1' },
];

function rec(opts: { commands?: boolean } = {}): FakeRecording {
  const r = buildRecording({
    id: 'cmds',
    fileName: 'cmds.cast',
    events: [
      [0, 'o', 'login\r\n'],
      [10, 'o', '$ sudo -i\r\n'],
      [40.0004, 'o', '# cat /etc/shadow\r\n'],
      [80, 'o', '# ls /nonexistent\r\n'],
      [100, 'o', 'logout\r\n'],
    ],
  });
  if (opts.commands !== false) {
    r.commands = { commands: COMMANDS, partial: false };
    r.transfers = { transfers: [{ timeMs: 90_000, name: 'backup.tgz', direction: 'download', sizeBytes: 3 * 1024 * 1024, tool: 'zmodem', ok: false }], partial: false };
  }
  return r;
}

/** 300 commands a second apart (`echo 0` at 0.5 s ...): far more than the panel shows at once. */
function manyCommands(id: string): FakeRecording {
  const r = buildRecording({ id, fileName: `${id}.cast`, events: [[0, 'o', '$ '], [301, 'o', 'bye\r\n']] });
  r.commands = { commands: Array.from({ length: 300 }, (_, i) => ({ timeMs: i * 1000 + 500, command: `echo ${i}`, source: 'input' as const })), partial: false };
  return r;
}

let app: AppHarness | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

async function open(h: AppHarness, tab: 'commands' | 'transfers'): Promise<void> {
  await waitFor(() => h.player().dataset.state === 'ready' && h.player().dataset.seeking === 'false', 'player ready');
  await act(async () => $(h.container, `[data-testid="tab-${tab}"]`).click());
}

const rows = (h: AppHarness) => [...h.container.querySelectorAll<HTMLElement>('[data-testid="command-row"]')];

describe('Commands panel', () => {
  it('lists the commands with badges and exit codes, filters them, and seeks on click and Enter', async () => {
    app = await renderApp([rec()]);
    await open(app, 'commands');
    await waitFor(() => rows(app!).length === 3, 'three commands');
    expect($(app.container, '[data-testid="commands-count"]').textContent).toBe('3 commands');
    const first = rows(app)[0]!;
    expect(first.querySelector('[data-testid="risk-badge"]')?.getAttribute('data-risk')).toBe('privilege');
    expect(rows(app)[2]!.textContent).toContain('exit 2');
    expect(rows(app)[2]!.textContent).toContain('ssh db1');

    const filter = $(app.container, '[data-testid="commands-filter"]') as HTMLInputElement;
    await act(async () => typeInto(filter, 'shadow'));
    expect(rows(app).map((r) => r.querySelector('code')?.textContent)).toEqual(['cat /etc/shadow']);
    expect($(app.container, '[data-testid="commands-count"]').textContent).toBe('1 of 3');
    await act(async () => typeInto(filter, ''));
    await act(async () => $(app!.container, '[data-testid="commands-risky"]').click());
    expect(rows(app).length).toBe(2);
    await act(async () => $(app!.container, '[data-testid="commands-risky"]').click());

    // Click seeks to the command (its fractional time rounded up to a whole ms).
    await act(async () => rows(app!)[1]!.querySelector<HTMLElement>('[data-row]')!.click());
    await app.waitForTime(40_001);

    // Keyboard: ArrowDown from the filter enters the list, arrows move, Enter (a button's click) seeks.
    filter.focus();
    await press('ArrowDown', {}, filter);
    expect(document.activeElement).toBe(rows(app)[0]!.querySelector('[data-row]'));
    await press('ArrowDown', {}, document.activeElement!);
    await press('ArrowDown', {}, document.activeElement!);
    expect(document.activeElement).toBe(rows(app)[2]!.querySelector('[data-row]'));
    await act(async () => (document.activeElement as HTMLElement).click());
    await app.waitForTime(80_000);
  });

  it('highlights the command on screen as the player moves (the last started), none before the first', async () => {
    app = await renderApp([rec()]);
    await open(app, 'commands');
    await waitFor(() => rows(app!).length === 3);
    const current = () => rows(app!).findIndex((r) => r.getAttribute('aria-current') === 'true');
    expect(current()).toBe(-1); // at 0 s nothing has run yet
    await press('l'); // 10 s: sudo -i starts
    await app.waitForTime(10_000);
    await waitFor(() => current() === 0, 'sudo highlighted');
    await press('5'); // 50 s: inside cat /etc/shadow
    await app.waitForTime(50_000);
    await waitFor(() => current() === 1, 'cat highlighted');
    await press('7'); // 70 s: cat ended at 60 s, ls starts at 80 s: its output is still what is on screen
    await app.waitForTime(70_000);
    await waitFor(() => current() === 1, 'cat still highlighted');
    await press('0');
    await app.waitForTime(0);
    await waitFor(() => current() === -1, 'nothing before the first');
    await press('9');
    await app.waitForTime(90_000);
    await waitFor(() => current() === 2, 'ls highlighted');
  });

  it('draws only the rows in view of a long list, and follows the current command there unless told not to', async () => {
    app = await renderApp([manyCommands('many')]);
    await open(app, 'commands');
    await waitFor(() => rows(app!).length > 0, 'rows drawn');
    expect(rows(app).length).toBeLessThan(60);
    expect($(app.container, '[data-testid="commands-count"]').textContent).toBe('300 commands');
    const list = $(app.container, '.commands-panel .tl-list');
    const drawn = (i: number) => app!.container.querySelector(`[data-testid="command-row"][data-index="${i}"]`);
    expect(drawn(240)).toBeNull();
    // Following: 8 puts the player at 80 % (240.8 s), in command 240: drawn, highlighted, scrolled to.
    await press('8');
    await app.waitForTime(240_800);
    await waitFor(() => drawn(240)?.getAttribute('aria-current') === 'true', 'command 240 drawn and current');
    expect(list.scrollTop).toBeGreaterThan(0);
    // Not following: the list stays where it is (2: 60.2 s, command 59, is not drawn).
    await act(async () => $(app!.container, '[data-testid="commands-follow"]').click());
    expect(($(app.container, '[data-testid="commands-follow"]') as HTMLInputElement).checked).toBe(false);
    const top = list.scrollTop;
    await press('2');
    await app.waitForTime(60_200);
    expect(list.scrollTop).toBe(top);
    expect(drawn(59)).toBeNull();
    // Following again brings the current command (59) back into view; a hidden panel (another tab
    // showing) is not scrolled.
    await act(async () => $(app!.container, '[data-testid="commands-follow"]').click());
    await waitFor(() => drawn(59)?.getAttribute('aria-current') === 'true', 'command 59 drawn');
    await act(async () => $(app!.container, '[data-testid="tab-info"]').click());
    const hiddenTop = list.scrollTop;
    await press('5');
    await app.waitForTime(150_500);
    expect(list.scrollTop).toBe(hiddenTop);
    expect(drawn(150)).toBeNull();
  });

  it('Home and End in the list go to its first and last command, drawn and focused', async () => {
    app = await renderApp([manyCommands('ends')]);
    await open(app, 'commands');
    await waitFor(() => rows(app!).length > 0, 'rows drawn');
    const firstRow = rows(app)[0]!.querySelector<HTMLElement>('[data-row]')!;
    firstRow.focus();
    await press('End', {}, firstRow);
    await waitFor(() => document.activeElement?.closest('[data-testid="command-row"]')?.getAttribute('data-index') === '299', 'last command focused');
    await press('Home', {}, document.activeElement!);
    await waitFor(() => document.activeElement?.closest('[data-testid="command-row"]')?.getAttribute('data-index') === '0', 'first command focused');
  });

  it('copies a command', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    app = await renderApp([rec()]);
    await open(app, 'commands');
    await waitFor(() => rows(app!).length === 3);
    await act(async () => rows(app!)[1]!.querySelector<HTMLElement>('[data-testid="command-copy"]')!.click());
    expect(writeText).toHaveBeenCalledWith('cat /etc/shadow');
  });

  it('puts the same commands on the lane above the seek bar', async () => {
    app = await renderApp([rec()]);
    await waitFor(() => app!.container.querySelectorAll('[data-testid="tl-glyph"][data-kind="command"]').length === 3, 'lane glyphs');
    const lefts = [...app.container.querySelectorAll<HTMLElement>('[data-testid="tl-glyph"][data-kind="command"]')].map((g) => g.style.left);
    expect(lefts).toEqual(['10%', '40%', '80%']);
  });

  it('says so when the host cannot list commands', async () => {
    app = await renderApp([rec({ commands: false })]);
    await open(app, 'commands');
    const err = await waitFor(() => app!.container.querySelector('[data-testid="commands-error"]'), 'error note');
    expect(err.textContent).toMatch(/not available/);
    expect(rows(app)).toHaveLength(0);
    expect(app.container.querySelector('[data-testid="timeline-lane"]')).toBeNull();
  });
});

describe('Transfers panel', () => {
  it('lists transfers with direction, size, tool and outcome, and seeks on click', async () => {
    app = await renderApp([rec()]);
    await open(app, 'transfers');
    const row = await waitFor(() => app!.container.querySelector<HTMLElement>('[data-testid="transfer-row"]'), 'transfer row');
    expect(row.textContent).toContain('backup.tgz');
    expect(row.textContent).toContain('3.0 MB');
    expect(row.textContent).toContain('zmodem');
    expect(row.textContent).toContain('failed');
    expect(row.querySelector('.tl-dir')?.textContent).toBe('↓');
    await act(async () => row.querySelector<HTMLElement>('[data-row]')!.click());
    await app.waitForTime(90_000);
  });
});
