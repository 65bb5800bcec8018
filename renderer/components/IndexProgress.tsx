import type { RecordingSummary } from '../../shared/model';

/** Visible while indexing: a thin bar, the percentage and a cancel button. */
export function IndexProgress({ summary, onCancel }: { summary: RecordingSummary; onCancel(): void }) {
  if (summary.index.state !== 'indexing') return null;
  const p = Math.min(1, Math.max(0, summary.index.progress));
  const pct = Math.floor(p * 100);
  return (
    <div className="index-progress" data-testid="index-progress" data-progress={p.toFixed(3)} title="Indexing: search and the end of the timeline fill in as it goes">
      <span className="index-progress-label">Indexing {pct} %</span>
      <div className="index-progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <button type="button" className="link-button" onClick={onCancel} data-testid="index-cancel">
        Cancel
      </button>
    </div>
  );
}
