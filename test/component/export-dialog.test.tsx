/**
 * The Export dialog against a fake host (happy-dom): the range comes from the store and is edited as
 * text; the core's formats go through `export` with the typed range, progress events move the bar,
 * Cancel reaches `exportCancel` with the same job id and leaves the dialog saying nothing was saved.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, Events, Method, Req, Res, Result } from '../../shared/api';
import type { RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../../renderer/api';
import { ExportDialog } from '../../renderer/components/ExportDialog';
import { clearRange, setRange } from '../../renderer/export/range-state';
import { buildRecording } from './fake-api';
import { render, waitFor } from './helpers';

afterEach(() => clearRange());

/** A host whose `export` waits until the test finishes or cancels it. */
function exportHost() {
  const calls: { method: Method; req: unknown }[] = [];
  const listeners = new Set<(p: Events['exportProgress']) => void>();
  let finish: ((r: Result<Res<'export'>>) => void) | null = null;
  const api: TrailviewApi = {
    mode: 'electron',
    canShowOpenDialog: true,
    openFiles: async () => [],
    on<E extends EventName>(event: E, cb: (p: Events[E]) => void) {
      if (event !== 'exportProgress') return () => undefined;
      const l = cb as (p: Events['exportProgress']) => void;
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async call<M extends Method>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
      calls.push({ method, req });
      if (method === 'export') return (await new Promise<Result<Res<'export'>>>((resolve) => (finish = resolve))) as Result<Res<M>>;
      if (method === 'exportCancel') {
        finish?.({ ok: false, error: { code: 'CANCELLED', message: 'cancelled' } });
        return { ok: true, value: { cancelled: true } } as Result<Res<M>>;
      }
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: method } };
    },
  };
  return {
    api,
    calls,
    progress: (jobId: string, progress: number) => listeners.forEach((l) => l({ id: 'rec', jobId, progress })),
    finish: (r: Result<Res<'export'>>) => finish?.(r),
  };
}

const summary = (): RecordingSummary => ({ ...buildRecording({ id: 'rec', fileName: 'session.cast', events: [[0, 'o', 'a'], [30, 'o', 'b'], [60, 'o', 'c']] }).summary, durationMs: 60_000 });
const q = <T extends HTMLElement>(sel: string) => document.querySelector<T>(`[data-testid="${sel}"]`);

async function type(el: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<void> {
  await act(async () => {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const set = Object.getOwnPropertyDescriptor(proto, 'value')!.set!;
    set.call(el, text);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('Export dialog', () => {
  it('starts from the range, exports the typed range as txt, follows progress, ends with size and hash', async () => {
    setRange('rec', { fromMs: 5000, toMs: 20_000 });
    const host = exportHost();
    const r = await render(<ExportDialog api={host.api} summary={summary()} onClose={() => undefined} />);
    expect(q<HTMLInputElement>('export-from')!.value).toBe('0:00:05.000');
    expect(q<HTMLInputElement>('export-to')!.value).toBe('0:00:20.000');
    // MP4 needs an H.264 encoder; happy-dom has no WebCodecs, so it is offered but disabled.
    await waitFor(() => q<HTMLInputElement>('export-format-mp4')!.disabled, 'mp4 disabled');
    await act(async () => q<HTMLInputElement>('export-format-txt')!.click());
    await type(q<HTMLInputElement>('export-to')!, '0:00:12.250');
    await act(async () => q<HTMLButtonElement>('export-start')!.click());
    const call = await waitFor(() => host.calls.find((c) => c.method === 'export'), 'export called');
    const req = call.req as Req<'export'>;
    expect(req).toMatchObject({ id: 'rec', fromMs: 5000, toMs: 12_250, format: 'txt' });
    await act(async () => host.progress(req.jobId!, 0.4));
    await act(async () => host.progress('someone-else', 0.9));
    expect(q<HTMLProgressElement>('export-progress')!.value).toBeCloseTo(0.4);
    await act(async () => host.finish({ ok: true, value: { path: '/tmp/x.txt', sizeBytes: 1234, sha256: 'ab'.repeat(32) } }));
    await waitFor(() => q('export-dialog')!.dataset.state === 'done', 'done');
    expect(q('export-result')!.dataset.sha256).toBe('ab'.repeat(32));
    expect(q('export-reveal')).not.toBeNull();
    r.unmount();
  });

  it('a bad time or an empty range cannot be exported', async () => {
    const host = exportHost();
    const r = await render(<ExportDialog api={host.api} summary={summary()} onClose={() => undefined} />);
    expect(q<HTMLInputElement>('export-to')!.value).toBe('0:01:00.000');
    await type(q<HTMLInputElement>('export-from')!, '1:2:x');
    expect(q<HTMLButtonElement>('export-start')!.disabled).toBe(true);
    await type(q<HTMLInputElement>('export-from')!, '0:01:00');
    expect(q<HTMLButtonElement>('export-start')!.disabled).toBe(true);
    await type(q<HTMLInputElement>('export-from')!, '0:00:59.999');
    expect(q<HTMLButtonElement>('export-start')!.disabled).toBe(false);
    r.unmount();
  });

  it('Cancel stops the export with the same job id and says nothing was saved', async () => {
    const host = exportHost();
    const r = await render(<ExportDialog api={host.api} summary={summary()} onClose={() => undefined} />);
    await act(async () => q<HTMLInputElement>('export-format-bundle')!.click());
    await type(q<HTMLTextAreaElement>('export-notes')!, 'seen by J. Doe');
    await act(async () => q<HTMLButtonElement>('export-start')!.click());
    await waitFor(() => q('export-dialog')!.dataset.state === 'running', 'running');
    await act(async () => q<HTMLButtonElement>('export-cancel')!.click());
    await waitFor(() => q('export-dialog')!.dataset.state === 'cancelled', 'cancelled');
    const exp = host.calls.find((c) => c.method === 'export')!.req as Req<'export'>;
    const cancel = host.calls.find((c) => c.method === 'exportCancel')!.req as Req<'exportCancel'>;
    expect(exp).toMatchObject({ format: 'bundle', notes: 'seen by J. Doe', fromMs: 0, toMs: 60_000 });
    expect(cancel).toEqual({ id: 'rec', jobId: exp.jobId });
    expect(q('export-result')).toBeNull();
    r.unmount();
  });
});
