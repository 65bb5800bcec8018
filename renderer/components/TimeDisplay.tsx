import { formatDuration, type TimeMs } from '../../shared/model';
import { formatDateTime, formatTime, formatUtc, t, useLanguage } from '../i18n';

export interface TimeDisplayProps {
  timeMs: TimeMs;
  durationMs: TimeMs;
  /** The session's wall-clock start, when the recording says. */
  startedAtEpochMs?: number;
}

/** Local wall-clock time of the playhead, e.g. 14:03:22 (24 h, in the UI's language). */
export function wallClock(epochMs: number): string {
  return formatTime(epochMs);
}

export function wallClockTitle(epochMs: number): string {
  return t('player:wallClockTitle', { local: formatDateTime(epochMs), utc: formatUtc(epochMs) });
}

export function TimeDisplay({ timeMs, durationMs, startedAtEpochMs }: TimeDisplayProps) {
  useLanguage();
  return (
    <div className="time-display">
      <span className="time-current" data-testid="time-current">
        {formatDuration(timeMs)}
      </span>
      <span className="time-sep">/</span>
      <span className="time-total">{formatDuration(durationMs)}</span>
      {startedAtEpochMs !== undefined && (
        <span className="time-wall" title={wallClockTitle(startedAtEpochMs + timeMs)} data-testid="wall-clock">
          {wallClock(startedAtEpochMs + timeMs)}
        </span>
      )}
    </div>
  );
}
