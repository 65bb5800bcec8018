import type { RecordingSummary } from '../../shared/model';
import { formatPercent, useT } from '../i18n';

/** Visible while indexing: a thin bar, the percentage and a cancel button. */
export function IndexProgress({ summary, onCancel }: { summary: RecordingSummary; onCancel(): void }) {
  const t = useT('player');
  if (summary.index.state !== 'indexing') return null;
  const p = Math.min(1, Math.max(0, summary.index.progress));
  const pct = Math.floor(p * 100);
  return (
    <div className="index-progress" data-testid="index-progress" data-progress={p.toFixed(3)} title={t('indexingTitle')}>
      <span className="index-progress-label">{t('indexing', { percent: formatPercent(pct) })}</span>
      <div className="index-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <button type="button" className="link-button" onClick={onCancel} data-testid="index-cancel">
        {t('common:cancel')}
      </button>
    </div>
  );
}
