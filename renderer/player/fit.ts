/**
 * Fit-to-window for a recording: the grid (cols x rows) is fixed by the recording and never reflowed;
 * only the font size changes so the whole grid is visible.
 */
export const ACTUAL_FONT_PX = 13;

/** The font size at 100 % (the terminal font size setting); terminals redraw when it changes. */
let actualFontPx = ACTUAL_FONT_PX;
const fontListeners = new Set<() => void>();

export function actualFontSize(): number {
  return actualFontPx;
}

export function setActualFontSize(px: number): void {
  if (!Number.isFinite(px) || px <= 0 || px === actualFontPx) return;
  actualFontPx = px;
  for (const l of fontListeners) l();
}

/** Called after the 100 % font size changes; returns the unsubscribe. */
export function onActualFontSize(listener: () => void): () => void {
  fontListeners.add(listener);
  return () => void fontListeners.delete(listener);
}
export const MIN_FONT_PX = 5;
export const MAX_FONT_PX = 28;

export interface FitInput {
  availWidthPx: number;
  availHeightPx: number;
  cols: number;
  rows: number;
  /** The cell size measured at `fontPx`. */
  cellWidthPx: number;
  cellHeightPx: number;
  fontPx: number;
}

/** The largest font size (in 0.5 px steps) at which cols x rows fits, or null when nothing is measurable. */
export function fitFontSize(i: FitInput): number | null {
  if (i.availWidthPx <= 0 || i.availHeightPx <= 0 || i.cellWidthPx <= 0 || i.cellHeightPx <= 0 || i.cols <= 0 || i.rows <= 0) {
    return null;
  }
  const scale = Math.min(i.availWidthPx / (i.cols * i.cellWidthPx), i.availHeightPx / (i.rows * i.cellHeightPx));
  const px = Math.floor(i.fontPx * scale * 2) / 2;
  return Math.min(MAX_FONT_PX, Math.max(MIN_FONT_PX, px));
}

/** Whether the grid overflows the available space at the measured cell size (used to correct rounding). */
export function overflows(i: FitInput): boolean {
  return i.cols * i.cellWidthPx > i.availWidthPx + 0.5 || i.rows * i.cellHeightPx > i.availHeightPx + 0.5;
}
