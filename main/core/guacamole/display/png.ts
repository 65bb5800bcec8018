/**
 * PNG in both directions: decoding everything guacd (libpng) and cairo write (every colour type and bit
 * depth, tRNS, Adam7), and encoding the pixels a keyframe prelude carries. Decoded pixels are straight
 * (un-premultiplied) RGBA8, as a decoder hands them to the browser before it premultiplies.
 * zlib is Node's: on the corpus images fflate's inflate took 200-570 ms where node:zlib took 20-60 ms.
 */
import { inflateSync } from 'node:zlib';

export { crc32, encodePng, type PngEncodeOptions } from './png-encode';

export interface RgbaImage {
  width: number;
  height: number;
  /** Straight RGBA8, row-major, no padding. */
  data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** A decoded image larger than this is refused rather than allocated (a hostile IHDR). */
const MAX_PIXELS = 64 * 1024 * 1024;

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

export function decodePng(bytes: Uint8Array): RgbaImage {
  if (!isPng(bytes)) throw new Error('not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colourType = -1;
  let interlace = 0;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  while (p + 8 <= bytes.length) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!);
    const body = bytes.subarray(p + 8, Math.min(bytes.length, p + 8 + length));
    p += 12 + length;
    if (type === 'IHDR') {
      width = view.getUint32(body.byteOffset - bytes.byteOffset);
      height = view.getUint32(body.byteOffset - bytes.byteOffset + 4);
      depth = body[8]!;
      colourType = body[9]!;
      interlace = body[12]!;
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') trns = body;
    else if (type === 'IDAT') {
      idat.push(body);
      idatBytes += body.length;
    } else if (type === 'IEND') break;
  }
  if (colourType < 0) throw new Error('PNG without IHDR');
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw new Error(`PNG size ${width}x${height} out of range`);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colourType];
  if (channels === undefined) throw new Error(`PNG colour type ${colourType} unknown`);
  if (colourType === 3 && !palette) throw new Error('palette PNG without PLTE');
  const joined = new Uint8Array(idatBytes);
  let o = 0;
  for (const part of idat) {
    joined.set(part, o);
    o += part.length;
  }
  const raw = inflateSync(joined, { finishFlush: 2 /* Z_SYNC_FLUSH: a cut stream yields what it has */ });
  const bitsPerPixel = channels * depth;
  const out = new Uint8Array(width * height * 4);
  const expand = makeExpander(colourType, depth, palette, trns);
  if (interlace === 0) {
    unfilter(raw, 0, width, height, bitsPerPixel, (y, row) => expand(row, width, out, y * width, 1));
  } else {
    // Adam7: seven passes, each a small image whose pixels land on a grid.
    const passes = [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ] as const;
    let offset = 0;
    for (const [x0, y0, dx, dy] of passes) {
      const pw = Math.ceil((width - x0) / dx);
      const ph = Math.ceil((height - y0) / dy);
      if (pw <= 0 || ph <= 0) continue;
      offset = unfilter(raw, offset, pw, ph, bitsPerPixel, (y, row) => expand(row, pw, out, (y0 + y * dy) * width + x0, dx));
    }
  }
  return { width, height, data: out };
}

/** Undo the per-row filters; calls back with each row's bytes; returns the offset after the image. */
function unfilter(raw: Uint8Array, offset: number, width: number, height: number, bitsPerPixel: number, onRow: (y: number, row: Uint8Array) => void): number {
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  let prev = new Uint8Array(stride);
  let cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[offset] ?? 0;
    const line = raw.subarray(offset + 1, offset + 1 + stride);
    cur.set(line);
    if (line.length < stride) cur.fill(0, line.length);
    offset += stride + 1;
    switch (filter) {
      case 1:
        for (let i = bpp; i < stride; i++) cur[i] = (cur[i]! + cur[i - bpp]!) & 255;
        break;
      case 2:
        for (let i = 0; i < stride; i++) cur[i] = (cur[i]! + prev[i]!) & 255;
        break;
      case 3:
        for (let i = 0; i < stride; i++) cur[i] = (cur[i]! + (((i >= bpp ? cur[i - bpp]! : 0) + prev[i]!) >> 1)) & 255;
        break;
      case 4:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? cur[i - bpp]! : 0;
          const b = prev[i]!;
          const c = i >= bpp ? prev[i - bpp]! : 0;
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          cur[i] = (cur[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        }
        break;
      default:
        break;
    }
    onRow(y, cur);
    const t = prev;
    prev = cur;
    cur = t;
  }
  return offset;
}

type Expander = (row: Uint8Array, width: number, out: Uint8Array, firstPixel: number, step: number) => void;

/** Row bytes -> straight RGBA8. 16-bit samples round to 8 bits (v * 255 / 65535), as skcms converts. */
function makeExpander(colourType: number, depth: number, palette: Uint8Array | undefined, trns: Uint8Array | undefined): Expander {
  // What guacd and cairo write (8-bit palette, RGB, RGBA) without a call per sample.
  if (depth === 8 && colourType === 3 && palette) {
    const lut = new Uint32Array(256);
    for (let i = 0; i < 256; i++) lut[i] = ((trns && i < trns.length ? trns[i]! : 255) << 24) | ((palette[3 * i + 2] ?? 0) << 16) | ((palette[3 * i + 1] ?? 0) << 8) | (palette[3 * i] ?? 0);
    let words: Uint32Array | null = null;
    return (row, width, out, first, step) => {
      if (!words || words.buffer !== out.buffer) words = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
      for (let x = 0, o = first; x < width; x++, o += step) words[o] = lut[row[x]!]!;
    };
  }
  if (depth === 8 && (colourType === 2 || colourType === 6) && !(colourType === 2 && trns)) {
    const channels = colourType === 2 ? 3 : 4;
    return (row, width, out, first, step) => {
      for (let x = 0, i = 0, o = first * 4; x < width; x++, i += channels, o += step * 4) {
        out[o] = row[i]!;
        out[o + 1] = row[i + 1]!;
        out[o + 2] = row[i + 2]!;
        out[o + 3] = channels === 4 ? row[i + 3]! : 255;
      }
    };
  }
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
  return (row, width, out, firstPixel, step) => {
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
