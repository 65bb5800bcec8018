/**
 * Dates, times, numbers, sizes and durations for people, in a given language, through Intl.
 * Formatters are cached per language and options: building an Intl formatter costs ~0.1 ms,
 * and the seek bar and lists format on every render.
 */
import type { Language } from './language';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

function dateTimeFormat(lang: Language, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`d|${lang}|${JSON.stringify(opts)}`, () => new Intl.DateTimeFormat(lang, opts));
}

function numberFormat(lang: Language, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`n|${lang}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(lang, opts));
}

type When = number | Date;

/** A calendar date: "May 1, 2024" / "2024年5月1日". */
export function formatDateIn(lang: Language, when: When, opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return dateTimeFormat(lang, opts).format(when);
}

/** A time of day with seconds, 24 h in both languages (audit logs read that way): "14:03:22". */
export function formatTimeIn(lang: Language, when: When, opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }): string {
  return dateTimeFormat(lang, opts).format(when);
}

/** Date and time of day: "May 1, 2024, 14:03:22" / "2024年5月1日 14:03:22". `timeZone: 'UTC'` for the UTC line. */
export function formatDateTimeIn(lang: Language, when: When, opts: Intl.DateTimeFormatOptions = {}): string {
  return dateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23', ...opts }).format(when);
}

export function formatNumberIn(lang: Language, n: number, opts: Intl.NumberFormatOptions = {}): string {
  return numberFormat(lang, opts).format(n);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 1536 -> "1.5 kB" / "1.5 kB"; binary steps (1024), as file managers on Windows and Linux count. */
export function formatBytesIn(lang: Language, sizeBytes: number): string {
  let v = Math.max(0, sizeBytes);
  let i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const unit = BYTE_UNITS[i] ?? 'byte';
  const maximumFractionDigits = i === 0 || v >= 100 ? 0 : 1;
  return numberFormat(lang, { style: 'unit', unit, unitDisplay: i === 0 ? 'long' : 'short', maximumFractionDigits }).format(v);
}

/**
 * A span of time in words for people, largest units first, at most two: "1 hr 5 min" / "1小时5分钟".
 * (Intl.DurationFormat would do this, but Node 20, where the tests run, lacks it.) The player's
 * clock readouts keep H:MM:SS, which reads the same in every language.
 */
export function formatSpanIn(lang: Language, durationMs: number): string {
  const totalS = Math.max(0, Math.round(durationMs / 1000));
  const parts: [number, 'hour' | 'minute' | 'second'][] = [
    [Math.floor(totalS / 3600), 'hour'],
    [Math.floor((totalS % 3600) / 60), 'minute'],
    [totalS % 60, 'second'],
  ];
  const shown = parts.filter(([v]) => v > 0).slice(0, 2);
  if (!shown.length) shown.push([0, 'second']);
  const sep = lang === 'zh-CN' ? '' : ' ';
  return shown.map(([v, unit]) => numberFormat(lang, { style: 'unit', unit, unitDisplay: 'short' }).format(v)).join(sep);
}
