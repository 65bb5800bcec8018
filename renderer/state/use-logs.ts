/**
 * Logs attached to recordings (JumpServer command-record / FTP-log exports): which dropped files are logs,
 * attaching them to the recordings they match, and the attached list of the selected recording.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AttachedLog, Result } from '../../shared/api';
import type { ApiError, RecordingSummary } from '../../shared/model';
import { CsvReader } from '../../shared/formats/command-log/csv';
import { logKindOfColumns } from '../../shared/formats/command-log/jumpserver-logs';
import type { TrailviewApi } from '../api';
import { t } from '../i18n';
import { useSummaryBump } from './use-summary-bump';

/** Enough of a file to hold a CSV header or the first JSON row. */
const HEAD_BYTES = 8192;

/**
 * Whether the start of a file is a log export rather than a recording: a CSV header with the export's
 * columns, or JSON rows (an array, or `{results: [...]}`) with them. An asciicast v1 (.json) or a
 * JumpServer session .json has neither.
 */
export function looksLikeLog(head: string): boolean {
  const text = head.replace(/^\ufeff/, '').trimStart();
  if (text.startsWith('[') || text.startsWith('{')) {
    if (text.startsWith('{') && !/^\{[^]*?"results"\s*:\s*\[/.test(text)) return false;
    return /"(input|operate)"\s*:/.test(text) && /"(timestamp|date_start|filename|date_created)"\s*:/.test(text);
  }
  let header: string[] | undefined;
  const reader = new CsvReader((fields) => (header ??= fields));
  reader.push(text.split(/\r?\n/)[0] ?? '');
  reader.end();
  return !!header && logKindOfColumns(header) !== undefined;
}

export async function isLogFile(file: File): Promise<boolean> {
  if (!/\.(csv|json)$/i.test(file.name)) return false;
  try {
    return looksLikeLog(await file.slice(0, HEAD_BYTES).text());
  } catch {
    return false;
  }
}

/** Splits dropped or picked files into recordings and log exports (logs are read by their start). */
export async function splitLogs(files: File[]): Promise<{ recordings: File[]; logs: File[] }> {
  const recordings: File[] = [];
  const logs: File[] = [];
  for (const f of files) (await isLogFile(f) ? logs : recordings).push(f);
  return { recordings, logs };
}

export interface LogOutcome {
  fileName: string;
  /** Recordings it was attached to. */
  attachedTo: string[];
  error?: ApiError;
}

/**
 * Attaches each log to every candidate recording it matches (same session id, or rows inside its time
 * span); a log that matches none, or cannot be read, comes back with an error to show.
 */
export async function attachDroppedLogs(api: TrailviewApi, logs: File[], candidates: RecordingSummary[]): Promise<LogOutcome[]> {
  const out: LogOutcome[] = [];
  for (const file of logs) {
    const outcome: LogOutcome = { fileName: file.name, attachedTo: [] };
    out.push(outcome);
    if (!api.sourceOf) {
      outcome.error = { code: 'UNSUPPORTED_HERE', message: t('logs:cannotAttachHere', { file: file.name }) };
      continue;
    }
    const source = await api.sourceOf(file);
    if (!source.ok) {
      outcome.error = source.error;
      continue;
    }
    for (const s of candidates) {
      const r = await api.call('attachLog', { id: s.id, source: source.value, onlyIfMatching: true });
      if (!r.ok) {
        outcome.error = r.error;
        break;
      }
      if (r.value.attached) outcome.attachedTo.push(s.id);
    }
    if (!outcome.error && outcome.attachedTo.length === 0) {
      outcome.error = { code: 'NOT_FOUND', message: t('logs:noMatch', { file: file.name, count: candidates.length }) };
    }
  }
  return out;
}

export interface LogsState {
  logs: AttachedLog[];
  error: ApiError | null;
  busy: boolean;
  /** The last log attached here, with how many of its rows matched (shown until the next action). */
  last: { fileName: string; rows: number; matched: number } | null;
  attach(file: File): Promise<void>;
  detach(logId: string): Promise<void>;
}

/** The selected recording's attached logs, asked for again whenever its summary is pushed. */
export function useLogs(api: TrailviewApi, summary: RecordingSummary | null): LogsState {
  const id = summary?.id ?? null;
  const [state, setState] = useState<{ id: string | null; logs: AttachedLog[]; error: ApiError | null; busy: boolean; last: LogsState['last'] }>({ id, logs: [], error: null, busy: false, last: null });
  // A new summary (a log attached elsewhere) or our own attach/detach is a reason to ask again.
  const pushed = useSummaryBump(api, id);
  const [bump, setBump] = useState(0);

  useEffect(() => {
    if (!id) return;
    let live = true;
    setState((was) => (was.id === id ? was : { id, logs: [], error: null, busy: false, last: null }));
    void api.call('logs', { id }).then((r) => {
      if (!live) return;
      setState((was) => (was.id !== id ? was : r.ok ? { ...was, logs: r.value } : { ...was, error: r.error }));
    });
    return () => {
      live = false;
    };
  }, [api, id, pushed, bump]);

  const run = useCallback(
    async (work: () => Promise<Result<unknown>>, last?: (v: unknown) => LogsState['last']) => {
      if (!id) return;
      setState((was) => ({ ...was, busy: true, error: null, last: null }));
      const r = await work();
      setState((was) => (was.id !== id ? was : { ...was, busy: false, error: r.ok ? null : r.error, last: r.ok && last ? last(r.value) : null }));
      setBump((n) => n + 1);
    },
    [id],
  );

  const attach = useCallback(
    (file: File) =>
      run(async () => {
        if (!api.sourceOf) return { ok: false, error: { code: 'UNSUPPORTED_HERE', message: t('logs:cannotAttachHere', { file: file.name }) } };
        const source = await api.sourceOf(file);
        return source.ok ? api.call('attachLog', { id: id!, source: source.value }) : source;
      }, (v) => {
        const r = v as { fileName: string; rows: number; matched: number };
        return { fileName: r.fileName, rows: r.rows, matched: r.matched };
      }),
    [api, id, run],
  );
  const detach = useCallback((logId: string) => run(() => api.call('detachLog', { id: id!, logId })), [api, id, run]);

  const current = state.id === id ? state : { logs: [], error: null, busy: false, last: null };
  return { logs: current.logs, error: current.error, busy: current.busy, last: current.last, attach, detach };
}
