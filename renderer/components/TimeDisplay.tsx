import { formatDuration, type TimeMs } from '../../shared/model';
import { formatDateTime, formatTime, formatUtc, t, useLanguage } from '../i18n';
import { useSettings } from '../state/settings';

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

/**
 * Elapsed time, and the wall clock (start + offset) when the start is known. The time-display setting
 * (W, Settings, View menu) says which leads: in 'wallclock' mode the clock is the big readout and the
 * elapsed time follows it small.
 */
export function TimeDisplay({ timeMs, durationMs, startedAtEpochMs }: TimeDisplayProps) {
  useLanguage();
  const { settings } = useSettings();
  const wall = startedAtEpochMs !== undefined && settings.timeDisplay === 'wallclock';
  const elapsed = (
    <>
      <span className="time-current" data-testid="time-current">
        {formatDuration(timeMs)}
      </span>
      <span className="time-sep">/</span>
      <span className="time-total">{formatDuration(durationMs)}</span>
    </>
  );
  if (startedAtEpochMs === undefined) return <div className="time-display" data-mode="elapsed">{elapsed}</div>;
  const clock = (
    <span className="time-wall" title={wallClockTitle(startedAtEpochMs + timeMs)} data-testid="wall-clock">
      {wallClock(startedAtEpochMs + timeMs)}
    </span>
  );
  return (
    <div className={`time-display${wall ? ' wall-first' : ''}`} data-mode={wall ? 'wallclock' : 'elapsed'} data-testid="time-display">
      {wall ? (
        <>
          {clock}
          <span className="time-sep">–</span>
          <span className="time-total">{wallClock(startedAtEpochMs + durationMs)}</span>
          <span className="time-elapsed muted">{elapsed}</span>
        </>
      ) : (
        <>
          {elapsed}
          {clock}
        </>
      )}
    </div>
  );
}
