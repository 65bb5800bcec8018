/**
 * JumpServer session metadata (`<sid>.json` from koko/the web UI, lion's `<sid>.replay.json`) turned into
 * SessionFacts. Pure and forgiving: metadata comes from whatever version of JumpServer wrote it, so a
 * field of the wrong type or a date we cannot read is left out, never thrown about.
 */
import type { SessionFacts } from '../../model';

export interface ParsedDate {
  epochMs: number;
  /** Minutes east of UTC the date was written in. */
  utcOffsetMinutes: number;
}

// `2024/01/02 03:04:05 +0800` (session JSON), `2024-01-02 03:04:05 +0800` (lion), ISO-ish variants with a
// `T`, fractional seconds, `+08:00` or `Z`. Without an offset the instant is unknown, so no date.
const DATE_RE = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})$/i;

export function parseJumpServerDate(value: unknown): ParsedDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_RE.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  const fraction = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const zone = m[8]!;
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 14 || minutes > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), fraction);
  return { epochMs: local - offset * 60_000, utcOffsetMinutes: offset };
}

/** `H:MM:SS` (hours may exceed 24 or be absent: `MM:SS`), or a plain number of seconds. */
export function parseJumpServerDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:\.(\d{1,3}))?$/.exec(value.trim());
  if (!m) return undefined;
  const ms = m[4] ? Number(m[4].padEnd(3, '0')) : 0;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + ms;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `{value, label}` pairs (login_from, protocol in newer versions) read as their label, else their value. */
function labelled(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as { label?: unknown; value?: unknown };
    return text(v.label) ?? text(v.value);
  }
  return text(value);
}

function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1) return true;
  if (value === 'false' || value === 0) return false;
  return undefined;
}

/** `terminal: {name, type}` (or a bare string) as "name (type)". */
function terminalName(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const t = value as { name?: unknown; type?: unknown };
    const name = text(t.name);
    const type = labelled(t.type);
    if (name && type && name !== type) return `${name} (${type})`;
    return name ?? type;
  }
  return text(value);
}

/** Whether a JSON document looks like session metadata at all (a few of the well-known fields). */
export function looksLikeSessionMetadata(doc: unknown): doc is Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const keys = ['user', 'asset', 'account', 'protocol', 'date_start', 'date_end', 'remote_addr', 'login_from', 'terminal', 'system_user'];
  return keys.filter((k) => k in doc).length >= 2;
}

/** The well-known fields of a session metadata document; anything unreadable is left out. */
export function sessionFacts(doc: unknown): SessionFacts {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return {};
  const d = doc as Record<string, unknown>;
  const facts: SessionFacts = {};
  const set = <K extends keyof SessionFacts>(key: K, value: SessionFacts[K] | undefined): void => {
    if (value !== undefined) facts[key] = value;
  };
  set('sessionId', text(d.id) ?? text(d.session_id));
  set('user', labelled(d.user));
  set('asset', labelled(d.asset));
  // Older versions called the account the "system user".
  set('account', labelled(d.account) ?? labelled(d.system_user));
  set('protocol', labelled(d.protocol));
  set('remoteAddr', text(d.remote_addr));
  set('loginFrom', labelled(d.login_from));
  const start = parseJumpServerDate(d.date_start);
  const end = parseJumpServerDate(d.date_end);
  set('startEpochMs', start?.epochMs);
  set('endEpochMs', end?.epochMs);
  set('utcOffsetMinutes', start?.utcOffsetMinutes ?? end?.utcOffsetMinutes);
  const duration = parseJumpServerDuration(d.duration);
  set('durationMs', duration ?? (start && end && end.epochMs >= start.epochMs ? end.epochMs - start.epochMs : undefined));
  set('org', labelled(d.org_name) ?? labelled(d.org));
  set('terminal', terminalName(d.terminal));
  set('commandCount', count(d.command_amount));
  set('success', flag(d.is_success));
  set('error', labelled(d.error_reason));
  return facts;
}
