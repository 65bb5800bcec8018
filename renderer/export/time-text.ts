/** Range times as people type them: H:MM:SS.mmm (also M:SS, SS.s, plain seconds). Pure. */
import type { TimeMs } from '../../shared/model';

/** 3725042 -> "1:02:05.042". Never negative, always milliseconds (an export cut is exact). */
export function formatClock(ms: TimeMs): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const milli = total % 1000;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(milli).padStart(3, '0')}`;
}

const CLOCK = /^\s*(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2}|\d+)(?:[.,](\d{1,3}))?\s*$/;

/**
 * "1:02:05.042", "2:05", "125.5", "7" -> ms; null for anything else (a minute or second field over 59
 * when it is not the leading field, letters, negatives).
 */
export function parseClock(text: string): TimeMs | null {
  const m = CLOCK.exec(text);
  if (!m) return null;
  const [, hText, mText, sText, fracText] = m;
  const h = hText === undefined ? 0 : Number(hText);
  const min = mText === undefined ? 0 : Number(mText);
  const s = Number(sText);
  if (mText !== undefined && s > 59) return null;
  if (hText !== undefined && min > 59) return null;
  const frac = fracText === undefined ? 0 : Number(fracText.padEnd(3, '0'));
  return ((h * 60 + min) * 60 + s) * 1000 + frac;
}
