/** Session facts as plain text lines (the CLI's `info`; the UI has its own localised labels). */
import { formatDuration, type SessionFacts } from '../../model';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2024-01-02 03:04:05 +08:00`: the wall clock at `offsetMinutes` east of UTC. */
export function formatWallClock(epochMs: number, offsetMinutes = 0): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'UTC' : `${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone}`;
}

function when(epochMs: number, offset: number | undefined): string {
  if (offset === undefined || offset === 0) return formatWallClock(epochMs);
  return `${formatWallClock(epochMs, offset)} (${formatWallClock(epochMs)})`;
}

/** Labelled rows for the facts present, in the order people read them. */
export function sessionFactRows(f: SessionFacts): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['session', f.sessionId],
    ['user', f.user],
    ['asset', f.asset],
    ['account', f.account],
    ['protocol', f.protocol],
    ['remote address', f.remoteAddr],
    ['login from', f.loginFrom],
    ['start', f.startEpochMs !== undefined ? when(f.startEpochMs, f.utcOffsetMinutes) : undefined],
    ['end', f.endEpochMs !== undefined ? when(f.endEpochMs, f.utcOffsetMinutes) : undefined],
    ['session length', f.durationMs !== undefined ? formatDuration(f.durationMs) : undefined],
    ['organisation', f.org],
    ['recorded by', f.terminal],
    ['commands', f.commandCount !== undefined ? String(f.commandCount) : undefined],
    ['outcome', f.success === undefined ? undefined : f.success ? 'succeeded' : 'failed'],
    ['error', f.error],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}
