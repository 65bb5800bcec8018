/**
 * drawImage(source, sx, sy, sw, sh, dx, dy, sw, sh) onto a premultiplied surface. Under an integer
 * translation (always, for what guacd sends) pixels map one to one, as in Chromium. Any other transform
 * is sampled at pixel centres from the nearest source pixel: Chromium filters bilinearly there, so such
 * draws are approximate.
 *
 * The source may be the surface itself (a layer copying onto itself): drawImage reads a snapshot, which
 * one-to-one draws get without one by visiting pixels in memmove order (each source pixel is read before
 * the draw overwrites it). Transformed draws of a surface onto itself need the caller's snapshot.
 */
import { blendPixel, isUnbounded, OP_COPY, OP_SOURCE_OVER } from './compositing';
import type { OpacityMap } from './opacity';
import { invert, type Matrix } from './path';
import { clearOutside, clearOutsideRect, paintSpans, wordsOf, type Surface } from './raster';

export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
  opaque?: boolean;
  /** When `data` is a layer's canvas: its words and opacity map. */
  words?: Uint32Array;
  opacity?: OpacityMap;
}

export function blitImage(s: Surface, img: Pixels, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, m: Matrix, op: number, clip: Uint8Array | null): void {
  if (!isIntegerTranslation(m)) {
    const source = clipSource(img, sx, sy, sw, sh, dx, dy);
    if (source) blitTransformed(s, img, source.sx, source.sy, source.sw, source.sh, source.dx, source.dy, m, op, clip);
    return;
  }
  const rect = integerBlitRect(s, img, sx, sy, sw, sh, dx + m[4], dy + m[5]);
  if (!rect) return;
  const { x0, y0, x1, y1 } = rect;
  if (x1 > x0 && y1 > y0) {
    const wordsOk = img.data.byteOffset % 4 === 0 && s.pixels.byteOffset % 4 === 0;
    if (!clip && wordsOk && (op === OP_SOURCE_OVER || op === OP_COPY)) blitWords(s, img, rect, op);
    else blitGeneral(s, img, rect, op, clip);
  }
  if (isUnbounded(op)) {
    if (!clip) clearOutsideRect(s, x0, y0, x1, y1);
    else {
      const spans: number[] = [];
      for (let y = y0; y < y1; y++) if (x1 > x0) spans.push(y, x0, x1);
      clearOutside(s, Int32Array.from(spans), clip);
    }
  }
}

/** The source rectangle clipped to the image, the destination moving with it; null when nothing is left. */
function clipSource(img: { width: number; height: number }, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number): { sx: number; sy: number; sw: number; sh: number; dx: number; dy: number } | null {
  if (sx < 0) {
    dx -= sx;
    sw += sx;
    sx = 0;
  }
  if (sy < 0) {
    dy -= sy;
    sh += sy;
    sy = 0;
  }
  sw = Math.min(sw, img.width - sx);
  sh = Math.min(sh, img.height - sy);
  return sw > 0 && sh > 0 ? { sx, sy, sw, sh, dx, dy } : null;
}

/**
 * Where a one-to-one draw of the source rectangle at (dx, dy) lands on the surface: null when the source
 * rectangle is empty once clipped to the image (nothing is drawn, nothing cleared); the rectangle may be
 * empty when the draw falls outside the surface (an unbounded operation still clears it all).
 */
export function integerBlitRect(s: { width: number; height: number }, img: { width: number; height: number }, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number): BlitRect | null {
  const c = clipSource(img, sx, sy, sw, sh, dx, dy);
  if (!c) return null;
  return { x0: Math.max(0, c.dx), y0: Math.max(0, c.dy), x1: Math.min(s.width, c.dx + c.sw), y1: Math.min(s.height, c.dy + c.sh), offX: c.sx - c.dx, offY: c.sy - c.dy };
}

export function isIntegerTranslation(m: Matrix): boolean {
  return m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && Number.isInteger(m[4]) && Number.isInteger(m[5]);
}

/** Destination pixels [x0, x1) x [y0, y1); destination (x, y) reads source (x + offX, y + offY). */
export interface BlitRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  offX: number;
  offY: number;
}

/**
 * Visiting order that makes a draw of a surface onto itself read only pixels it has not written yet:
 * rows bottom-up when moving down, pixels right to left when moving right along the same row.
 */
function order(s: Surface, img: Pixels, r: BlitRect): { rowsUp: boolean; pixelsLeft: boolean } {
  if (img.data.buffer !== s.pixels.buffer) return { rowsUp: false, pixelsLeft: false };
  return { rowsUp: r.offY < 0, pixelsLeft: r.offY === 0 && r.offX < 0 };
}

/** Copy and source-over without a clip, a pixel as one 32-bit word: opaque sources copy, clear ones skip. */
function blitWords(s: Surface, img: Pixels, r: BlitRect, op: number): void {
  const dWords = wordsOf(s);
  const sWords = img.words ?? new Uint32Array(img.data.buffer, img.data.byteOffset, img.data.length >> 2);
  const { rowsUp, pixelsLeft } = order(s, img, r);
  const map = s.opacity;
  const srcMap = img.opacity;
  const n = r.x1 - r.x0;
  const sx0 = r.x0 + r.offX;
  const sx1 = r.x1 + r.offX;
  for (let k = 0; k < r.y1 - r.y0; k++) {
    const y = rowsUp ? r.y1 - 1 - k : r.y0 + k;
    const sy = y + r.offY;
    const sRow = sy * img.width;
    // Destination word of source pixel sx in this row: dRow + sx.
    const dRow = y * s.width - r.offX;
    if (op === OP_COPY || img.opaque === true) {
      const opaque = img.opaque === true || (srcMap ? srcMap.allOpaque(sWords, sy, sx0, sx1) : false);
      copyWords(dWords, dRow + sx0, sWords, sRow + sx0, sx1 - sx0);
      if (opaque) map?.wroteOpaque(y, r.x0, r.x1);
      else map?.touch(y, r.x0, r.x1);
      continue;
    }
    if (!srcMap) {
      overRun(dWords, sWords, sRow, dRow, sx0, sx1, pixelsLeft);
      map?.drawnOver(y, r.x0, r.x1);
      continue;
    }
    // Runs of whole segments known opaque are memory copies; the rest blends pixel by pixel.
    for (let done = 0; done < n; ) {
      let a: number;
      let b: number;
      let opaque: boolean;
      if (pixelsLeft) {
        b = sx1 - done;
        ({ start: a, opaque } = srcMap.runLeft(sWords, sy, b, sx0));
      } else {
        a = sx0 + done;
        ({ end: b, opaque } = srcMap.runRight(sWords, sy, a, sx1));
      }
      if (opaque) {
        copyWords(dWords, dRow + a, sWords, sRow + a, b - a);
        map?.wroteOpaque(y, a - r.offX, b - r.offX);
      } else {
        overRun(dWords, sWords, sRow, dRow, a, b, pixelsLeft);
        map?.drawnOver(y, a - r.offX, b - r.offX);
      }
      done += b - a;
    }
  }
}

/** Below this many pixels a loop beats TypedArray#set on a fresh subarray (~0.2 us a call). */
const SHORT_RUN = 64;

/**
 * Copies n words from src[s..] to dst[d..], as memmove does when both are views of one buffer (a layer
 * copying onto itself along a row).
 */
export function copyWords(dst: Uint32Array, d: number, src: Uint32Array, s: number, n: number): void {
  if (n >= SHORT_RUN) dst.set(src.subarray(s, s + n), d);
  else if (dst.buffer === src.buffer && d > s) for (let i = n - 1; i >= 0; i--) dst[d + i] = src[s + i]!;
  else for (let i = 0; i < n; i++) dst[d + i] = src[s + i]!;
}

/** Source-over of source pixels [a, b) of the row at sRow onto dRow + a.. (right to left if `leftwards`). */
function overRun(dWords: Uint32Array, sWords: Uint32Array, sRow: number, dRow: number, a: number, b: number, leftwards: boolean): void {
  if (leftwards) for (let i = b - 1; i >= a; i--) overWord(dWords, dRow + i, sWords[sRow + i]!);
  else for (let i = a; i < b; i++) overWord(dWords, dRow + i, sWords[sRow + i]!);
}

/** Source-over of one premultiplied pixel word (little-endian RGBA): s + (d * (256 - sa) >> 8) per channel. */
function overWord(dWords: Uint32Array, di: number, w: number): void {
  if (w >= 0xff000000) {
    dWords[di] = w;
    return;
  }
  const a = w >>> 24;
  if (a === 0) return;
  const k = 256 - a;
  const d = dWords[di]!;
  // Each channel wraps at 8 bits, as a byte store does (only reachable with invalid premultiplied input).
  const r = ((w & 255) + (((d & 255) * k) >> 8)) & 255;
  const g = (((w >>> 8) & 255) + ((((d >>> 8) & 255) * k) >> 8)) & 255;
  const b = (((w >>> 16) & 255) + ((((d >>> 16) & 255) * k) >> 8)) & 255;
  const al = (a + (((d >>> 24) * k) >> 8)) & 255;
  dWords[di] = ((al << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** Any operation, any clip: pixel by pixel through blendPixel (the reference the word path must equal). */
export function blitGeneral(s: Surface, img: Pixels, r: BlitRect, op: number, clip: Uint8Array | null): void {
  const px = s.pixels;
  const src = img.data;
  const { rowsUp, pixelsLeft } = order(s, img, r);
  const n = r.x1 - r.x0;
  for (let k = 0; k < r.y1 - r.y0; k++) {
    const y = rowsUp ? r.y1 - 1 - k : r.y0 + k;
    for (let j = 0; j < n; j++) {
      const x = pixelsLeft ? r.x1 - 1 - j : r.x0 + j;
      const i = y * s.width + x;
      if (clip && !clip[i]) continue;
      const si = ((y + r.offY) * img.width + x + r.offX) * 4;
      const a = src[si + 3]!;
      if (a === 0 && op === OP_SOURCE_OVER) continue;
      blendPixel(op, px, i * 4, src[si]!, src[si + 1]!, src[si + 2]!, a);
    }
    s.opacity?.touch(y, r.x0, r.x1);
  }
}

function blitTransformed(s: Surface, img: Pixels, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, m: Matrix, op: number, clip: Uint8Array | null): void {
  const corners = [
    [dx, dy],
    [dx + sw, dy],
    [dx, dy + sh],
    [dx + sw, dy + sh],
  ].map(([x, y]) => [m[0] * x! + m[2] * y! + m[4], m[1] * x! + m[3] * y! + m[5]] as const);
  const minX = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[0]))));
  const maxX = Math.min(s.width, Math.ceil(Math.max(...corners.map((c) => c[0]))));
  const minY = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[1]))));
  const maxY = Math.min(s.height, Math.ceil(Math.max(...corners.map((c) => c[1]))));
  const inv = invert(m);
  const spans: number[] = [];
  for (let y = minY; y < maxY; y++) {
    let start = -1;
    for (let x = minX; x <= maxX; x++) {
      let inside = false;
      if (x < maxX) {
        const ux = inv[0] * (x + 0.5) + inv[2] * (y + 0.5) + inv[4] - dx;
        const uy = inv[1] * (x + 0.5) + inv[3] * (y + 0.5) + inv[5] - dy;
        inside = ux >= 0 && uy >= 0 && ux < sw && uy < sh;
      }
      if (inside && start < 0) start = x;
      if (!inside && start >= 0) {
        spans.push(y, start, x);
        start = -1;
      }
    }
  }
  paintSpans(s, Int32Array.from(spans), {
    kind: 'pixels',
    data: img.data,
    index: (x, y) => {
      const ux = Math.floor(inv[0] * (x + 0.5) + inv[2] * (y + 0.5) + inv[4] - dx);
      const uy = Math.floor(inv[1] * (x + 0.5) + inv[3] * (y + 0.5) + inv[5] - dy);
      return ((sy + uy) * img.width + sx + ux) * 4;
    },
  }, op, clip);
}
