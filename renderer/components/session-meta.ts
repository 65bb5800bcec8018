/**
 * What a display recording's session metadata (e.g. JumpServer's replay.json, fields as named there) says
 * about the session, when it says it: protocol and wall-clock start. Pure.
 */
import type { RecordingSummary } from '../../shared/model';

const START_KEYS = ['date_start', 'start_time', 'started_at', 'date_created', 'start'];

/** The session's start, Unix epoch ms: the terminal header's, or a display recording's metadata. */
export function sessionStartMs(s: RecordingSummary): number | undefined {
  // The host's normalised session facts (JumpServer metadata) come first: they carry the source's offset.
  if (s.session?.startEpochMs !== undefined) return s.session.startEpochMs;
  if (s.kind === 'terminal') return s.terminal.startedAtEpochMs;
  for (const key of START_KEYS) {
    const ms = epochMs(s.metadata?.[key]);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

export function sessionProtocol(s: RecordingSummary): string | undefined {
  const p = s.session?.protocol ?? s.metadata?.protocol;
  return typeof p === 'string' && /^[a-z0-9+-]{1,16}$/i.test(p) ? p.toUpperCase() : undefined;
}

/** Seconds or ms since the epoch, or a date string Date.parse reads ("2024-05-01 10:00:00 +0000"). */
function epochMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string' || !/\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const t = Date.parse(v.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T').replace(/ ([+-]\d{2}):?(\d{2})$/, '$1:$2'));
  return Number.isFinite(t) ? t : undefined;
}
