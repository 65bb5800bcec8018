import { useState, type ReactNode } from 'react';
import { formatDuration, type DisplaySummary, type RecordingSummary, type TerminalSummary, type TimeMs } from '../../shared/model';
import { copyText } from '../clipboard';
import { showTimeOf } from '../player/navigation';
import { formatLabel } from './FormatBadge';
import { Icon } from './Icon';
import { sessionProtocol, sessionStartMs } from './session-meta';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]} (${n.toLocaleString('en-US')} B)`;
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
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="icon-button"
      title={done ? 'Copied' : `Copy ${label}`}
      aria-label={`Copy ${label}`}
      data-testid="copy-sha256"
      onClick={() => void copyText(text).then((ok) => setDone(ok))}
    >
      <Icon name="copy" size={14} />
    </button>
  );
}

function startedAt(epochMs: number): ReactNode {
  const d = new Date(epochMs);
  return (
    <>
      {d.toLocaleString()}
      <div className="muted">{d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</div>
    </>
  );
}

function TerminalRows({ s }: { s: TerminalSummary }) {
  const t = s.terminal;
  return (
    <>
      <Row label="Events">
        {s.events.toLocaleString('en-US')}
        {s.inputEvents > 0 && <span className="muted"> ({s.inputEvents.toLocaleString('en-US')} keystroke events)</span>}
      </Row>
      <Row label="Terminal size">
        {t.cols} × {t.rows}
        {s.resizes.length > 0 && <span className="muted"> ({s.resizes.length} resize{s.resizes.length === 1 ? '' : 's'})</span>}
      </Row>
      {t.title && <Row label="Title">{t.title}</Row>}
      {t.command && <Row label="Command"><code>{t.command}</code></Row>}
      {t.shell && <Row label="Shell"><code>{t.shell}</code></Row>}
      {t.termType && <Row label="TERM">{t.termType}{t.termVersion ? ` (${t.termVersion})` : ''}</Row>}
      {t.startedAtEpochMs !== undefined && <Row label="Started">{startedAt(t.startedAtEpochMs)}</Row>}
      {t.idleTimeLimitMs !== undefined && <Row label="Idle limit">{(t.idleTimeLimitMs / 1000).toLocaleString('en-US')} s</Row>}
    </>
  );
}

function DisplayRows({ s }: { s: DisplaySummary }) {
  const d = s.display;
  const keyframesBehind = d.seekableUntilMs < s.durationMs;
  const protocol = sessionProtocol(s);
  const started = sessionStartMs(s);
  return (
    <>
      {protocol && <Row label="Protocol">{protocol}</Row>}
      {started !== undefined && <Row label="Started">{startedAt(started)}</Row>}
      <Row label="Resolution">
        {d.width} × {d.height}
        {d.sizes.length > 1 && <span className="muted"> ({d.sizes.length - 1} change{d.sizes.length === 2 ? '' : 's'})</span>}
      </Row>
      <Row label="Frames">{d.frames.toLocaleString('en-US')}</Row>
      <Row label="Input">
        {d.keyEvents.toLocaleString('en-US')} key events, {d.mouseEvents.toLocaleString('en-US')} mouse events
        {d.keyEvents === 0 && <div className="muted">No keys recorded (guacd records them only with recording-include-keys).</div>}
      </Row>
      {d.title && <Row label="Window title">{d.title}</Row>}
      {d.clipboardEntries > 0 && <Row label="Clipboard">{d.clipboardEntries.toLocaleString('en-US')} entries</Row>}
      {d.transfers.length > 0 && <Row label="Transfers">{d.transfers.length.toLocaleString('en-US')}</Row>}
      {keyframesBehind && (
        <Row label="Keyframes">
          up to {formatDuration(d.seekableUntilMs)}
          <span className="muted"> (seeking later replays from there)</span>
        </Row>
      )}
    </>
  );
}

/** Screen size changes and file/pipe transfers of a display recording, each a link to its time. */
function DisplaySections({ s, onSeek }: { s: DisplaySummary; onSeek(ms: TimeMs): void }) {
  const d = s.display;
  return (
    <>
      {d.sizes.length > 1 && (
        <section>
          <h3>Resolution changes ({d.sizes.length - 1})</h3>
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
          <h3>Transfers ({d.transfers.length})</h3>
          <ol className="marker-list">
            {d.transfers.map((t, i) => (
              <li key={i}>
                <button type="button" className="list-button" onClick={() => onSeek(showTimeOf(t.timeMs))} data-testid="transfer-item" data-time-ms={showTimeOf(t.timeMs)}>
                  <span className="hit-time">{formatDuration(t.timeMs)}</span>
                  <span>
                    <code>{t.name || '(unnamed)'}</code>
                    <span className="muted">
                      {' '}
                      {t.kind} · {t.mimetype} · {formatBytes(t.sizeBytes)}
                      {t.endMs === undefined && ' · unfinished'}
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

export function InfoPanel({ summary, onSeek }: { summary: RecordingSummary | null; onSeek(ms: TimeMs): void }) {
  if (!summary) return <div className="info-panel empty" data-testid="info-panel">No recording selected.</div>;
  const s = summary;
  const env = Object.entries((s.kind === 'terminal' && s.terminal.env) || {});
  const meta = Object.entries(s.metadata ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <div className="info-panel" data-testid="info-panel">
      <dl className="facts">
        <Row label="File">{s.fileName}</Row>
        <Row label="Format">{formatLabel(s)}</Row>
        <Row label="Size">{formatBytes(s.sizeBytes)}</Row>
        <Row label="SHA-256">
          <span className="hash">
            <code>{s.sha256}</code>
            <CopyButton text={s.sha256} label="SHA-256" />
          </span>
        </Row>
        <Row label="Duration">
          {formatDuration(s.durationMs)}
          {s.index.state === 'indexing' && <span className="muted"> so far</span>}
        </Row>
        {s.kind === 'terminal' ? <TerminalRows s={s} /> : s.kind === 'display' ? <DisplayRows s={s} /> : null}
        <Row label="Index">
          {s.index.state}
          {s.index.fromCache && <span className="muted"> (from cache)</span>}
          {s.index.elapsedMs !== undefined && <span className="muted"> in {Math.round(s.index.elapsedMs)} ms</span>}
        </Row>
      </dl>
      {s.kind === 'display' && <DisplaySections s={s} onSeek={onSeek} />}
      {s.parts && s.parts.length > 0 && (
        <section>
          <h3>Parts ({s.parts.length})</h3>
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
      {meta.length > 0 && (
        <section>
          <h3>Session</h3>
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
        </section>
      )}
      {env.length > 0 && (
        <section>
          <h3>Environment</h3>
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
        <h3>Markers ({s.markers.length})</h3>
        {s.markers.length === 0 ? (
          <p className="muted">None in this recording.</p>
        ) : (
          <ol className="marker-list">
            {s.markers.map((m, i) => (
              <li key={i}>
                <button type="button" className="list-button" onClick={() => onSeek(showTimeOf(m.timeMs))} data-testid="marker-item" data-time-ms={showTimeOf(m.timeMs)}>
                  <span className="hit-time">{formatDuration(m.timeMs)}</span>
                  <span>{m.label || <span className="muted">(no label)</span>}</span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section>
        <h3>Warnings ({s.warnings.length})</h3>
        {s.warnings.length === 0 ? (
          <p className="muted">The file read cleanly.</p>
        ) : (
          <ul className="warning-list" data-testid="warning-list">
            {s.warnings.map((w, i) => (
              <li key={i}>
                <code className="error-code">{w.code}</code>
                <span className="muted">
                  {w.line !== undefined && ` line ${w.line}`}
                  {w.offsetBytes !== undefined && ` · byte ${w.offsetBytes}`}
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
