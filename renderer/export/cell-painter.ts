/**
 * Paints a terminal's screen (an xterm.js buffer) onto a 2D canvas at a fixed font size, for video
 * export. Only rows whose cells or cursor changed are repainted, and the caller learns whether anything
 * changed at all: a frame that did not change is not encoded again.
 */
import type { IBufferCell, ITheme, Terminal } from '@xterm/xterm';

export const EXPORT_FONT_PX = 16;
const FONT_FAMILY = '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace';
/** Line height as a multiple of the font size; xterm's DOM renderer with lineHeight 1 looks like this. */
const LINE_HEIGHT = 1.2;

const ANSI = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite'] as const;

/** Flags packed into a cell's signature. */
const BOLD = 1;
const ITALIC = 2;
const DIM = 4;
const UNDERLINE = 8;
const STRIKE = 16;
const WIDE = 32;
const CURSOR = 64;

export interface CellMetrics {
  cellWidthPx: number;
  cellHeightPx: number;
  baselinePx: number;
}

export function measureCells(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, fontPx = EXPORT_FONT_PX): CellMetrics {
  ctx.font = `${fontPx}px ${FONT_FAMILY}`;
  const m = ctx.measureText('MMMMMMMMMM');
  const cellHeightPx = Math.ceil(fontPx * LINE_HEIGHT);
  const ascent = m.fontBoundingBoxAscent || fontPx * 0.8;
  const descent = m.fontBoundingBoxDescent || fontPx * 0.2;
  return { cellWidthPx: m.width / 10, cellHeightPx, baselinePx: Math.round((cellHeightPx - (ascent + descent)) / 2 + ascent) };
}

function hexToRgb(hex: string | undefined, fallback: number): number {
  if (!hex) return fallback;
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
  const n = Number.parseInt(full.slice(0, 6), 16);
  return Number.isFinite(n) ? n : fallback;
}

/** xterm's 256-colour table: the theme's 16, a 6x6x6 cube, 24 greys. */
export function paletteOf(theme: ITheme): number[] {
  const out: number[] = ANSI.map((k, i) => hexToRgb(theme[k], [0, 0xcd0000, 0xcd00, 0xcdcd00, 0xee, 0xcd00cd, 0xcdcd, 0xe5e5e5][i % 8]!));
  const steps = [0, 95, 135, 175, 215, 255];
  for (let i = 0; i < 216; i++) out.push((steps[Math.floor(i / 36)]! << 16) | (steps[Math.floor(i / 6) % 6]! << 8) | steps[i % 6]!);
  for (let i = 0; i < 24; i++) {
    const v = 8 + i * 10;
    out.push((v << 16) | (v << 8) | v);
  }
  return out;
}

const css = (rgb: number): string => `#${rgb.toString(16).padStart(6, '0')}`;

export class CellPainter {
  private readonly palette: number[];
  private readonly fg: number;
  private readonly bg: number;
  /** Per row: 3 numbers per cell (code point, foreground, background | flags << 24). */
  private rows: Int32Array[] = [];
  private readonly cell: IBufferCell;
  private lastCursor = { x: -1, y: -1 };

  constructor(
    private readonly term: Terminal,
    private readonly ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
    private readonly metrics: CellMetrics,
    theme: ITheme,
    private readonly fontPx = EXPORT_FONT_PX,
  ) {
    this.palette = paletteOf(theme);
    this.fg = hexToRgb(theme.foreground, 0xd3d7de);
    this.bg = hexToRgb(theme.background, 0x16181c);
    this.cell = term.buffer.active.getNullCell();
  }

  get backgroundCss(): string {
    return css(this.bg);
  }

  /** Repaints what changed since the last call; true when any pixel may have changed. */
  paint(): boolean {
    const term = this.term;
    const buf = term.buffer.active;
    const cursor = this.cursorAt();
    let changed = false;
    if (this.rows.length !== term.rows) {
      this.rows = [];
      changed = true;
      this.ctx.fillStyle = css(this.bg);
      this.ctx.fillRect(0, 0, this.ctx.canvas.width, this.ctx.canvas.height);
    }
    for (let y = 0; y < term.rows; y++) {
      const line = buf.getLine(buf.viewportY + y);
      const sig = new Int32Array(term.cols * 3);
      if (line) {
        for (let x = 0; x < term.cols; x++) {
          const c = line.getCell(x, this.cell);
          if (!c) continue;
          const [fg, bg, flags] = this.colours(c, cursor.y === y && cursor.x === x);
          sig[x * 3] = c.getWidth() === 0 ? -1 : c.getCode() || (c.getChars() ? hashText(c.getChars()) : 32);
          sig[x * 3 + 1] = fg;
          sig[x * 3 + 2] = bg | (flags << 24);
        }
      }
      const old = this.rows[y];
      if (old && old.length === sig.length && sameRow(old, sig)) continue;
      this.rows[y] = sig;
      this.paintRow(y, sig, line);
      changed = true;
    }
    this.lastCursor = cursor;
    return changed;
  }

  private cursorAt(): { x: number; y: number } {
    const core = (this.term as unknown as { _core?: { coreService?: { isCursorHidden?: boolean } } })._core;
    if (core?.coreService?.isCursorHidden) return { x: -1, y: -1 };
    const buf = this.term.buffer.active;
    if (buf.viewportY !== buf.baseY) return { x: -1, y: -1 };
    return { x: Math.min(buf.cursorX, this.term.cols - 1), y: buf.cursorY };
  }

  private colours(c: IBufferCell, isCursor: boolean): [number, number, number] {
    let flags = 0;
    if (c.isBold()) flags |= BOLD;
    if (c.isItalic()) flags |= ITALIC;
    if (c.isDim()) flags |= DIM;
    if (c.isUnderline()) flags |= UNDERLINE;
    if (c.isStrikethrough()) flags |= STRIKE;
    if (c.getWidth() === 2) flags |= WIDE;
    let fg = c.isFgDefault() ? this.fg : c.isFgRGB() ? c.getFgColor() : this.palette[c.getFgColor()] ?? this.fg;
    // xterm's drawBoldTextInBrightColors (on by default): bold in the first eight colours brightens.
    if (flags & BOLD && c.isFgPalette() && c.getFgColor() < 8) fg = this.palette[c.getFgColor() + 8] ?? fg;
    let bg = c.isBgDefault() ? this.bg : c.isBgRGB() ? c.getBgColor() : this.palette[c.getBgColor()] ?? this.bg;
    if (c.isInverse()) [fg, bg] = [bg, fg];
    if (c.isInvisible()) fg = bg;
    if (isCursor) {
      [fg, bg] = [bg, fg];
      flags |= CURSOR;
    }
    return [fg, bg, flags];
  }

  private paintRow(y: number, sig: Int32Array, line: ReturnType<Terminal['buffer']['active']['getLine']>): void {
    const { cellWidthPx: cw, cellHeightPx: ch, baselinePx } = this.metrics;
    const ctx = this.ctx;
    const top = y * ch;
    const cols = sig.length / 3;
    ctx.fillStyle = css(this.bg);
    ctx.fillRect(0, top, ctx.canvas.width, ch);
    // Backgrounds in runs of one colour.
    for (let x = 0; x < cols; ) {
      const bg = sig[x * 3 + 2]! & 0xffffff;
      let end = x + 1;
      while (end < cols && (sig[end * 3 + 2]! & 0xffffff) === bg) end++;
      if (bg !== this.bg) {
        ctx.fillStyle = css(bg);
        // Whole pixels, so neighbouring runs neither overlap nor leave hairline gaps.
        ctx.fillRect(Math.round(x * cw), top, Math.round(end * cw) - Math.round(x * cw), ch);
      }
      x = end;
    }
    if (!line) return;
    // Text in runs of one style; each run starts on its own cell so the grid never drifts.
    let x = 0;
    while (x < cols) {
      const code = sig[x * 3]!;
      if (code === -1 || code === 32 || code === 0) {
        x++;
        continue;
      }
      const fg = sig[x * 3 + 1]!;
      const flags = (sig[x * 3 + 2]! >>> 24) & 0xff;
      let text = line.getCell(x, this.cell)?.getChars() ?? '';
      let end = x + 1;
      const simple = text.length === 1 && text.charCodeAt(0) < 0x7f && !(flags & WIDE);
      if (simple) {
        while (end < cols && sig[end * 3 + 1] === fg && ((sig[end * 3 + 2]! >>> 24) & 0xff) === flags) {
          const next = sig[end * 3]!;
          if (next < 32 || next >= 0x7f) break;
          text += String.fromCharCode(next);
          end++;
        }
      } else if (flags & WIDE) end = x + 2;
      ctx.font = `${flags & ITALIC ? 'italic ' : ''}${flags & BOLD ? 'bold ' : ''}${this.fontPx}px ${FONT_FAMILY}`;
      ctx.fillStyle = css(fg);
      ctx.globalAlpha = flags & DIM ? 0.5 : 1;
      ctx.fillText(text, x * cw, top + baselinePx);
      if (flags & UNDERLINE) ctx.fillRect(x * cw, top + baselinePx + 2, (end - x) * cw, 1);
      if (flags & STRIKE) ctx.fillRect(x * cw, top + Math.round(ch / 2), (end - x) * cw, 1);
      ctx.globalAlpha = 1;
      x = end;
    }
  }
}

function sameRow(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h & 0x3fffffff) | 0x40000000;
}
