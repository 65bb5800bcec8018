/**
 * PNG encoding for keyframe preludes: a palette image when there are at most 256 colours (as guacd does
 * for terminal-like screens), else RGB or RGBA with per-row filters; zlib from Node.
 */
import { deflateSync } from 'node:zlib';
import type { RgbaImage } from './png';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

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
