/**
 * The PNG decoder's row work: filters undone in place, filtered bytes expanded to RGBA8 pixels. What
 * guacd and cairo write (palette at any depth, 8-bit RGB and RGBA) goes one 32-bit store per pixel,
 * premultiplied on the way when asked; other types take the general per-sample path, straight.
 * Plain functions over a format record, not closures made per image: V8 optimises each closure made
 * per image afresh, and a decode per image left the row loops unoptimised most of the time.
 */
import { PREMUL } from './pixel-math';

/** Undoes row filter raw[offset] for the `stride` bytes after it, reading the row above (none for the first). */
export function unfilterRow(raw: Uint8Array, offset: number, stride: number, bpp: number, firstRow: boolean): void {
  const cur = offset + 1;
  const end = cur + stride;
  const up = cur - stride - 1;
  switch (raw[offset]) {
    case 1:
      for (let i = cur + bpp; i < end; i++) raw[i] = raw[i]! + raw[i - bpp]!;
      break;
    case 2:
      if (!firstRow) for (let i = cur, j = up; i < end; i++, j++) raw[i] = raw[i]! + raw[j]!;
      break;
    case 3:
      for (let i = cur; i < end; i++) raw[i] = raw[i]! + (((i - cur >= bpp ? raw[i - bpp]! : 0) + (firstRow ? 0 : raw[i - cur + up]!)) >> 1);
      break;
    case 4:
      for (let i = cur; i < end; i++) {
        const a = i - cur >= bpp ? raw[i - bpp]! : 0;
        const b = firstRow ? 0 : raw[i - cur + up]!;
        const c = !firstRow && i - cur >= bpp ? raw[i - cur + up - bpp]! : 0;
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        raw[i] = raw[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      break;
    default:
      break;
  }
}

const PALETTE = 0;
const RGB8 = 1;
const RGBA8 = 2;
const GENERIC = 3;

/** Writes the `width` pixels of the row at raw[start..] to out's pixels first, first + step, ... */
type Expander = (raw: Uint8Array, start: number, width: number, out: Uint8Array, firstPixel: number, step: number) => void;

export interface RowFormat {
  kind: number;
  depth: number;
  premultiply: boolean;
  /** Palette entries as pixel words (premultiplied if asked), for every index the depth can hold. */
  lut: Uint32Array;
  /** No pixel written so far (palette: no entry at all) has alpha below 255; generic rows do not track it. */
  opaque: boolean;
  generic: Expander | null;
}

export function rowFormat(colourType: number, depth: number, palette: Uint8Array | undefined, trns: Uint8Array | undefined, bitsPerPixel: number, premultiply: boolean): RowFormat {
  const f: RowFormat = { kind: GENERIC, depth, premultiply, lut: new Uint32Array(0), opaque: true, generic: null };
  if (colourType === 3 && palette && depth <= 8) {
    f.kind = PALETTE;
    f.lut = new Uint32Array(1 << depth);
    // An index past the palette is black (libpng and Chromium's decoders agree on that), opaque past tRNS.
    const defined = Math.min(f.lut.length, Math.max(Math.floor(palette.length / 3), trns?.length ?? 0));
    for (let i = 0; i < defined; i++) {
      const a = trns && i < trns.length ? trns[i]! : 255;
      if (a !== 255) f.opaque = false;
      f.lut[i] = pixelWord(palette[3 * i] ?? 0, palette[3 * i + 1] ?? 0, palette[3 * i + 2] ?? 0, a, premultiply);
    }
    f.lut.fill(0xff000000, defined);
  } else if (depth === 8 && colourType === 2 && !trns) f.kind = RGB8;
  else if (depth === 8 && colourType === 6) f.kind = RGBA8;
  else {
    f.generic = genericExpander(colourType, depth, palette, trns, bitsPerPixel);
    f.opaque = false;
  }
  return f;
}

/** Whether `f` wrote straight pixels that still need premultiplying (the generic path). */
export function needsPremultiply(f: RowFormat): boolean {
  return f.kind === GENERIC && f.premultiply;
}

export function writeRow(f: RowFormat, raw: Uint8Array, start: number, width: number, out: Uint8Array, words: Uint32Array, first: number, step: number): void {
  switch (f.kind) {
    case PALETTE:
      return paletteRow(f.lut, f.depth, raw, start, width, words, first, step);
    case RGB8:
      for (let x = 0, i = start, o = first; x < width; x++, i += 3, o += step) words[o] = (0xff000000 | (raw[i + 2]! << 16) | (raw[i + 1]! << 8) | raw[i]!) >>> 0;
      return;
    case RGBA8:
      for (let x = 0, i = start, o = first; x < width; x++, i += 4, o += step) {
        const a = raw[i + 3]!;
        if (a === 255) words[o] = (0xff000000 | (raw[i + 2]! << 16) | (raw[i + 1]! << 8) | raw[i]!) >>> 0;
        else {
          f.opaque = false;
          words[o] = pixelWord(raw[i]!, raw[i + 1]!, raw[i + 2]!, a, f.premultiply);
        }
      }
      return;
    default:
      f.generic!(raw, start, width, out, first, step);
  }
}

function paletteRow(lut: Uint32Array, depth: number, raw: Uint8Array, start: number, width: number, words: Uint32Array, first: number, step: number): void {
  if (depth === 8) {
    for (let x = 0, o = first; x < width; x++, o += step) words[o] = lut[raw[start + x]!]!;
    return;
  }
  const perByteShift = depth === 1 ? 3 : depth === 2 ? 2 : 1;
  const inByte = (1 << perByteShift) - 1;
  const mask = (1 << depth) - 1;
  for (let x = 0, o = first; x < width; x++, o += step) {
    const shift = 8 - depth - (x & inByte) * depth;
    words[o] = lut[(raw[start + (x >> perByteShift)]! >> shift) & mask]!;
  }
}

function pixelWord(r: number, g: number, b: number, a: number, premultiply: boolean): number {
  if (premultiply && a !== 255) {
    r = PREMUL[(a << 8) | r]!;
    g = PREMUL[(a << 8) | g]!;
    b = PREMUL[(a << 8) | b]!;
  }
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** Row bytes -> straight RGBA8 for every other type. 16-bit samples round to 8 bits (v * 255 / 65535), as skcms converts. */
function genericExpander(colourType: number, depth: number, palette: Uint8Array | undefined, trns: Uint8Array | undefined, bitsPerPixel: number): Expander {
  const sample = (row: Uint8Array, index: number): number => {
    if (depth === 8) return row[index]!;
    if (depth === 16) return (row[2 * index]! << 8) | row[2 * index + 1]!;
    const perByte = 8 / depth;
    const byte = row[Math.floor(index / perByte)]!;
    const shift = 8 - depth * ((index % perByte) + 1);
    return (byte >> shift) & ((1 << depth) - 1);
  };
  const to8 = depth === 16 ? (v: number) => Math.floor((v * 255 + 32767) / 65535) : depth === 8 ? (v: number) => v : (v: number) => Math.floor((v * 255) / ((1 << depth) - 1));
  const keyGray = colourType === 0 && trns && trns.length >= 2 ? (trns[0]! << 8) | trns[1]! : -1;
  const keyRgb = colourType === 2 && trns && trns.length >= 6 ? [(trns[0]! << 8) | trns[1]!, (trns[2]! << 8) | trns[3]!, (trns[4]! << 8) | trns[5]!] : undefined;
  return (raw, start, width, out, firstPixel, step) => {
    const row = raw.subarray(start, start + Math.ceil((width * bitsPerPixel) / 8));
    for (let x = 0; x < width; x++) {
      const o = (firstPixel + x * step) * 4;
      switch (colourType) {
        case 0: {
          const g = sample(row, x);
          out[o] = out[o + 1] = out[o + 2] = to8(g);
          out[o + 3] = g === keyGray ? 0 : 255;
          break;
        }
        case 2: {
          const r = sample(row, 3 * x);
          const g = sample(row, 3 * x + 1);
          const b = sample(row, 3 * x + 2);
          out[o] = to8(r);
          out[o + 1] = to8(g);
          out[o + 2] = to8(b);
          out[o + 3] = keyRgb && r === keyRgb[0] && g === keyRgb[1] && b === keyRgb[2] ? 0 : 255;
          break;
        }
        case 3: {
          const i = sample(row, x);
          // An index past the palette is black (libpng and Chromium's decoders agree on that).
          out[o] = palette![3 * i] ?? 0;
          out[o + 1] = palette![3 * i + 1] ?? 0;
          out[o + 2] = palette![3 * i + 2] ?? 0;
          out[o + 3] = trns && i < trns.length ? trns[i]! : 255;
          break;
        }
        case 4:
          out[o] = out[o + 1] = out[o + 2] = to8(sample(row, 2 * x));
          out[o + 3] = to8(sample(row, 2 * x + 1));
          break;
        default:
          out[o] = to8(sample(row, 4 * x));
          out[o + 1] = to8(sample(row, 4 * x + 1));
          out[o + 2] = to8(sample(row, 4 * x + 2));
          out[o + 3] = to8(sample(row, 4 * x + 3));
      }
    }
  };
}
