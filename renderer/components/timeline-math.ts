/**
 * Geometry and lookups for the timeline lane and the side lists. Pure: no DOM, no React.
 * Lanes collapse items that would land within a few pixels of each other into one glyph, so a session
 * with thousands of commands stays a few hundred elements and every glyph stays big enough to point at.
 */
import type { CommandEntry, IdleStretch, RiskId, TimeMs } from '../../shared/model';
import { timeToFraction } from './seek-bar-math';

/** Percent of the lane's width, rounded to 1/1000 % (finer than a pixel, no float noise in styles). */
const pct = (f: number): number => Math.round(f * 100_000) / 1000;

export interface LaneItem<T> {
  timeMs: TimeMs;
  endMs?: TimeMs;
  item: T;
}

/** One glyph on the lane: the items it stands for (in time order) and where it is drawn. */
export interface Glyph<T> {
  leftPct: number;
  /** 0 for a point; spans (a command running, a transfer) are at least `minWidthPx` wide. */
  widthPct: number;
  items: T[];
  /** The first item's time: where a click seeks. */
  timeMs: TimeMs;
}

/**
 * Groups items (sorted by time or not) into glyphs: an item joins the previous glyph when it starts
 * within `gapPx` of that glyph's right edge. Spans shorter than `minWidthPx` are drawn `minWidthPx` wide.
 */
export function layoutGlyphs<T>(
  items: readonly LaneItem<T>[],
  durationMs: TimeMs,
  widthPx: number,
  opts: { gapPx?: number; minWidthPx?: number } = {},
): Glyph<T>[] {
  const gapPx = opts.gapPx ?? 3;
  const minWidthPx = opts.minWidthPx ?? 0;
  const width = Math.max(1, widthPx);
  const sorted = items.slice().sort((a, b) => a.timeMs - b.timeMs);
  const out: { startPx: number; endPx: number; timeMs: TimeMs; items: T[] }[] = [];
  for (const it of sorted) {
    const startPx = timeToFraction(it.timeMs, durationMs) * width;
    const spanPx = it.endMs !== undefined && it.endMs > it.timeMs ? timeToFraction(it.endMs, durationMs) * width - startPx : 0;
    const endPx = startPx + Math.max(spanPx, minWidthPx);
    const last = out[out.length - 1];
    if (last && startPx - last.endPx <= gapPx) {
      last.items.push(it.item);
      last.endPx = Math.max(last.endPx, endPx);
    } else {
      out.push({ startPx, endPx, timeMs: it.timeMs, items: [it.item] });
    }
  }
  return out.map((g) => ({
    leftPct: pct(g.startPx / width),
    widthPct: pct(Math.min(width - g.startPx, g.endPx - g.startPx) / width),
    items: g.items,
    timeMs: g.timeMs,
  }));
}

/** The glyph under `xPx` (within `tolerancePx` of its extent), nearest first. */
export function glyphAt<T>(glyphs: readonly Glyph<T>[], xPx: number, widthPx: number, tolerancePx = 4): Glyph<T> | undefined {
  let best: Glyph<T> | undefined;
  let bestDist = Infinity;
  for (const g of glyphs) {
    const left = (g.leftPct / 100) * widthPx;
    const right = left + (g.widthPct / 100) * widthPx;
    const d = xPx < left ? left - xPx : xPx > right ? xPx - right : 0;
    if (d <= tolerancePx && d < bestDist) {
      best = g;
      bestDist = d;
    }
  }
  return best;
}

/**
 * Index of the entry on screen at `timeMs` in a list sorted by start: the last one started at or before
 * it (-1 before the first). An ended command stays current until the next starts: its output is what is
 * on screen, and extractors often end a command at the very moment it starts (no output before the next
 * prompt), which would otherwise never highlight. Binary search: called on every playback tick.
 */
export function currentIndex(entries: readonly { timeMs: TimeMs }[], timeMs: TimeMs): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.timeMs <= timeMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The idle stretch holding `timeMs`, for the lane's hover. */
export function idleAt(idle: readonly IdleStretch[], timeMs: TimeMs): IdleStretch | undefined {
  return idle.find((s) => s.startMs <= timeMs && timeMs <= s.endMs);
}

/** Risk ids in the order people weigh them: the first one present colours a command's glyph. */
export const RISK_ORDER: readonly RiskId[] = ['destructive', 'credentials', 'privilege', 'history-tampering', 'data-movement', 'permissions'];

/** The most serious risk of a set of commands (a glyph standing for several), or undefined. */
export function worstRisk(commands: readonly Pick<CommandEntry, 'risk'>[]): RiskId | undefined {
  let best = Infinity;
  let other: RiskId | undefined;
  for (const c of commands) {
    for (const r of c.risk ?? []) {
      const i = RISK_ORDER.indexOf(r);
      if (i >= 0) best = Math.min(best, i);
      else other ??= r;
    }
  }
  return Number.isFinite(best) ? RISK_ORDER[best] : other;
}

export interface CommandFilter {
  text: string;
  riskyOnly: boolean;
  failedOnly: boolean;
}

/**
 * Indices of the commands a filter keeps. Text matches the command, its context and risk ids, case
 * blind; several words must all match (in any order), so "rm tmp" finds `rm -rf /tmp/x`.
 */
export function filterCommands(commands: readonly CommandEntry[], f: CommandFilter): number[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  commands.forEach((c, i) => {
    if (f.riskyOnly && !c.risk?.length) return;
    if (f.failedOnly && !(c.exitCode !== undefined && c.exitCode !== 0)) return;
    if (words.length) {
      const hay = `${c.command}\n${c.context ?? ''}\n${(c.risk ?? []).join(' ')}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) return;
    }
    out.push(i);
  });
  return out;
}

/** 1536 -> "1.5 KB"; binary steps, one decimal below 10. */
export function sizeLabel(sizeBytes: number | undefined): string {
  if (sizeBytes === undefined || !Number.isFinite(sizeBytes) || sizeBytes < 0) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = sizeBytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
