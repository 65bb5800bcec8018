import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexProgress } from '../../renderer/components/IndexProgress';
import { InfoPanel } from '../../renderer/components/InfoPanel';
import { RecentMenu } from '../../renderer/components/RecentMenu';
import { TimeDisplay, wallClock } from '../../renderer/components/TimeDisplay';
import type { TerminalSummary } from '../../shared/model';
import { buildRecording, createFakeApi } from './fake-api';
import { $, render, waitFor, type Rendered } from './helpers';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

function summary(over: Partial<TerminalSummary> = {}): TerminalSummary {
  const base = buildRecording({
    id: 'abcd',
    fileName: 'prod-db.cast',
    events: [
      [1, 'o', 'x'],
      [2, 'm', 'su to root'],
      [3, 'o', 'y'],
    ],
  }).summary as TerminalSummary;
  return {
    ...base,
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    sizeBytes: 2_500_000,
    terminal: {
      cols: 120,
      rows: 40,
      title: 'maintenance',
      command: '/bin/bash -l',
      shell: '/bin/bash',
      termType: 'xterm-256color',
      env: { LANG: 'C.UTF-8', TERM: 'xterm-256color' },
      startedAtEpochMs: Date.UTC(2024, 0, 2, 3, 4, 5),
      idleTimeLimitMs: 2500,
    },
    warnings: [{ code: 'BAD_EVENT', message: 'line 7 is not valid JSON', line: 7, offsetBytes: 512 }],
    ...over,
  };
}

describe('<IndexProgress>', () => {
  it('shows progress while indexing and cancels on request', async () => {
    const onCancel = vi.fn();
    const s = summary({ index: { state: 'indexing', progress: 0.42, indexedUntilMs: 1000, fromCache: false } });
    r = await render(<IndexProgress summary={s} onCancel={onCancel} />);
    const el = $(r.container, '[data-testid="index-progress"]');
    expect(el.dataset.progress).toBe('0.420');
    expect(el.textContent).toContain('42 %');
    await act(async () => $(r!.container, '[data-testid="index-cancel"]').click());
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('is gone once the index is ready', async () => {
    r = await render(<IndexProgress summary={summary()} onCancel={() => undefined} />);
    expect(r.container.querySelector('[data-testid="index-progress"]')).toBeNull();
  });
});

describe('<InfoPanel>', () => {
  it('lists the facts an auditor needs, and seeks to a clicked marker', async () => {
    const onSeek = vi.fn();
    r = await render(<InfoPanel summary={summary()} onSeek={onSeek} />);
    const text = $(r.container, '[data-testid="info-panel"]').textContent ?? '';
    for (const fact of ['prod-db.cast', 'asciicast v2', '2.38 MiB', '2,500,000 B', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '120 × 40', 'maintenance', '/bin/bash -l', 'xterm-256color', '2024-01-02 03:04:05 UTC', '2.5 s', 'LANG', 'C.UTF-8', 'BAD_EVENT', 'line 7', 'byte 512']) {
      expect(text).toContain(fact);
    }
    const marker = $(r.container, '[data-testid="marker-item"]');
    expect(marker.textContent).toContain('su to root');
    await act(async () => marker.click());
    expect(onSeek).toHaveBeenCalledWith(2000);
  });
});

describe('<RecentMenu>', () => {
  it('lists recent files and reopens one by its key', async () => {
    const api = createFakeApi([]);
    const call = api.call.bind(api);
    const reopened = summary();
    api.call = (async (method: string, req: unknown) => {
      if (method === 'recentList') return { ok: true, value: [{ key: 'k1', fileName: 'old.cast', sizeBytes: 10, openedAtEpochMs: 0, durationMs: 65_000 }] };
      if (method === 'open') return { ok: true, value: reopened };
      return call(method as never, req as never);
    }) as typeof api.call;
    const spy = vi.spyOn(api, 'call');
    const onOpened = vi.fn();
    r = await render(<RecentMenu api={api} onOpened={onOpened} />);
    await act(async () => $(r!.container, '[data-testid="recent-button"]').click());
    const item = await waitFor(() => r!.container.querySelector<HTMLElement>('[data-testid="recent-item"]'), 'recent entry');
    expect(item.textContent).toContain('old.cast');
    expect(item.textContent).toContain('1:05');
    await act(async () => item.click());
    await waitFor(() => onOpened.mock.calls.length === 1, 'reopened');
    expect(spy).toHaveBeenCalledWith('open', { source: { kind: 'recent', key: 'k1' } });
    expect(onOpened.mock.calls[0]![0]).toEqual({ ok: true, value: reopened });
  });
});

describe('<TimeDisplay>', () => {
  it('shows current / total, and the wall-clock time when the start is known', async () => {
    const start = new Date(2024, 5, 1, 9, 59, 58).getTime();
    r = await render(<TimeDisplay timeMs={65_000} durationMs={3_725_000} startedAtEpochMs={start} />);
    expect($(r.container, '.time-current').textContent).toBe('1:05');
    expect($(r.container, '.time-total').textContent).toBe('1:02:05');
    const wall = $(r.container, '[data-testid="wall-clock"]');
    expect(wall.textContent).toBe('10:01:03');
    expect(wall.title).toContain('UTC');
    expect(wallClock(start)).toBe('09:59:58');
  });

  it('has no wall clock without a start time', async () => {
    r = await render(<TimeDisplay timeMs={0} durationMs={1000} />);
    expect(r.container.querySelector('[data-testid="wall-clock"]')).toBeNull();
  });
});
