/** The Transfers side panel: files that moved in or out, when, how big, by what tool; a click seeks. */
import { useRef } from 'react';
import { formatDuration, type RecordingSummary, type TimeMs, type TransferEntry } from '../../shared/model';
import { showTimeOf } from '../player/navigation';
import { useCurrentIndex, type DerivedList, type TimeSource } from '../state/use-commands';
import { moveInList } from './list-keys';
import { currentIndex, sizeLabel } from './timeline-math';
import { useT } from '../i18n';
import '../styles/timeline.css';
import '../styles/timeline-panels.css';


export interface TransfersPanelProps {
  summary: RecordingSummary | null;
  transfers: DerivedList<TransferEntry>;
  /** The player: the entry on screen is highlighted as it plays. */
  player: TimeSource;
  onSeek(ms: TimeMs): void;
}

export function TransfersPanel({ summary, transfers, player, onSeek }: TransfersPanelProps) {
  const t = useT('timeline');
  const listRef = useRef<HTMLOListElement>(null);
  const all = transfers.items;
  const current = useCurrentIndex(player, all, currentIndex);
  if (!summary) return <div className="tl-panel-empty muted">{t('transfersNoRecording')}</div>;
  return (
    <div className="tl-panel transfers-panel" data-testid="transfers-panel">
      <div className="search-status">
        <span data-testid="transfers-count">{transfers.loading ? t('transfersLoading') : t('transferCount', { count: all.length })}</span>
      </div>
      {transfers.error && (
        <div className="note" data-testid="transfers-error">
          {t('transfersUnavailable', { message: transfers.error.message })}
        </div>
      )}
      {transfers.partial && <div className="note">{t('transfersPartial')}</div>}
      {!transfers.loading && !transfers.error && all.length === 0 && <div className="tl-panel-empty muted">{t('transfersNone')}</div>}
      <ol className="tl-list" ref={listRef} onKeyDown={(e) => moveInList(e)}>
        {all.map((x, i) => {
          const dir = x.direction === 'upload' ? '↑' : x.direction === 'download' ? '↓' : '·';
          const dirTitle = x.direction === 'upload' ? t('upload') : x.direction === 'download' ? t('download') : t('unknownDirection');
          const outcome = x.ok === true ? t('transferOk') : x.ok === false ? t('transferFailed') : t('transferUnknown');
          return (
            <li key={i} className={`tl-item${i === current ? ' current' : ''}`} data-testid="transfer-row" data-time-ms={showTimeOf(x.timeMs)} aria-current={i === current ? 'true' : undefined}>
              <button type="button" className="tl-item-main" data-row onClick={() => onSeek(showTimeOf(x.timeMs))} title={t('transferTitle', { name: x.name, direction: dirTitle, outcome })}>
                <span className="tl-time">{formatDuration(x.timeMs)}</span>
                <span className={`tl-dir ${x.direction ?? 'unknown'}`} aria-label={dirTitle}>
                  {dir}
                </span>
                <span className="tl-body">
                  <span className="tl-file">{x.name}</span>
                  <span className="tl-meta">
                    {x.sizeBytes !== undefined && <span>{sizeLabel(x.sizeBytes)}</span>}
                    <span className="tl-context">{x.tool}</span>
                    <span className={x.ok === false ? 'tl-exit bad' : x.ok ? 'tl-exit ok' : 'tl-exit'}>{outcome}</span>
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
