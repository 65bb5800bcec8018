/**
 * Who did what, where and when (summary.session, normalised by the host from JumpServer metadata), labelled
 * for people; the archive the recording came out of (summary.container); and the metadata's raw fields,
 * folded away, for anyone who must see exactly what the file said.
 */
import type { ReactNode } from 'react';
import { formatDuration, type ContainerInfo, type RecordingSummary, type SessionFacts as Facts } from '../../shared/model';
import { formatDateTime, formatNumber, formatUtc, useT } from '../i18n';

function Row({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** "+08:00" for 480. */
export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The wall-clock time the source wrote (its own UTC offset), e.g. "2024-05-01 18:00:00 +08:00". */
export function sourceTime(epochMs: number, offsetMinutes: number): string {
  return `${formatUtc(epochMs + offsetMinutes * 60_000)} ${offsetLabel(offsetMinutes)}`;
}

function When({ epochMs, offsetMinutes }: { epochMs: number; offsetMinutes?: number }) {
  const t = useT('info');
  return (
    <>
      {formatDateTime(epochMs)}
      <div className="muted">{t('utcTime', { time: formatUtc(epochMs) })}</div>
      {offsetMinutes !== undefined && offsetMinutes !== 0 && <div className="muted">{t('sourceTime', { time: sourceTime(epochMs, offsetMinutes) })}</div>}
    </>
  );
}

function FactRows({ f }: { f: Facts }) {
  const t = useT('info');
  const text = (v: string | undefined) => (v !== undefined && v !== '' ? v : undefined);
  return (
    <>
      {text(f.user) && <Row label={t('sessionUser')} testId="fact-user">{f.user}</Row>}
      {text(f.asset) && <Row label={t('sessionAsset')} testId="fact-asset">{f.asset}</Row>}
      {text(f.account) && <Row label={t('sessionAccount')} testId="fact-account">{f.account}</Row>}
      {text(f.protocol) && <Row label={t('protocol')} testId="fact-protocol">{f.protocol}</Row>}
      {text(f.remoteAddr) && <Row label={t('sessionRemoteAddr')} testId="fact-remote-addr"><code>{f.remoteAddr}</code></Row>}
      {text(f.loginFrom) && <Row label={t('sessionLoginFrom')} testId="fact-login-from">{f.loginFrom}</Row>}
      {f.startEpochMs !== undefined && <Row label={t('sessionStart')} testId="fact-start"><When epochMs={f.startEpochMs} offsetMinutes={f.utcOffsetMinutes} /></Row>}
      {f.endEpochMs !== undefined && <Row label={t('sessionEnd')} testId="fact-end"><When epochMs={f.endEpochMs} offsetMinutes={f.utcOffsetMinutes} /></Row>}
      {f.durationMs !== undefined && <Row label={t('duration')} testId="fact-duration">{formatDuration(f.durationMs)}</Row>}
      {text(f.org) && <Row label={t('sessionOrg')} testId="fact-org">{f.org}</Row>}
      {text(f.terminal) && <Row label={t('sessionTerminal')} testId="fact-terminal">{f.terminal}</Row>}
      {f.commandCount !== undefined && <Row label={t('sessionCommands')} testId="fact-commands">{formatNumber(f.commandCount)}</Row>}
      {(f.success !== undefined || text(f.error)) && (
        <Row label={t('sessionResult')} testId="fact-result">
          {f.success === false || text(f.error) ? <span className="status-bad">{t('sessionFailed')}</span> : <span>{t('sessionSucceeded')}</span>}
          {text(f.error) && <div className="muted">{f.error}</div>}
        </Row>
      )}
      {text(f.sessionId) && <Row label={t('sessionId')} testId="fact-session-id"><code>{f.sessionId}</code></Row>}
    </>
  );
}

function ContainerRows({ c }: { c: ContainerInfo }) {
  const t = useT('info');
  return (
    <>
      <Row label={t('archive')} testId="fact-archive">
        {c.fileName} <span className="muted">({c.kind})</span>
      </Row>
      <Row label={t('archiveMember')} testId="fact-member">
        {c.memberPaths.map((p) => (
          <div key={p}>
            <code>{p}</code>
          </div>
        ))}
      </Row>
      {c.bundle && (
        <Row label={t('bundle')} testId="fact-bundle">
          {c.bundle.skipped ? (
            <span className="muted">{c.bundle.skipped}</span>
          ) : c.bundle.ok ? (
            <span data-verdict="ok">{t('bundleOk', { count: c.bundle.verified.length })}</span>
          ) : (
            <>
              <span className="status-bad" data-verdict="bad">
                {t('bundleBad', { count: c.bundle.problems.length })}
              </span>
              {c.bundle.problems.map((p) => (
                <div key={`${p.member}:${p.problem}`} className="muted" data-testid="bundle-problem" data-member={p.member}>
                  {p.message}
                </div>
              ))}
            </>
          )}
        </Row>
      )}
    </>
  );
}

export function SessionFacts({ summary }: { summary: RecordingSummary }) {
  const t = useT('info');
  const f = summary.session;
  const c = summary.container;
  const meta = Object.entries(summary.metadata ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (!f && !c && meta.length === 0) return null;
  return (
    <section data-testid="session-facts">
      <h3>{t('session')}</h3>
      {(f || c) && (
        <dl className="facts">
          {f && <FactRows f={f} />}
          {c && <ContainerRows c={c} />}
        </dl>
      )}
      {meta.length > 0 && (
        <details className="metadata-raw" data-testid="metadata-raw">
          <summary>{t('rawMetadata', { count: meta.length })}</summary>
          <table className="env-table" data-testid="metadata-table">
            <tbody>
              {meta.map(([k, v]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td>{typeof v === 'string' ? v : JSON.stringify(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
