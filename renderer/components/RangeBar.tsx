/**
 * The export range, where the player shows it: a band on the seek bar (RangeBand) and a chip above the
 * controls with the in/out times, "export this range" and clear (RangeChip). Both read the range store.
 */
import type { RecordingId, TimeMs } from '../../shared/model';
import { useT } from '../i18n';
import { clearRange, resolveRange, useExportRange } from '../export/range-state';
import { formatClock } from '../export/time-text';

/** Inside the seek track: the range of the recording shown, as a band with its in and out edges. */
export function RangeBand({ durationMs }: { durationMs: TimeMs }) {
  const range = useExportRange();
  if (!range || durationMs <= 0) return null;
  const r = resolveRange(range, range.id, durationMs);
  if (!r) return null;
  const left = (r.fromMs / durationMs) * 100;
  const width = ((r.toMs - r.fromMs) / durationMs) * 100;
  return <div className="seek-range" data-testid="seek-range" data-from-ms={r.fromMs} data-to-ms={r.toMs} style={{ left: `${left}%`, width: `${width}%` }} />;
}

export function RangeChip({ id, durationMs, onExport }: { id: RecordingId; durationMs: TimeMs; onExport(): void }) {
  const t = useT('export');
  const range = useExportRange(id);
  if (!range) return null;
  const r = resolveRange(range, id, durationMs);
  return (
    <div className="range-chip" data-testid="range-chip">
      <span className="muted">{t('range')}</span>
      <span data-testid="range-chip-times">
        {range.fromMs !== undefined ? formatClock(range.fromMs) : '0:00:00.000'} – {range.toMs !== undefined ? formatClock(range.toMs) : formatClock(durationMs)}
      </span>
      <button type="button" data-testid="range-export" disabled={!r} onClick={onExport}>
        {t('rangeOpen')}
      </button>
      <button type="button" data-testid="range-clear" aria-label={t('rangeClear')} title={t('rangeClear')} onClick={clearRange}>
        ×
      </button>
    </div>
  );
}
