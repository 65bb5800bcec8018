/**
 * The Export dialog (E, or the range chip): format, range as typed times, options, then a progress bar
 * with Cancel, and at the end the file's size and SHA-256 with "show in folder" (Electron) or the
 * download (browser mode).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDuration, type RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { formatBytes, formatPercent, useT } from '../i18n';
import { formatsFor, isVideoFormat, type ExportFormat } from '../export/export-formats';
import { resolveRange, useExportRange } from '../export/range-state';
import { formatClock, parseClock } from '../export/time-text';
import { useExportJob } from '../export/use-export-job';
import { useClipPlan } from '../export/use-clip-plan';
import { pickCodec } from '../export/video-encoder';
import { overlayFor, sessionCaption } from '../export/caption';
import '../styles/export.css';

export interface ExportDialogProps {
  api: TrailviewApi;
  summary: RecordingSummary;
  onClose(): void;
}

export function ExportDialog({ api, summary, onClose }: ExportDialogProps) {
  const t = useT('export');
  const range = useExportRange(summary.id);
  const initial = resolveRange(range, summary.id, summary.durationMs) ?? { fromMs: 0, toMs: summary.durationMs };
  const formats = formatsFor(summary.kind);
  const [format, setFormat] = useState<ExportFormat>(formats[0]!);
  const [fromText, setFromText] = useState(formatClock(initial.fromMs));
  const [toText, setToText] = useState(formatClock(initial.toMs));
  const [castVersion, setCastVersion] = useState<2 | 3>(2);
  const [stamp, setStamp] = useState(true);
  const [caption, setCaption] = useState(true);
  const [notes, setNotes] = useState('');
  const [mp4, setMp4] = useState<boolean | null>(null);
  const [fast, setFast] = useState(false);
  const job = useExportJob(api, summary);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => box.current?.focus(), []);
  useEffect(() => {
    let live = true;
    void pickCodec('mp4', { width: 1280, height: 720, frameRate: 30 }).then((c) => live && setMp4(c !== null));
    return () => {
      live = false;
    };
  }, []);

  const fromMs = parseClock(fromText);
  const toMs = parseClock(toText);
  const clampedTo = toMs === null ? null : Math.min(toMs, summary.durationMs);
  const rangeOk = fromMs !== null && clampedTo !== null && clampedTo > fromMs;
  const running = job.state.phase === 'running';
  const video = isVideoFormat(format);
  const formatOk = format !== 'mp4' || mp4 === true || summary.kind === 'video';
  const captionText = useMemo(() => sessionCaption(summary), [summary]);
  // A video recording is cut, not drawn: no overlays; copying needs no encoder, so MP4 is always offered.
  const cut = video && summary.kind === 'video';
  const plan = useClipPlan(api, summary, cut ? format : null, fromMs, clampedTo, fast);

  const start = (): void => {
    if (!rangeOk || !formatOk || running) return;
    void job.start({
      format,
      fromMs: fromMs!,
      toMs: clampedTo!,
      ...(format === 'cast' ? { castVersion } : {}),
      ...(format === 'bundle' && notes.trim() ? { notes } : {}),
      ...(cut ? { fast } : {}),
      ...(video && !cut ? { overlay: overlayFor(summary, stamp, caption) } : {}),
    });
  };

  const st = job.state;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !running && onClose()}>
      <div
        ref={box}
        className="modal export-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        tabIndex={-1}
        data-testid="export-dialog"
        data-state={st.phase}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            if (running) job.cancel();
            else onClose();
          }
        }}
      >
        <div className="modal-head">
          <h2 id="export-title">{t('title')}</h2>
        </div>
        <fieldset className="export-formats" disabled={running}>
          <legend>{t('format')}</legend>
          {formats.map((f) => (
            <label key={f} className={f === 'mp4' && mp4 === false ? 'unavailable' : undefined} title={f === 'mp4' && mp4 === false ? t('mp4Unavailable') : undefined}>
              <input type="radio" name="export-format" value={f} data-testid={`export-format-${f}`} checked={format === f} disabled={f === 'mp4' && mp4 === false && summary.kind !== 'video'} onChange={() => setFormat(f)} />
              {t(`formats.${f}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="export-range" disabled={running}>
          <legend>{t('range')}</legend>
          <label>
            {t('from')}
            <input data-testid="export-from" value={fromText} spellCheck={false} aria-invalid={fromMs === null} title={t('timeHelp')} onChange={(e) => setFromText(e.target.value)} />
          </label>
          <label>
            {t('to')}
            <input data-testid="export-to" value={toText} spellCheck={false} aria-invalid={toMs === null} title={t('timeHelp')} onChange={(e) => setToText(e.target.value)} />
          </label>
          <span className="muted" data-testid="export-range-note">
            {fromMs === null || toMs === null ? t('badTime') : !rangeOk ? t('emptyRange') : t('rangeLength', { length: formatDuration(clampedTo! - fromMs) })}
          </span>
        </fieldset>
        {(format === 'cast' || video || format === 'bundle') && (
          <fieldset className="export-options" disabled={running}>
            <legend>{t('options')}</legend>
            {format === 'cast' && (
              <label>
                {t('castVersion')}
                <select data-testid="export-cast-version" value={castVersion} onChange={(e) => setCastVersion(e.target.value === '3' ? 3 : 2)}>
                  <option value="2">{t('castV2')}</option>
                  <option value="3">{t('castV3')}</option>
                </select>
              </label>
            )}
            {cut && (
              <>
                <label>
                  <input type="checkbox" data-testid="export-fast" checked={fast} onChange={(e) => setFast(e.target.checked)} />
                  {t('fastCut')}
                </label>
                <span className="muted" data-testid="export-plan" data-mode={plan.phase === 'ready' ? plan.plan.mode : plan.phase} data-start-ms={plan.phase === 'ready' ? plan.plan.startMs : undefined} data-for={plan.phase === 'ready' || plan.phase === 'error' ? plan.forKey : undefined}>
                  {plan.phase === 'checking'
                    ? t('planChecking')
                    : plan.phase === 'error'
                      ? t('planFailed', { message: plan.message })
                      : plan.phase === 'ready'
                        ? t(`plan.${plan.plan.reason}`, { codec: plan.plan.sourceCodec, time: formatClock(plan.plan.keyBeforeMs), container: format.toUpperCase() })
                        : null}
                </span>
              </>
            )}
            {video && !cut && (
              <>
                <label>
                  <input type="checkbox" data-testid="export-stamp" checked={stamp} onChange={(e) => setStamp(e.target.checked)} />
                  {t('burnTimestamp')}
                </label>
                <label title={captionText}>
                  <input type="checkbox" data-testid="export-caption" checked={caption} onChange={(e) => setCaption(e.target.checked)} />
                  {t('burnCaption')}
                </label>
              </>
            )}
            {format === 'bundle' && (
              <label className="export-notes">
                {t('notes')}
                <textarea data-testid="export-notes" value={notes} maxLength={20000} rows={4} onChange={(e) => setNotes(e.target.value)} />
              </label>
            )}
          </fieldset>
        )}
        {st.phase === 'running' && (
          <div className="export-progress">
            <progress data-testid="export-progress" max={1} value={st.progress} aria-label={t('progress')} />
            <span>{formatPercent(st.progress * 100)}</span>
          </div>
        )}
        {st.phase === 'done' && (
          <div className="export-result" data-testid="export-result" data-size-bytes={st.saved.sizeBytes} data-sha256={st.saved.sha256} data-detail={st.detail}>
            <div>{t('done', { name: st.saved.name, size: formatBytes(st.saved.sizeBytes) })}</div>
            <div className="export-hash">
              {t('sha256')} <code>{st.saved.sha256}</code>
            </div>
            {st.saved.path !== undefined && (
              <button type="button" data-testid="export-reveal" onClick={() => void api.call('revealExport', { path: st.saved.path! })}>
                {t('showInFolder')}
              </button>
            )}
            {st.saved.href !== undefined && (
              <a data-testid="export-download" href={st.saved.href} download={st.saved.name}>
                {t('download')}
              </a>
            )}
          </div>
        )}
        {st.phase === 'cancelled' && <div className="export-note" data-testid="export-cancelled">{t('cancelled')}</div>}
        {st.phase === 'error' && (
          <div className="export-error" role="alert" data-testid="export-error">
            {t('failed')}: {st.error.message}
          </div>
        )}
        <div className="export-actions">
          {running ? (
            <button type="button" data-testid="export-cancel" onClick={job.cancel}>
              {t('cancel')}
            </button>
          ) : (
            <>
              <button type="button" data-testid="export-close" onClick={onClose}>
                {t('close')}
              </button>
              <button type="button" className="primary" data-testid="export-start" disabled={!rangeOk || !formatOk} onClick={start}>
                {t('start')}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
