/** Typed times for "Go to time": 1:02:03.5, 12:34, 75.25, 1500ms. Pure. */
import type { TimeMs } from '../../shared/model';

/** Milliseconds for `text`, or null when it is not a time. */
export function parseTimeInput(text: string): TimeMs | null {
  const t = text.trim().toLowerCase();
  const ms = /^(\d+(?:\.\d+)?)\s*ms$/.exec(t);
  if (ms) return Math.round(Number(ms[1]));
  const m = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:\.\d{1,3})?)s?$/.exec(t);
  if (!m) return null;
  const [, h, min, s] = m;
  if ((h !== undefined || min !== undefined) && Number(s) >= 60) return null;
  return Math.round(((Number(h ?? 0) * 60 + Number(min ?? 0)) * 60 + Number(s)) * 1000);
}

/** M:SS.mmm or H:MM:SS.mmm: what the box starts with, precise to the ms. */
export function formatPreciseTime(ms: TimeMs): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const frac = String(total % 1000).padStart(3, '0');
  const ss = `${String(s).padStart(2, '0')}.${frac}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
