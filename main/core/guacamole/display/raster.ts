/**
 * The pixel work behind a layer's drawing calls: blending spans of a solid colour, an image or a pattern
 * into a premultiplied RGBA8 buffer with one composite operation, honouring a clip mask, and clearing
 * the rest of the clip area for the operations the canvas applies unbounded.
 */
import { blendPixel, isUnbounded, OP_COPY, OP_SOURCE_OVER } from './compositing';
import type { OpacityMap } from './opacity';
import { PREMUL } from './pixel-math';

export interface Surface {
  pixels: Uint8Array;
  width: number;
  height: number;
  /** `pixels` as 32-bit words (made on the spot when absent). */
  words?: Uint32Array;
  /** Kept in step with every write when present (see opacity.ts). */
  opacity?: OpacityMap;
}

export function wordsOf(s: Surface): Uint32Array {
  return s.words ?? new Uint32Array(s.pixels.buffer, s.pixels.byteOffset, s.pixels.length >> 2);
}

/** Where a span's source pixel comes from: a colour, or a (x, y) -> byte index lookup into `data`. */
export type Source = { kind: 'colour'; r: number; g: number; b: number; a: number } | { kind: 'pixels'; data: Uint8Array; index: (x: number, y: number) => number; pattern?: boolean };

/**
 * Blends `source` over the spans ([y, x0, x1) triples, already inside the surface) with `op`.
 * `clip` (one byte per pixel, non-zero = inside) limits every change, the unbounded clear included.
 */
export function paintSpans(s: Surface, spans: Int32Array, source: Source, op: number, clip: Uint8Array | null): void {
  const px = s.pixels;
  const w = s.width;
  const fastColour = source.kind === 'colour' && !clip && (op === OP_COPY || (op === OP_SOURCE_OVER && source.a === 255));
  const words = fastColour ? wordsOf(s) : null;
  const colourWord = source.kind === 'colour' ? ((source.a << 24) | (source.b << 16) | (source.g << 8) | source.r) >>> 0 : 0;
  for (let k = 0; k < spans.length; k += 3) {
    const y = spans[k]!;
    const x0 = spans[k + 1]!;
    const x1 = spans[k + 2]!;
    const row = y * w;
    if (words) {
      words.fill(colourWord, row + x0, row + x1);
      if (source.kind === 'colour' && source.a === 255) s.opacity?.wroteOpaque(y, x0, x1);
      else s.opacity?.touch(y, x0, x1);
      continue;
    }
    s.opacity?.touch(y, x0, x1);
    for (let x = x0; x < x1; x++) {
      if (clip && !clip[row + x]) continue;
      const di = (row + x) * 4;
      if (source.kind === 'colour') blendPixel(op, px, di, source.r, source.g, source.b, source.a);
      else {
        const si = source.index(x, y);
        if (si < 0) blendPixel(op, px, di, 0, 0, 0, 0);
        else blendPixel(op, px, di, source.data[si]!, source.data[si + 1]!, source.data[si + 2]!, source.data[si + 3]!, source.pattern);
      }
    }
  }
  if (isUnbounded(op)) clearOutside(s, spans, clip);
}

/** Unbounded operations: the source is transparent outside the drawn shape, which clears those pixels. */
export function clearOutside(s: Surface, spans: Int32Array, clip: Uint8Array | null): void {
  const words = wordsOf(s);
  if (!clip && sortedSpans(spans)) {
    // Row by row: the gaps between a row's spans, and whole rows without any.
    let k = 0;
    for (let y = 0; y < s.height; y++) {
      const row = y * s.width;
      let x = 0;
      for (; k < spans.length && spans[k] === y; k += 3) {
        words.fill(0, row + x, row + spans[k + 1]!);
        s.opacity?.touch(y, x, spans[k + 1]!);
        x = spans[k + 2]!;
      }
      words.fill(0, row + x, row + s.width);
      s.opacity?.touch(y, x, s.width);
    }
    return;
  }
  s.opacity?.touchRect(0, 0, s.width, s.height);
  const covered = new Uint8Array(s.width * s.height);
  for (let k = 0; k < spans.length; k += 3) {
    const row = spans[k]! * s.width;
    covered.fill(1, row + spans[k + 1]!, row + spans[k + 2]!);
  }
  for (let i = 0; i < covered.length; i++) if (!covered[i] && (!clip || clip[i])) words[i] = 0;
}

/** clearOutside for one rectangle [x0, x1) x [y0, y1) and no clip (an empty rectangle clears everything). */
export function clearOutsideRect(s: Surface, x0: number, y0: number, x1: number, y1: number): void {
  const words = wordsOf(s);
  if (x1 <= x0 || y1 <= y0) {
    words.fill(0, 0, s.width * s.height);
    s.opacity?.touchRect(0, 0, s.width, s.height);
    return;
  }
  words.fill(0, 0, y0 * s.width);
  s.opacity?.touchRect(0, 0, s.width, y0);
  for (let y = y0; y < y1; y++) {
    words.fill(0, y * s.width, y * s.width + x0);
    words.fill(0, y * s.width + x1, (y + 1) * s.width);
    s.opacity?.touch(y, 0, x0);
    s.opacity?.touch(y, x1, s.width);
  }
  words.fill(0, y1 * s.width, s.width * s.height);
  s.opacity?.touchRect(0, y1, s.width, s.height);
}

/** Spans in row order, left to right and apart within a row (what the rasteriser and rectSpans give). */
function sortedSpans(spans: Int32Array): boolean {
  for (let k = 3; k < spans.length; k += 3) {
    const y = spans[k]!;
    const prevY = spans[k - 3]!;
    if (y < prevY || (y === prevY && spans[k + 1]! < spans[k - 1]!)) return false;
  }
  return true;
}

/** Spans of the rectangle [x, x+w) x [y, y+h) inside the surface. */
export function rectSpans(s: { width: number; height: number }, x: number, y: number, w: number, h: number): Int32Array {
  const x0 = Math.max(0, x);
  const x1 = Math.min(s.width, x + w);
  const y0 = Math.max(0, y);
  const y1 = Math.min(s.height, y + h);
  if (x1 <= x0 || y1 <= y0) return new Int32Array(0);
  const out = new Int32Array((y1 - y0) * 3);
  for (let y2 = y0, k = 0; y2 < y1; y2++, k += 3) {
    out[k] = y2;
    out[k + 1] = x0;
    out[k + 2] = x1;
  }
  return out;
}

/** A coverage mask (1 = inside) of the spans: a new clip, intersected with the old one if any. */
export function clipMask(s: { width: number; height: number }, spans: Int32Array, previous: Uint8Array | null): Uint8Array {
  const mask = new Uint8Array(s.width * s.height);
  for (let k = 0; k < spans.length; k += 3) {
    const row = spans[k]! * s.width;
    mask.fill(1, row + spans[k + 1]!, row + spans[k + 2]!);
  }
  if (previous) for (let i = 0; i < mask.length; i++) mask[i] = mask[i]! & (previous[i] ? 1 : 0);
  return mask;
}

/** A fill colour as the canvas stores it: rgba(r, g, b, a / 255) premultiplied with exact rounding. */
export function colour(r: number, g: number, b: number, a: number): Source {
  const c = (v: number) => Math.max(0, Math.min(255, Math.round(v) || 0));
  const alpha = c(a);
  const row = alpha << 8;
  return { kind: 'colour', r: PREMUL[row | c(r)]!, g: PREMUL[row | c(g)]!, b: PREMUL[row | c(b)]!, a: alpha };
}
