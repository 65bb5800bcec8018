import { useState, type ReactNode } from 'react';
import { formatDuration, type DisplaySummary, type RecordingSummary, type TerminalSummary, type TimeMs } from '../../shared/model';
import { copyText } from '../clipboard';
import { showTimeOf } from '../player/navigation';
import { formatDateTime, formatNumber, formatSeconds, formatUtc, useT } from '../i18n';
import { formatLabel } from './FormatBadge';
import { Icon } from './Icon';
import { sessionProtocol, sessionStartMs } from './session-meta';
import { VideoRows } from './VideoRows';
import { SessionFacts } from './SessionFacts';
import { AttachLogSection } from './AttachLogSection';
import type { TrailviewApi } from '../api';

export function formatBytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = v < 10 ? 2 : 1;
  return `${formatNumber(v, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${units[i]} (${formatNumber(n)} B)`;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT('info');
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="icon-button"
      title={done ? t('copied') : t('copyWhat', { what: label })}
      aria-label={t('copyWhat', { what: label })}
      data-testid="copy-sha256"
      onClick={() => void copyText(text).then((ok) => setDone(ok))}
    >
      <Icon name="copy" size={14} />
    </button>
  );
}

function StartedAt({ epochMs }: { epochMs: number }) {
  const t = useT('info');
  return (
    <>
      {formatDateTime(epochMs)}
      <div className="muted">{t('utcTime', { time: formatUtc(epochMs) })}</div>
    </>
  );
}

function TerminalRows({ s }: { s: TerminalSummary }) {
  const tr = useT('info');
  const t = s.terminal;
  return (
    <>
      <Row label={tr('events')}>
        {formatNumber(s.events)}
        {s.inputEvents > 0 && <span className="muted"> {tr('keystrokeEvents', { count: s.inputEvents })}</span>}
      </Row>
      <Row label={tr('terminalSize')}>
        {t.cols} × {t.rows}
        {s.resizes.length > 0 && <span className="muted"> {tr('resizes', { count: s.resizes.length })}</span>}
      </Row>
      {t.title && <Row label={tr('title')}>{t.title}</Row>}
      {t.command && <Row label={tr('command')}><code>{t.command}</code></Row>}
      {t.shell && <Row label={tr('shell')}><code>{t.shell}</code></Row>}
      {t.termType && <Row label={tr('term')}>{t.termType}{t.termVersion ? ` (${t.termVersion})` : ''}</Row>}
      {t.startedAtEpochMs !== undefined && <Row label={tr('started')}><StartedAt epochMs={t.startedAtEpochMs} /></Row>}
      {t.idleTimeLimitMs !== undefined && <Row label={tr('idleLimit')}>{formatSeconds(t.idleTimeLimitMs / 1000)}</Row>}
    </>
  );
}

function DisplayRows({ s }: { s: DisplaySummary }) {
  const t = useT('info');
  const d = s.display;
  const keyframesBehind = d.seekableUntilMs < s.durationMs;
  const protocol = sessionProtocol(s);
  const started = sessionStartMs(s);
  return (
    <>
      {protocol && <Row label={t('protocol')}>{protocol}</Row>}
      {started !== undefined && <Row label={t('started')}><StartedAt epochMs={started} /></Row>}
      <Row label={t('resolution')}>
        {d.width} × {d.height}
        {d.sizes.length > 1 && <span className="muted"> {t('resolutionChanges', { count: d.sizes.length - 1 })}</span>}
      </Row>
      <Row label={t('frames')}>{formatNumber(d.frames)}</Row>
      <Row label={t('input')}>
        {t('inputCounts', { keys: d.keyEvents, mouse: d.mouseEvents })}
        {d.keyEvents === 0 && <div className="muted">{t('noKeys')}</div>}
      </Row>
      {d.title && <Row label={t('windowTitle')}>{d.title}</Row>}
      {d.clipboardEntries > 0 && <Row label={t('clipboard')}>{t('clipboardEntries', { count: d.clipboardEntries })}</Row>}
      {d.transfers.length > 0 && <Row label={t('transfers')}>{formatNumber(d.transfers.length)}</Row>}
      {keyframesBehind && (
        <Row label={t('keyframes')}>
          {t('keyframesUpTo', { time: formatDuration(d.seekableUntilMs) })}
          <span className="muted"> {t('keyframesNote')}</span>
        </Row>
      )}
    </>
  );
}

/** Screen size changes and file/pipe transfers of a display recording, each a link to its time. */
function DisplaySections({ s, onSeek }: { s: DisplaySummary; onSeek(ms: TimeMs): void }) {
  const tr = useT('info');
  const d = s.display;
  return (
    <>
      {d.sizes.length > 1 && (
        <section>
          <h3>{tr('resolutionChangesTitle', { count: d.sizes.length - 1 })}</h3>
          <ol className="marker-list">
            {d.sizes.map((z, i) => (
              <li key={i}>
                <button type="button" className="list-button" onClick={() => onSeek(showTimeOf(z.timeMs))} data-testid="size-item" data-time-ms={showTimeOf(z.timeMs)}>
                  <span className="hit-time">{formatDuration(z.timeMs)}</span>
                  <span>
                    {z.width} × {z.height}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}
      {d.transfers.length > 0 && (
        <section>
          <h3>{tr('transfersTitle', { count: d.transfers.length })}</h3>
          <ol className="marker-list">
            {d.transfers.map((t, i) => (
              <li key={i}>
                <button type="button" className="list-button" onClick={() => onSeek(showTimeOf(t.timeMs))} data-testid="transfer-item" data-time-ms={showTimeOf(t.timeMs)}>
                  <span className="hit-time">{formatDuration(t.timeMs)}</span>
                  <span>
                    <code>{t.name || tr('unnamed')}</code>
                    <span className="muted">
                      {' '}
                      {tr(`transferKind.${t.kind}`)} · {t.mimetype} · {formatBytes(t.sizeBytes)}
                      {t.endMs === undefined && ` · ${tr('unfinished')}`}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}

/** `api`: when given, the attached-logs section (list, Attach log…, Detach) is shown. */
export function InfoPanel({ summary, onSeek, api }: { summary: RecordingSummary | null; onSeek(ms: TimeMs): void; api?: TrailviewApi }) {
  const t = useT('info');
  if (!summary) return <div className="info-panel empty" data-testid="info-panel">{t('empty')}</div>;
  const s = summary;
  const env = Object.entries((s.kind === 'terminal' && s.terminal.env) || {});
  return (
    <div className="info-panel" data-testid="info-panel">
      <dl className="facts">
        <Row label={t('file')}>{s.fileName}</Row>
        <Row label={t('format')}>{formatLabel(s)}</Row>
        <Row label={t('size')}>{formatBytes(s.sizeBytes)}</Row>
        <Row label={t('sha256')}>
          <span className="hash">
            <code>{s.sha256}</code>
            <CopyButton text={s.sha256} label={t('sha256')} />
          </span>
        </Row>
        <Row label={t('duration')}>
          {formatDuration(s.durationMs)}
          {s.index.state === 'indexing' && <span className="muted"> {t('soFar')}</span>}
        </Row>
        {s.kind === 'terminal' ? <TerminalRows s={s} /> : s.kind === 'display' ? <DisplayRows s={s} /> : s.kind === 'video' ? <VideoRows s={s} /> : null}
        <Row label={t('index')}>
          {t(`indexState.${s.index.state}`)}
          {s.index.fromCache && <span className="muted"> {t('fromCache')}</span>}
          {s.index.elapsedMs !== undefined && <span className="muted"> {t('indexedIn', { ms: Math.round(s.index.elapsedMs) })}</span>}
        </Row>
      </dl>
      {s.kind === 'display' && <DisplaySections s={s} onSeek={onSeek} />}
      {s.parts && s.parts.length > 0 && (
        <section>
          <h3>{t('partsTitle', { count: s.parts.length })}</h3>
          <ol className="marker-list">
            {s.parts.map((part, i) => (
              <li key={i}>
                <button type="button" className="list-button" onClick={() => onSeek(showTimeOf(part.startMs))} data-testid="part-item" data-time-ms={showTimeOf(part.startMs)}>
                  <span className="hit-time">{formatDuration(part.startMs)}</span>
                  <span>
                    <code>{part.name}</code>
                    <span className="muted"> {formatDuration(part.durationMs)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}
      <SessionFacts summary={s} />
      {api && <AttachLogSection api={api} summary={s} />}
      {env.length > 0 && (
        <section>
          <h3>{t('environment')}</h3>
          <table className="env-table">
            <tbody>
              {env.map(([k, v]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section>
        <h3>{t('markersTitle', { count: s.markers.length })}</h3>
        {s.markers.length === 0 ? (
          <p className="muted">{t('noMarkers')}</p>
        ) : (
          <ol className="marker-list">
            {s.markers.map((m, i) => (
              <li key={i}>
                <button type="button" className="list-button" onClick={() => onSeek(showTimeOf(m.timeMs))} data-testid="marker-item" data-time-ms={showTimeOf(m.timeMs)}>
                  <span className="hit-time">{formatDuration(m.timeMs)}</span>
                  <span>{m.label || <span className="muted">{t('noLabel')}</span>}</span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section>
        <h3>{t('warningsTitle', { count: s.warnings.length })}</h3>
        {s.warnings.length === 0 ? (
          <p className="muted">{t('noWarnings')}</p>
        ) : (
          <ul className="warning-list" data-testid="warning-list">
            {s.warnings.map((w, i) => (
              <li key={i}>
                <code className="error-code">{w.code}</code>
                <span className="muted">
                  {w.line !== undefined && ` ${t('errors:whereLine', { line: formatNumber(w.line) })}`}
                  {w.offsetBytes !== undefined && ` · ${t('errors:whereByte', { offset: formatNumber(w.offsetBytes) })}`}
                </span>
                <div>{w.message}</div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
