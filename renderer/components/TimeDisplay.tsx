import { formatDuration, type TimeMs } from '../../shared/model';

export interface TimeDisplayProps {
  timeMs: TimeMs;
  durationMs: TimeMs;
  /** The session's wall-clock start, when the recording says. */
  startedAtEpochMs?: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local wall-clock time of the playhead, e.g. 14:03:22. */
export function wallClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function wallClockTitle(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.toLocaleString()} local — ${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}

export function TimeDisplay({ timeMs, durationMs, startedAtEpochMs }: TimeDisplayProps) {
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
