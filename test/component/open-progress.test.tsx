/**
 * The bar for opens that take a while (hashing a big file, unpacking an archive): hidden for quick opens,
 * then the file, the phase and how far, and Cancel, which asks the host to stop that open (openCancel).
 */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName, Events } from '../../shared/api';
import type { TrailviewApi } from '../../renderer/api';
import { OpenProgressBar } from '../../renderer/components/OpenProgressBar';
import { setLanguage } from '../../renderer/i18n';
import { SHOW_AFTER_MS, useOpenJobs, type OpenJobs } from '../../renderer/state/use-open-jobs';
import { $, render, waitFor, type Rendered } from './helpers';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
  vi.useRealTimers();
  act(() => setLanguage('en'));
});

/** A host that records calls and lets the test push events. */
function fakeHost() {
  const calls: { method: string; req: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api = {
    mode: 'electron',
    canShowOpenDialog: true,
    openFiles: async () => [],
    call: async (method: string, req: unknown) => {
      calls.push({ method, req });
      return { ok: true, value: { cancelled: true } };
    },
    on: (event: string, cb: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(cb);
      return () => void set.delete(cb);
    },
  } as unknown as TrailviewApi;
  const emit = <E extends EventName>(event: E, payload: Events[E]) => act(() => listeners.get(event)?.forEach((cb) => cb(payload)));
  return { api, calls, emit };
}

async function mount(api: TrailviewApi): Promise<{ jobs: () => OpenJobs }> {
  let jobs: OpenJobs | undefined;
  function Harness() {
    jobs = useOpenJobs(api);
    return <OpenProgressBar jobs={jobs.list} />;
  }
  r = await render(<Harness />);
  return { jobs: () => jobs! };
}

const rows = () => [...r!.container.querySelectorAll('[data-testid="open-job"]')];

describe('OpenProgressBar', () => {
  it('stays hidden for an open that ends quickly, and shows one still running after the delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { api } = fakeHost();
    const { jobs } = await mount(api);
    let quick = '';
    let slow = '';
    act(() => {
      quick = jobs().start('small.cast');
      slow = jobs().start('big.tar.gz');
    });
    act(() => vi.advanceTimersByTime(SHOW_AFTER_MS - 50));
    act(() => jobs().finish(quick));
    expect(rows()).toHaveLength(0);
    act(() => vi.advanceTimersByTime(100));
    expect(rows()).toHaveLength(1);
    expect(rows()[0]!.textContent).toContain('Opening “big.tar.gz”');
    expect(quick).not.toBe(slow);
    act(() => jobs().finish(slow));
    expect(rows()).toHaveLength(0);
  });

  it('shows the phase and percentage from openProgress events and cancels that job', async () => {
    const host = fakeHost();
    const { jobs } = await mount(host.api);
    let jobId = '';
    act(() => void (jobId = jobs().start('session.tar.gz')));
    // Events for another job are not this row's.
    host.emit('openProgress', { jobId: 'someone-else', fileName: 'other.tar', phase: 'unpacking', progress: 0.9 });
    const row = await waitFor(() => rows()[0], 'the bar after the delay');
    host.emit('openProgress', { jobId, fileName: 'session.tar.gz', phase: 'hashing', progress: 0.5 });
    expect(row.textContent).toContain('session.tar.gz');
    expect(row.textContent).toContain('fingerprint');
    expect(row.textContent).toContain('50%');
    expect(row.getAttribute('data-phase')).toBe('hashing');
    host.emit('openProgress', { jobId, fileName: 'session.tar.gz', phase: 'unpacking', progress: 0.257 });
    expect(row.textContent).toContain('unpacking');
    expect(row.textContent).toContain('25%');
    expect(($(row, 'progress') as HTMLProgressElement).value).toBe(25);

    await act(async () => $(row, '[data-testid="open-cancel"]').click());
    expect(host.calls).toEqual([{ method: 'openCancel', req: { jobId } }]);
    expect(($(row, '[data-testid="open-cancel"]') as HTMLButtonElement).disabled).toBe(true);
    // The open's answer (CANCELLED) ends the job: the row goes.
    act(() => jobs().finish(jobId));
    expect(rows()).toHaveLength(0);
  });

  it('speaks Chinese when the language is zh-CN', async () => {
    act(() => setLanguage('zh-CN'));
    const host = fakeHost();
    const { jobs } = await mount(host.api);
    let jobId = '';
    act(() => void (jobId = jobs().start('会话.tar')));
    const row = await waitFor(() => rows()[0], 'the bar after the delay');
    host.emit('openProgress', { jobId, fileName: '会话.tar', phase: 'unpacking', progress: 1 });
    expect(row.textContent).toContain('正在解压归档');
    expect(row.textContent).toContain('100%');
    expect($(row, 'button').textContent).toBe('取消');
  });
});
