/**
 * PNG encoding for keyframe preludes: a palette image when there are at most 256 colours (as guacd does
 * for terminal-like screens), else RGB or RGBA; zlib from Node.
 */
import { deflateSync } from 'node:zlib';
import type { RgbaImage } from './png';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export interface PngEncodeOptions {
  /** zlib level 0-9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * Straight RGBA8 -> PNG. Up to 256 distinct colours become a palette image at the least bit depth that
 * holds them (with tRNS when some are translucent), as guacd does for terminal-like screens; otherwise
 * RGB when opaque, else RGBA. Rows are not filtered: on screen content the best per-row filters (libpng's
 * heuristic, five trial passes a row) saved ~15% over none at several times the cost, and the prelude
 * is written for every chunk of a recording.
 */
export function encodePng(img: RgbaImage, opts: PngEncodeOptions = {}): Uint8Array {
  const { width, height, data } = img;
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, (width * height) | 0);
  const palette = findPalette(words);
  const chunks: Uint8Array[] = [];
  let colourType: number;
  let depth = 8;
  let raw: Uint8Array;
  if (palette) {
    colourType = 3;
    const n = palette.colours.length;
    depth = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
    const plte = new Uint8Array(n * 3);
    const trns = new Uint8Array(n);
    let lastTranslucent = -1;
    for (const [i, w] of palette.colours.entries()) {
      plte[3 * i] = w & 255;
      plte[3 * i + 1] = (w >>> 8) & 255;
      plte[3 * i + 2] = (w >>> 16) & 255;
      trns[i] = w >>> 24;
      if (w >>> 24 !== 255) lastTranslucent = i;
    }
    chunks.push(chunk('PLTE', plte));
    if (lastTranslucent >= 0) chunks.push(chunk('tRNS', trns.subarray(0, lastTranslucent + 1)));
    raw = paletteRows(words, width, height, depth, palette);
  } else {
    let opaque = true;
    // Alpha 255: the top byte of the word is all ones.
    for (let i = 0; i < words.length && opaque; i++) opaque = words[i]! >> 24 === -1;
    colourType = opaque ? 2 : 6;
    raw = opaque ? rgbRows(words, width, height) : rgbaRows(aligned, width, height);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = depth;
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

const TABLE_SLOTS = 1024;

interface Palette {
  /** Colours (RGBA words, as signed 32-bit) in order of first appearance. */
  colours: number[];
  /** Open addressing: keys and their palette index + 1 (0 = empty slot). */
  keys: Int32Array;
  indexes: Uint16Array;
}

// Pixels are read as signed 32-bit words: V8 keeps those in integer registers, while a Uint32Array
// element above 2^31 becomes a double, which made these loops several times slower.

/** The image's colours if there are at most 256, else null (stops at the 257th). */
function findPalette(words: Int32Array): Palette | null {
  const p: Palette = { colours: [], keys: new Int32Array(TABLE_SLOTS), indexes: new Uint16Array(TABLE_SLOTS) };
  // Screens repeat their neighbour's colour: look a colour up only when it changes.
  let previous = 0;
  let first = true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === previous && !first) continue;
    first = false;
    previous = w;
    if (lookup(p, w) >= 0) continue;
    if (p.colours.length === 256) return null;
    insert(p, w);
  }
  return p;
}

function slotOf(w: number): number {
  return Math.imul(w, 0x9e3779b1) >>> 22;
}

function lookup(p: Palette, w: number): number {
  for (let s = slotOf(w); ; s = (s + 1) & (TABLE_SLOTS - 1)) {
    const index = p.indexes[s]!;
    if (index === 0) return -1;
    if (p.keys[s] === w) return index - 1;
  }
}

function insert(p: Palette, w: number): void {
  let s = slotOf(w);
  while (p.indexes[s] !== 0) s = (s + 1) & (TABLE_SLOTS - 1);
  p.keys[s] = w;
  p.colours.push(w);
  p.indexes[s] = p.colours.length;
}

/** Filter byte 0 (None) and the palette indexes packed at `depth` bits, each row from a fresh byte. */
function paletteRows(words: Int32Array, width: number, height: number, depth: number, palette: Palette): Uint8Array {
  const stride = Math.ceil((width * depth) / 8);
  const raw = new Uint8Array((stride + 1) * height);
  let lastWord = words[0]!;
  let lastIndex = lookup(palette, lastWord);
  for (let y = 0, i = 0; y < height; y++) {
    let o = y * (stride + 1) + 1;
    let bits = 0;
    let acc = 0;
    for (let x = 0; x < width; x++) {
      const w = words[i++]!;
      if (w !== lastWord) {
        lastWord = w;
        lastIndex = lookup(palette, w);
      }
      acc = (acc << depth) | lastIndex;
      bits += depth;
      if (bits === 8) {
        raw[o++] = acc;
        acc = 0;
        bits = 0;
      }
    }
    if (bits > 0) raw[o] = acc << (8 - bits);
  }
  return raw;
}

function rgbRows(words: Int32Array, width: number, height: number): Uint8Array {
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0, i = 0, o = 0; y < height; y++) {
    raw[o++] = 0;
    for (let x = 0; x < width; x++, o += 3) {
      const w = words[i++]!;
      raw[o] = w;
      raw[o + 1] = w >>> 8;
      raw[o + 2] = w >>> 16;
    }
  }
  return raw;
}

function rgbaRows(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return raw;
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
