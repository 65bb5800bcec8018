/** Which dropped files are logs, attaching them where they match, and the Info panel's attached-logs section. */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachedLog, OpenSource } from '../../shared/api';
import type { RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../../renderer/api';
import { AttachLogSection } from '../../renderer/components/AttachLogSection';
import { attachDroppedLogs, looksLikeLog, splitLogs } from '../../renderer/state/use-logs';
import { buildRecording } from './fake-api';
import { $, render, waitFor, type Rendered } from './helpers';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

/** A host holding attached logs per recording; attachLog matches when the log's name says which recording. */
function logHost() {
  const attached = new Map<string, AttachedLog[]>();
  const calls: { method: string; req: unknown }[] = [];
  const listeners = new Set<(s: RecordingSummary) => void>();
  const api = {
    mode: 'web',
    canShowOpenDialog: false,
    openFiles: async () => [],
    sourceOf: async (file: File) => ({ ok: true, value: { kind: 'upload', uploadId: `up-${file.name.replace(/\W/g, '')}` } as OpenSource }),
    on: (_event: string, cb: (s: RecordingSummary) => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    call: async (method: string, req: Record<string, unknown>) => {
      calls.push({ method, req });
      const id = req.id as string;
      if (method === 'logs') return { ok: true, value: attached.get(id) ?? [] };
      if (method === 'attachLog') {
        const uploadId = (req.source as { uploadId: string }).uploadId;
        if (uploadId.includes('bad')) return { ok: false, error: { code: 'CORRUPT', message: 'bad.csv line 7: "timestamp" "yesterday" is not a date' } };
        const matched = uploadId.includes(id) ? 3 : 0;
        const log: AttachedLog = { logId: uploadId.padEnd(64, '0'), fileName: uploadId.slice(3), kind: 'commands', rows: 5, matched, attachedAtEpochMs: 1 };
        const attachedNow = !(req.onlyIfMatching && matched === 0);
        if (attachedNow) attached.set(id, [...(attached.get(id) ?? []), log]);
        return { ok: true, value: { ...log, attached: attachedNow } };
      }
      if (method === 'detachLog') {
        const list = attached.get(id) ?? [];
        attached.set(id, list.filter((l) => l.logId !== req.logId));
        return { ok: true, value: { detached: list.length > 0 } };
      }
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: method } };
    },
  };
  return { api: api as unknown as TrailviewApi, calls };
}

describe('log files among dropped files', () => {
  it('tells exports from recordings by their start', async () => {
    expect(looksLikeLog('\ufeffinput,output,risk_level,timestamp,session\nls,,0,1,s')).toBe(true);
    expect(looksLikeLog('id,user,操作,文件名,开始日期\n')).toBe(true);
    expect(looksLikeLog('[{"id": 1, "input": "ls", "timestamp": 1760000000}]')).toBe(true);
    expect(looksLikeLog('{"count": 1, "results": [{"operate": "Upload", "filename": "a"}]}')).toBe(true);
    // An asciicast v1 (JSON) and a JumpServer session file are recordings / metadata, not logs.
    expect(looksLikeLog('{"version": 1, "width": 80, "height": 24, "stdout": [[0.1, "input"]]}')).toBe(false);
    expect(looksLikeLog('{"id": "s1", "user": "a", "date_start": "2024-01-01"}')).toBe(false);
    expect(looksLikeLog('name,age\nann,3')).toBe(false);
    const split = await splitLogs([new File(['{"version": 2}\n'], 'a.cast'), new File(['input,timestamp\n'], 'cmds.csv'), new File(['name\n'], 'other.csv')]);
    expect(split.logs.map((f) => f.name)).toEqual(['cmds.csv']);
    expect(split.recordings.map((f) => f.name)).toEqual(['a.cast', 'other.csv']);
  });

  it('attaches each log to the recordings it matches, and says when it matches none', async () => {
    const { api, calls } = logHost();
    const a = buildRecording({ id: 'reca', fileName: 'a.cast', events: [[1, 'o', 'x']] }).summary;
    const b = buildRecording({ id: 'recb', fileName: 'b.cast', events: [[1, 'o', 'x']] }).summary;
    const out = await attachDroppedLogs(api, [new File(['x'], 'recb.csv'), new File(['x'], 'other.csv'), new File(['x'], 'bad.csv')], [a, b]);
    expect(out.map((o) => [o.fileName, o.attachedTo, o.error?.code])).toEqual([
      ['recb.csv', ['recb'], undefined],
      ['other.csv', [], 'NOT_FOUND'],
      ['bad.csv', [], 'CORRUPT'],
    ]);
    expect(out[1]!.error!.message).toContain('other.csv');
    expect(calls.filter((c) => c.method === 'attachLog').every((c) => (c.req as { onlyIfMatching?: boolean }).onlyIfMatching === true)).toBe(true);
  });
});

describe('<AttachLogSection>', () => {
  it('attaches a picked log, lists it with its counts, shows a bad log\'s message, and detaches', async () => {
    const { api } = logHost();
    const s = buildRecording({ id: 'reca', fileName: 'a.cast', events: [[1, 'o', 'x']] }).summary;
    r = await render(<AttachLogSection api={api} summary={s} />);
    await waitFor(() => r!.container.querySelector('[data-testid="attach-log"]'), 'section');
    expect(r.container.querySelectorAll('[data-testid="attached-log"]')).toHaveLength(0);
    const input = $(r.container, '[data-testid="attach-log-input"]') as HTMLInputElement;
    const pick = async (name: string) => {
      Object.defineProperty(input, 'files', { value: [new File(['x'], name)], configurable: true });
      await act(async () => void input.dispatchEvent(new Event('change', { bubbles: true })));
    };
    await pick('reca.csv');
    const item = await waitFor(() => r!.container.querySelector<HTMLElement>('[data-testid="attached-log"]'), 'listed');
    expect([item.dataset.rows, item.dataset.matched]).toEqual(['5', '3']);
    expect($(r.container, '[data-testid="attach-log-result"]').textContent).toBe('recacsv: 3 of 5 rows match this recording') // the fake names the log after its upload id;

    await pick('bad.csv');
    const err = await waitFor(() => r!.container.querySelector('[data-testid="attach-log-error"]')?.textContent, 'error shown');
    expect(err).toBe('Not attached: bad.csv line 7: "timestamp" "yesterday" is not a date');

    await act(async () => $(r!.container, '[data-testid="detach-log"]').click());
    await waitFor(() => r!.container.querySelectorAll('[data-testid="attached-log"]').length === 0, 'detached');
  });
});
