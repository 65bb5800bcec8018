/**
 * Info panel section: the logs attached to the recording (file, what it holds, how many rows matched),
 * "Attach log…" (a file picker in both hosts: Electron gives the picked file's path, a browser uploads it)
 * and Detach.
 */
import { useRef } from 'react';
import type { RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { useT } from '../i18n';
import { useLogs } from '../state/use-logs';

export function AttachLogSection({ api, summary }: { api: TrailviewApi; summary: RecordingSummary }) {
  const t = useT('logs');
  const { logs, error, busy, last, attach, detach } = useLogs(api, summary);
  const input = useRef<HTMLInputElement>(null);
  return (
    <section data-testid="attached-logs" data-state={busy ? 'busy' : 'idle'}>
      <h3>{t('title', { count: logs.length })}</h3>
      {logs.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <ul className="marker-list">
          {logs.map((l) => (
            <li key={l.logId} data-testid="attached-log" data-kind={l.kind} data-rows={l.rows} data-matched={l.matched}>
              <span>
                <code>{l.fileName}</code> <span className="muted">{t(`kind_${l.kind}`)}</span>
                <div className="muted">{t('counts', { rows: l.rows, matched: l.matched })}</div>
              </span>
              <button type="button" className="tool-button" data-testid="detach-log" title={t('detachTitle', { file: l.fileName })} onClick={() => void detach(l.logId)}>
                {t('detach')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="tool-button" data-testid="attach-log" disabled={busy} title={t('attachTitle')} onClick={() => input.current?.click()}>
        {busy ? t('attaching') : t('attach')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,.json,text/csv,application/json"
        hidden
        data-testid="attach-log-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void attach(file);
        }}
      />
      {last && (
        <p className="muted" role="status" data-testid="attach-log-result">
          {t('attached', { file: last.fileName, rows: last.rows, matched: last.matched })}
        </p>
      )}
      {error && (
        <p className="settings-error" role="alert" data-testid="attach-log-error">
          {t('failed', { message: error.message })}
        </p>
      )}
    </section>
  );
}
