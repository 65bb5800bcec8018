/**
 * The timeline lane: its geometry (pure maths, checked against positions worked out by hand from the
 * durations and widths), and the component: rows only for what exists, hover shows the item, click seeks.
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimelineLane } from '../../renderer/components/TimelineLane';
import { keyToAction } from '../../renderer/keyboard/keymap';
import { currentIndex, filterCommands, glyphAt, idleAt, layoutGlyphs, sizeLabel, worstRisk } from '../../renderer/components/timeline-math';
import type { CommandEntry } from '../../shared/model';
import { render, type Rendered } from './helpers';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

const cmd = (timeMs: number, command: string, more: Partial<CommandEntry> = {}): CommandEntry => ({ timeMs, command, source: 'input', ...more });

describe('lane geometry', () => {
  it('places points and spans at their share of the duration', () => {
    // 100 s over 1000 px: 1 px = 100 ms.
    const g = layoutGlyphs([{ timeMs: 25_000, endMs: 35_000, item: 'a' }, { timeMs: 50_000, item: 'b' }], 100_000, 1000);
    expect(g).toEqual([
      { leftPct: 25, widthPct: 10, items: ['a'], timeMs: 25_000 },
      { leftPct: 50, widthPct: 0, items: ['b'], timeMs: 50_000 },
    ]);
  });

  it('merges items closer than the gap into one glyph (first item first), keeps farther ones apart', () => {
    // 1000 px for 100 s: items at 10.0 s and 10.2 s are 2 px apart (merge at gap 3), 10.2 s and 10.6 s are 4 px apart.
    const items = [10_600, 10_000, 10_200].map((t) => ({ timeMs: t, item: t }));
    const g = layoutGlyphs(items, 100_000, 1000, { gapPx: 3 });
    expect(g.map((x) => x.items)).toEqual([[10_000, 10_200], [10_600]]);
    expect(g[0]!.timeMs).toBe(10_000);
  });

  it('gives short spans a minimum width, and never draws past the end', () => {
    const [short] = layoutGlyphs([{ timeMs: 0, endMs: 10, item: 1 }], 100_000, 1000, { minWidthPx: 3 });
    expect(short!.widthPct).toBeCloseTo(0.3, 5); // 3 px of 1000
    const [atEnd] = layoutGlyphs([{ timeMs: 99_900, endMs: 99_950, item: 1 }], 100_000, 1000, { minWidthPx: 6 });
    expect(atEnd!.leftPct + atEnd!.widthPct).toBeLessThanOrEqual(100);
  });

  it('keeps thousands of items to at most one glyph per few pixels', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ timeMs: i * 20, item: i }));
    const g = layoutGlyphs(items, 100_000, 800, { gapPx: 1, minWidthPx: 3 });
    expect(g.length).toBeLessThanOrEqual(800 / 3 + 1);
    expect(g.reduce((n, x) => n + x.items.length, 0)).toBe(5000);
  });

  it('finds the glyph under the pointer within a tolerance, nearest first', () => {
    const g = layoutGlyphs([{ timeMs: 20_000, item: 'a' }, { timeMs: 21_000, item: 'b' }, { timeMs: 60_000, endMs: 70_000, item: 'c' }], 100_000, 1000, { gapPx: 0 });
    expect(glyphAt(g, 203, 1000)?.items).toEqual(['a']);
    expect(glyphAt(g, 208, 1000)?.items).toEqual(['b']);
    expect(glyphAt(g, 650, 1000)?.items).toEqual(['c']);
    expect(glyphAt(g, 400, 1000)).toBeUndefined();
  });

  it('knows which command is on screen: the last started, ended or not, none before the first', () => {
    const list = [cmd(1000, 'a', { endMs: 2000 }), cmd(3000, 'b'), cmd(5000, 'c', { endMs: 5000 }), cmd(5000.5, 'd')];
    expect(currentIndex(list, 500)).toBe(-1);
    expect(currentIndex(list, 1000)).toBe(0);
    expect(currentIndex(list, 2500)).toBe(0);
    expect(currentIndex(list, 4000)).toBe(1);
    expect(currentIndex(list, 5000)).toBe(2);
    expect(currentIndex(list, 5000.4)).toBe(2);
    expect(currentIndex(list, 9001)).toBe(3);
    expect(currentIndex([], 9001)).toBe(-1);
  });

  it('filters by words in any order over command, context and risk; risky and failed only', () => {
    const list = [
      cmd(0, 'rm -rf /tmp/cache', { risk: ['destructive'], exitCode: 0 }),
      cmd(1, 'ls /tmp', { exitCode: 2 }),
      cmd(2, 'SELECT 1', { context: 'mysql prod-db' }),
      cmd(3, 'sudo -i', { risk: ['privilege'] }),
    ];
    expect(filterCommands(list, { text: 'tmp rm', riskyOnly: false, failedOnly: false })).toEqual([0]);
    expect(filterCommands(list, { text: 'PROD', riskyOnly: false, failedOnly: false })).toEqual([2]);
    expect(filterCommands(list, { text: 'privilege', riskyOnly: false, failedOnly: false })).toEqual([3]);
    expect(filterCommands(list, { text: '', riskyOnly: true, failedOnly: false })).toEqual([0, 3]);
    expect(filterCommands(list, { text: '', riskyOnly: false, failedOnly: true })).toEqual([1]);
    expect(filterCommands(list, { text: '  ', riskyOnly: false, failedOnly: false })).toEqual([0, 1, 2, 3]);
  });

  it('finds the idle stretch under the pointer, ends included', () => {
    const idle = [{ startMs: 1000, endMs: 5000 }, { startMs: 9000, endMs: 9500 }];
    expect(idleAt(idle, 999)).toBeUndefined();
    expect(idleAt(idle, 1000)).toBe(idle[0]);
    expect(idleAt(idle, 5000)).toBe(idle[0]);
    expect(idleAt(idle, 9200)).toBe(idle[1]);
    expect(idleAt(idle, 7000)).toBeUndefined();
  });

  it('colours a glyph by its most serious risk and labels sizes', () => {
    expect(worstRisk([cmd(0, 'a', { risk: ['data-movement'] }), cmd(1, 'b', { risk: ['credentials', 'privilege'] })])).toBe('credentials');
    expect(worstRisk([cmd(0, 'a')])).toBeUndefined();
    expect(worstRisk([cmd(0, 'a', { risk: ['custom-rule'] })])).toBe('custom-rule');
    expect(sizeLabel(512)).toBe('512 B');
    expect(sizeLabel(1536)).toBe('1.5 KB');
    expect(sizeLabel(50 * 1024 * 1024)).toBe('50 MB');
    expect(sizeLabel(undefined)).toBe('');
  });
});

describe('<TimelineLane>', () => {
  const base = {
    timeMs: 0,
    durationMs: 100_000,
    transfers: [],
    markers: [],
    bookmarks: [],
    hitTimesMs: [],
    idle: [],
  };

  it('renders nothing when there is nothing to show', async () => {
    r = await render(<TimelineLane {...base} commands={[]} onSeek={() => undefined} />);
    expect(r.container.querySelector('[data-testid="timeline-lane"]')).toBeNull();
  });

  it('draws a row per kind present, glyphs at their times, risk classes; hover tells, click seeks', async () => {
    const onSeek = vi.fn();
    r = await render(
      <TimelineLane
        {...base}
        commands={[cmd(10_000.4, 'sudo cat /etc/shadow', { endMs: 12_000, risk: ['credentials'], exitCode: 1 }), cmd(50_000, 'ls')]}
        transfers={[{ timeMs: 70_000, name: 'dump.sql', direction: 'download', sizeBytes: 2048, tool: 'zmodem', ok: true }]}
        markers={[{ timeMs: 30_000, label: 'su to root' }]}
        bookmarks={[{ id: 'b1', timeMs: 90_000, note: 'look here', createdAtEpochMs: 1 }]}
        idle={[{ startMs: 60_000, endMs: 65_000 }]}
        onSeek={onSeek}
      />,
    );
    const rows = [...r.container.querySelectorAll<HTMLElement>('.tl-row')].map((x) => x.dataset.row);
    expect(rows).toEqual(['commands', 'transfers', 'marks']);
    const glyphs = [...r.container.querySelectorAll<HTMLElement>('[data-testid="tl-glyph"]')];
    const byKind = (k: string) => glyphs.filter((g) => g.dataset.kind === k);
    expect(byKind('command').map((g) => g.style.left)).toEqual(['10%', '50%']);
    expect(byKind('command')[0]!.className).toMatch(/risk-credentials/);
    expect(byKind('command')[0]!.className).toMatch(/failed/);
    expect(byKind('command')[1]!.className).not.toMatch(/risky/);
    expect(byKind('transfer')[0]!.style.left).toBe('70%');
    expect(byKind('marker')[0]!.style.left).toBe('30%');
    expect(byKind('bookmark')[0]!.style.left).toBe('90%');
    const idle = r.container.querySelector<HTMLElement>('.tl-idle')!;
    expect([idle.style.left, idle.style.width]).toEqual(['60%', '5%']);

    await act(async () => byKind('command')[0]!.dispatchEvent(new MouseEvent('pointerover', { bubbles: true })));
    const tip = r.container.querySelector<HTMLElement>('[data-testid="tl-tooltip"]');
    expect(tip?.textContent).toContain('sudo cat /etc/shadow');
    expect(tip?.textContent).toContain('0:10');
    expect(tip?.textContent).toContain('exit 1');

    await act(async () => byKind('command')[0]!.click());
    // Seeks to the whole millisecond at or after the command, where its line is on screen.
    expect(onSeek).toHaveBeenLastCalledWith(10_001);
    await act(async () => byKind('transfer')[0]!.click());
    expect(onSeek).toHaveBeenLastCalledWith(70_000);
    await act(async () => byKind('bookmark')[0]!.click());
    expect(onSeek).toHaveBeenLastCalledWith(90_000);
    expect(onSeek).toHaveBeenCalledTimes(3);
  });
});

describe('timeline keys', () => {
  const key = (k: string, shiftKey = false) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey });
  it('B bookmarks, Shift+B / C / T open the panels, and none of them act while typing or with Ctrl', () => {
    expect(keyToAction(key('b'), false)).toEqual({ type: 'bookmark' });
    expect(keyToAction(key('B', true), false)).toEqual({ type: 'panel', panel: 'bookmarks' });
    expect(keyToAction(key('c'), false)).toEqual({ type: 'panel', panel: 'commands' });
    expect(keyToAction(key('T', true), false)).toEqual({ type: 'panel', panel: 'transfers' });
    expect(keyToAction(key('b'), true)).toBeNull();
    expect(keyToAction({ ...key('c'), ctrlKey: true }, false)).toBeNull();
  });
});
