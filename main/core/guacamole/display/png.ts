/**
 * PNG in both directions: decoding everything guacd (libpng) and cairo write (every colour type and bit
 * depth, tRNS, Adam7), and encoding the pixels a keyframe prelude carries. Decoded pixels are straight
 * (un-premultiplied) RGBA8, as a decoder hands them to the browser before it premultiplies.
 * zlib is Node's: on the corpus images fflate's inflate took 200-570 ms where node:zlib took 20-60 ms.
 */
import { deflateSync, inflateSync } from 'node:zlib';

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

export interface PngEncodeOptions {
  /** zlib level 0-9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * Straight RGBA8 -> PNG. Up to 256 distinct colours become a palette image (with tRNS when some are
 * translucent), as guacd does for terminal-like screens; otherwise RGB when opaque, else RGBA, with
 * each row's filter chosen by the smallest sum of absolute differences (libpng's heuristic).
 */
export function encodePng(img: RgbaImage, opts: PngEncodeOptions = {}): Uint8Array {
  const { width, height, data } = img;
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, (width * height) | 0);
  const paletteIndex = new Map<number, number>();
  let opaque = true;
  // Screens repeat their neighbour's colour: look a colour up only when it changes.
  let previous = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === previous) continue;
    previous = w;
    if (w >>> 24 !== 255) opaque = false;
    if (paletteIndex.size <= 256 && !paletteIndex.has(w)) paletteIndex.set(w, paletteIndex.size);
  }
  const chunks: Uint8Array[] = [];
  let colourType: number;
  let bpp: number;
  let raw: Uint8Array;
  if (paletteIndex.size <= 256) {
    colourType = 3;
    bpp = 1;
    const plte = new Uint8Array(paletteIndex.size * 3);
    const trns = new Uint8Array(paletteIndex.size);
    let lastTranslucent = -1;
    for (const [w, i] of paletteIndex) {
      plte[3 * i] = w & 255;
      plte[3 * i + 1] = (w >>> 8) & 255;
      plte[3 * i + 2] = (w >>> 16) & 255;
      trns[i] = w >>> 24;
      if (w >>> 24 !== 255) lastTranslucent = i;
    }
    chunks.push(chunk('PLTE', plte));
    if (lastTranslucent >= 0) chunks.push(chunk('tRNS', trns.subarray(0, lastTranslucent + 1)));
    raw = new Uint8Array((width + 1) * height);
    let lastWord = -1;
    let lastIndex = 0;
    for (let y = 0, o = 0, i = 0; y < height; y++) {
      raw[o++] = 0;
      for (let x = 0; x < width; x++) {
        const w = words[i++]!;
        if (w !== lastWord) {
          lastWord = w;
          lastIndex = paletteIndex.get(w)!;
        }
        raw[o++] = lastIndex;
      }
    }
  } else {
    colourType = opaque ? 2 : 6;
    bpp = opaque ? 3 : 4;
    raw = filterRows(data, width, height, bpp);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  const idat = deflateSync(raw, { level: opts.level ?? 6 });
  const parts = [new Uint8Array(SIGNATURE), chunk('IHDR', ihdr), ...chunks, chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const total = parts.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of parts) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function filterRows(rgba: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array((stride + 1) * height);
  let prev = new Uint8Array(stride);
  let cur = new Uint8Array(stride);
  const candidate = new Uint8Array(stride);
  const best = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0, s = y * width * 4, d = 0; x < width; x++, s += 4) {
      cur[d++] = rgba[s]!;
      cur[d++] = rgba[s + 1]!;
      cur[d++] = rgba[s + 2]!;
      if (bpp === 4) cur[d++] = rgba[s + 3]!;
    }
    let bestSum = Infinity;
    let bestFilter = 0;
    for (let f = 0; f < 5; f++) {
      let sum = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? cur[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        let pred = 0;
        if (f === 1) pred = a;
        else if (f === 2) pred = b;
        else if (f === 3) pred = (a + b) >> 1;
        else if (f === 4) {
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        const value = (cur[i]! - pred) & 255;
        candidate[i] = value;
        sum += value < 128 ? value : 256 - value;
        if (sum >= bestSum) break;
      }
      if (sum < bestSum) {
        bestSum = sum;
        bestFilter = f;
        best.set(candidate);
      }
    }
    const o = y * (stride + 1);
    out[o] = bestFilter;
    out.set(best, o + 1);
    const t = prev;
    prev = cur;
    cur = t;
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 255]! ^ (crc >>> 8);
  return crc;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  v.setUint32(8 + body.length, (crc32(out.subarray(4, 8 + body.length)) ^ 0xffffffff) >>> 0);
  return out;
}
