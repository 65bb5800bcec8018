import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingKind } from '../../shared/model';
import type { TrailviewApi } from '../../renderer/api';
import { App } from '../../renderer/components/App';
import { parseTimeInput, formatPreciseTime } from '../../renderer/components/goto-time';
import { heatColumns, stepPath } from '../../renderer/components/heat-strip-math';
import { sessionProtocol, sessionStartMs } from '../../renderer/components/session-meta';
import { terminalChunks } from '../../renderer/player/chunk-cache';
import { GuacamoleEngine } from '../../renderer/player/engines/guacamole';
import { displayChunks } from '../../renderer/player/engines/guacamole-chunks';
import { TerminalEngine } from '../../renderer/player/engines/terminal';
import { typeInto } from './app-harness';
import { buildRecording } from './fake-api';
import { buildDisplayRecording, createFakeGuacApi, type FakeGuacApi } from './fake-guac-api';
import { FakeGuacScreen } from './fake-guac-screen';
import { FakeSink } from './fake-sink';
import { $, press, render, waitFor, type Rendered } from './helpers';
import { ManualScheduler } from './manual-scheduler';

const vnc = () =>
  buildDisplayRecording({
    id: 'vnc1',
    fileName: 'desk.replay.gz',
    frames: [
      [0, [['size', 0, 800, 600]]],
      [400, [['cfill', 14, 0, 0, 0, 0, 255], ['paint', 'a', '1']]],
      [2000, [['paint', 'b', '1']]],
      [5000, [['paint', 'c', '1']]],
      [9000, [['paint', 'd', '1']]],
    ],
    lines: [
      { timeMs: 1000, text: 'echo hello guacamole', kind: 'typed' },
      { timeMs: 3000, text: 'secret-token-123', kind: 'clipboard' },
      { timeMs: 6000, text: 'Terminal — root@vm', kind: 'title' },
      { timeMs: 7000, text: '<Ctrl+l>ls', kind: 'typed' },
    ],
    activity: { bucketMs: 1000, screen: [5, 0, 9, 0, 0, 3, 0, 0, 0, 2], input: [0, 4, 0, 1, 0, 0, 0, 2, 0, 0] },
  });
const cast = () => buildRecording({ id: 'term1', fileName: 'shell.cast', events: [[1, 'o', 'hi\r\n'], [4, 'o', 'bye\r\n']] });

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

async function renderBoth(): Promise<{ api: FakeGuacApi; made: RecordingKind[] }> {
  FakeGuacScreen.reset();
  const api = createFakeGuacApi([vnc()], [cast()]);
  const sched = new ManualScheduler();
  const made: RecordingKind[] = [];
  const createEngine = (a: TrailviewApi, kind: RecordingKind) => {
    made.push(kind);
    return kind === 'display'
      ? new GuacamoleEngine({ fetchChunk: displayChunks((req) => a.call('chunk', req)), createScreen: () => new FakeGuacScreen(), scheduler: sched })
      : new TerminalEngine({ fetchChunk: terminalChunks((req) => a.call('chunk', req)), createSink: () => new FakeSink(), scheduler: sched });
  };
  r = await render(<App api={api} createEngine={createEngine} />);
  return { api, made };
}

const player = () => $(r!.container, '[data-testid="player"]');
const select = async (id: string) => {
  await act(async () => $(r!.container, `[data-testid="library-item"][data-id="${id}"]`).click());
  await waitFor(() => player().dataset.kind === (id === 'vnc1' ? 'display' : 'terminal') && player().dataset.seeking === 'false' && ['ready', 'paused'].includes(player().dataset.state ?? ''), `${id} shown`);
};

describe('display recordings in the app', () => {
  it('picks the player by kind: a Guacamole stage for a display recording, xterm for a terminal one', async () => {
    const { made } = await renderBoth();
    await select('vnc1');
    expect(r!.container.querySelector('[data-testid="guac-display"]')).not.toBeNull();
    expect(r!.container.querySelector('[data-testid="terminal"]')).toBeNull();
    expect(player().dataset.timeMs).toBe('400'); // its first painted frame
    expect($(r!.container, '[data-testid="tab-search"]').textContent).toBe('Keystrokes');
    await select('term1');
    expect(r!.container.querySelector('[data-testid="terminal"]')).not.toBeNull();
    expect(r!.container.querySelector('[data-testid="guac-display"]')).toBeNull();
    expect($(r!.container, '[data-testid="tab-search"]').textContent).toBe('Search');
    // One engine per kind, made when first needed, kept when switching back.
    await select('vnc1');
    expect(made.sort()).toEqual(['display', 'terminal']);
  });

  it('lists the keystroke log with a mark per kind, follows the playhead, and seeks on click', async () => {
    await renderBoth();
    await select('vnc1');
    const rows = () => [...r!.container.querySelectorAll<HTMLElement>('[data-testid="keylog-line"]')];
    await waitFor(() => rows().length === 4, 'four log lines');
    expect(rows().map((x) => x.dataset.kind)).toEqual(['typed', 'clipboard', 'title', 'typed']);
    expect(rows().map((x) => x.querySelector('.kind-mark')!.textContent)).toEqual(['›', 'clip', 'title', '›']);
    expect(rows().some((x) => x.dataset.current)).toBe(false); // at 400 ms nothing was typed yet
    await act(async () => rows()[2]!.click());
    await waitFor(() => player().dataset.timeMs === '6000', 'seeked to the title');
    await waitFor(() => rows()[2]!.dataset.current === 'true', 'title line current');
    await press('ArrowLeft'); // back 5 s, to 1000 ms: the first typed line
    await waitFor(() => rows()[0]!.dataset.current === 'true' && !rows()[2]!.dataset.current, 'first line current');
  });

  it('searches the log with the search request and jumps to a hit of any kind', async () => {
    const { api } = await renderBoth();
    await select('vnc1');
    const input = $(r!.container, '[data-testid="search-input"]') as HTMLInputElement;
    await act(async () => typeInto(input, 'token'));
    await waitFor(() => r!.container.querySelectorAll('[data-testid="search-hit"]').length === 1, 'one hit');
    const hit = $(r!.container, '[data-testid="search-hit"]');
    expect(hit.dataset.kind).toBe('clipboard');
    expect(hit.querySelector('mark')!.textContent).toBe('token');
    expect(api.calls.some((c) => c.method === 'search' && (c.req as { query: string }).query === 'token')).toBe(true);
    await act(async () => hit.click());
    await waitFor(() => player().dataset.timeMs === '3000', 'at the clipboard entry');
    // Enter walks the hits like the terminal search.
    await act(async () => typeInto(input, 'l'));
    await waitFor(() => r!.container.querySelectorAll('[data-testid="search-hit"]').length === 3, 'three hits for l');
    await press('Enter', {}, input);
    await waitFor(() => player().dataset.timeMs === '6000', 'next hit after 3000 ms');
  });

  it('draws the heat strip from the activity request, and zooms with the keys', async () => {
    await renderBoth();
    await select('vnc1');
    await waitFor(() => r!.container.querySelector('[data-testid="heat-screen"]'), 'heat strip');
    expect($(r!.container, '[data-testid="seek-bar"]').classList.contains('with-heat')).toBe(true);
    expect($(r!.container, '[data-testid="heat-input"]').getAttribute('d')).toMatch(/^M0 /);
    const zoom = () => $(r!.container, '[data-testid="zoom-controls"]').dataset;
    expect(zoom().mode).toBe('fit');
    await press('z');
    await waitFor(() => zoom().mode === 'manual' && zoom().scale === '1.000', '100 %');
    await press('+');
    await waitFor(() => zoom().scale === '1.100', 'zoomed in');
    await press('-');
    await press('-');
    await waitFor(() => zoom().scale === '0.900', 'zoomed out');
    await press('z');
    await waitFor(() => zoom().mode === 'fit', 'fitted again');
  });

  it('asks for activity again while the recording is still indexing, and once more when it is done', async () => {
    const rec = vnc();
    rec.summary = { ...rec.summary, index: { ...rec.summary.index, state: 'indexing', indexedUntilMs: 9000 } };
    const api = createFakeGuacApi([rec]);
    const sched = new ManualScheduler();
    const createEngine = (a: TrailviewApi) =>
      new GuacamoleEngine({ fetchChunk: displayChunks((req) => a.call('chunk', req)), createScreen: () => new FakeGuacScreen(), scheduler: sched });
    r = await render(<App api={api} createEngine={createEngine} />);
    const asked = () => api.calls.filter((c) => c.method === 'activity').length;
    await waitFor(() => asked() >= 2, 'activity asked again while indexing', 5000);
    // Indexing done: one last look for the final figures.
    const before = asked();
    await act(async () => api.emit('summary', { ...rec.summary, index: { ...rec.summary.index, state: 'ready' } }));
    await waitFor(() => asked() > before, 'a last activity request once ready');
  });

  it('goes to a typed time with G', async () => {
    await renderBoth();
    await select('vnc1');
    await press('g');
    const box = (await waitFor(() => r!.container.querySelector<HTMLInputElement>('[data-testid="goto-time"]'), 'time box')) as HTMLInputElement;
    expect(box.value).toBe('0:00.400');
    await act(async () => typeInto(box, '0:05.5'));
    await press('Enter', {}, box);
    await waitFor(() => player().dataset.timeMs === '5500', 'went to 5.5 s');
    expect(r!.container.querySelector('[data-testid="goto-time"]')).toBeNull();
  });
});

describe('heat strip maths', () => {
  it('takes the busiest bucket per column on a log scale', () => {
    const h = heatColumns({ bucketMs: 1000, screen: [0, 1, 1000, 0], input: [3, 0, 0, 3] }, 4000, 4);
    expect(h.screen[0]).toBe(0);
    expect(h.screen[2]).toBe(1);
    expect(h.screen[1]).toBeGreaterThan(0.05); // one change still shows next to a burst of a thousand
    expect(h.screen[1]).toBeLessThan(0.2);
    expect(h.input).toEqual([1, 0, 0, 1]);
    // More columns than buckets: each bucket fills its columns; fewer: the maximum wins.
    expect(heatColumns({ bucketMs: 1000, screen: [2, 8], input: [] }, 2000, 4).screen).toEqual([h2(2, 8), h2(2, 8), 1, 1]);
    expect(heatColumns({ bucketMs: 1000, screen: [1, 5, 2, 0], input: [] }, 4000, 2).screen).toEqual([1, h2(2, 5)]);
    expect(heatColumns({ bucketMs: 1000, screen: [1], input: [1] }, 0, 10).screen).toEqual(new Array(10).fill(0));
  });

  it('outlines the columns as one closed step path, or nothing when all is quiet', () => {
    expect(stepPath([0, 0], 10)).toBe('');
    expect(stepPath([1, 0.5], 10)).toBe('M0 10L0 0L1 0L1 5L2 5L2 10Z');
  });
});

function h2(v: number, max: number): number {
  return Math.log1p(v) / Math.log1p(max);
}

describe('go to time', () => {
  it('reads the ways people write times', () => {
    expect(parseTimeInput('1:02:03.5')).toBe(3_723_500);
    expect(parseTimeInput('12:34')).toBe(754_000);
    expect(parseTimeInput('75.25')).toBe(75_250);
    expect(parseTimeInput('75.25s')).toBe(75_250);
    expect(parseTimeInput(' 1500ms ')).toBe(1500);
    expect(parseTimeInput('0:05.005')).toBe(5005);
    expect(parseTimeInput('1:75')).toBeNull();
    expect(parseTimeInput('soon')).toBeNull();
    expect(parseTimeInput('')).toBeNull();
  });

  it('writes times the box can read back', () => {
    for (const ms of [0, 400, 5005, 59_999, 3_723_500]) expect(parseTimeInput(formatPreciseTime(ms))).toBe(ms);
    expect(formatPreciseTime(3_723_500)).toBe('1:02:03.500');
  });
});

describe('session metadata', () => {
  it('reads the protocol and the start from a display recording’s metadata, when it has them', () => {
    const s = vnc().summary;
    expect(sessionStartMs(s)).toBeUndefined();
    expect(sessionProtocol(s)).toBeUndefined();
    expect(sessionStartMs({ ...s, metadata: { date_start: '2024-05-01 10:00:00 +0800' } })).toBe(Date.UTC(2024, 4, 1, 2));
    expect(sessionStartMs({ ...s, metadata: { date_start: 1714557600 } })).toBe(1714557600_000);
    expect(sessionStartMs({ ...s, metadata: { date_start: 'yesterday' } })).toBeUndefined();
    expect(sessionProtocol({ ...s, metadata: { protocol: 'rdp' } })).toBe('RDP');
    expect(sessionProtocol({ ...s, metadata: { protocol: '<script>' } })).toBeUndefined();
  });
});
