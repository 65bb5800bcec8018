/**
 * The keystroke log's lines page in through `transcript`: every line arrives once and in order, in as few
 * requests as the contract allows (a 1 GB dump has ~34,000 lines; 500 a page kept the core busy for 1.5 s
 * after opening), and every request is one the host accepts.
 */
import { describe, expect, it } from 'vitest';
import type { Method, Req, Res, Result } from '../../shared/api';
import type { RecordingSummary, TextLine } from '../../shared/model';
import { validateRequest } from '../../shared/validate';
import type { TrailviewApi } from '../../renderer/api';
import { useTranscript, type TranscriptState } from '../../renderer/state/use-transcript';
import { render, waitFor } from './helpers';

const LINES = 12_345;

function fakeApi(lines: TextLine[]): { api: TrailviewApi; requests: Req<'transcript'>[] } {
  const requests: Req<'transcript'>[] = [];
  const api = {
    mode: 'web',
    canShowOpenDialog: false,
    on: () => () => undefined,
    openFiles: () => Promise.resolve([]),
    call<M extends Method>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
      if (method !== 'transcript') return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `no ${method} here` } } as Result<Res<M>>);
      const checked = validateRequest('transcript', req);
      if (!checked.ok) return Promise.resolve({ ok: false, error: checked.error } as Result<Res<M>>);
      const r = checked.req;
      requests.push(r);
      const value: Res<'transcript'> = { lines: lines.slice(r.from, r.from + r.count), total: lines.length, done: true };
      return Promise.resolve({ ok: true, value } as Result<Res<M>>);
    },
  } as TrailviewApi;
  return { api, requests };
}

describe('the keystroke log pages its lines in', () => {
  it('gets every line once, in order, in a few requests the host accepts', async () => {
    const lines: TextLine[] = Array.from({ length: LINES }, (_, i) => ({ timeMs: i * 10, text: `line ${i}`, kind: 'typed' as const }));
    const { api, requests } = fakeApi(lines);
    const summary = { id: 'rec-1', kind: 'display', index: { state: 'ready' } } as unknown as RecordingSummary;
    let seen: TranscriptState | null = null;
    function Probe() {
      seen = useTranscript(api, summary, true);
      return null;
    }
    const r = await render(<Probe />);
    try {
      const done = await waitFor(() => (seen?.done ? seen : null), 'all lines');
      expect(done.error).toBeNull();
      expect(done.lines.length).toBe(LINES);
      expect(done.lines.every((l, i) => l.text === `line ${i}`)).toBe(true);
      expect(requests.length).toBe(3);
      expect(requests.map((q) => q.from)).toEqual([0, 5000, 10000]);
    } finally {
      r.unmount();
    }
  });
});
