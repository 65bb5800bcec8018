/**
 * PNG encoding for keyframe preludes: a palette image when there are at most 256 colours (as guacd does
 * for terminal-like screens), else RGB or RGBA; zlib from Node.
 */
import { deflateSync } from 'node:zlib';
import type { RgbaImage } from './png';
import { UNPREMUL } from './pixel-math';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * The rows to deflate, reused from one encoding to the next (a prelude encodes bands of 64 rows many
 * times a second; a fresh buffer each time was a quarter of what the keyframe pass allocated).
 */
let rowScratch = new Uint8Array(0);
/** Rows larger than this (a whole big screen at once) get a buffer of their own rather than a kept one. */
const MAX_ROW_SCRATCH_BYTES = 4 * 1024 * 1024;
function rowBuffer(bytes: number): Uint8Array {
  if (bytes > MAX_ROW_SCRATCH_BYTES) return new Uint8Array(bytes);
  if (rowScratch.length < bytes) rowScratch = new Uint8Array(Math.min(MAX_ROW_SCRATCH_BYTES, Math.max(bytes, rowScratch.length * 2)));
  return rowScratch.subarray(0, bytes);
}

export interface PngEncodeOptions {
  /** zlib level 0-9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** Pixels as 32-bit words (RGBA in memory order) inside a larger row-major buffer. */
export interface WordRect {
  words: Int32Array;
  /** Words per row of the buffer. */
  stride: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Premultiplied (a canvas): the PNG gets what getImageData would give, which decodes back exactly. */
  premultiplied: boolean;
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
  return encodeWords({ words, stride: width, x: 0, y: 0, width, height, premultiplied: false }, opts)!;
}

/**
 * A rectangle of a canvas -> PNG, read in place (no straight copy first: a palette's colours are
 * un-premultiplied once each); null when every pixel is transparent black.
 */
export function encodeCanvasRect(rect: Omit<WordRect, 'premultiplied'>, opts: PngEncodeOptions = {}): Uint8Array | null {
  return encodeWords({ ...rect, premultiplied: true }, opts, true);
}

function encodeWords(r: WordRect, opts: PngEncodeOptions, nullIfClear = false): Uint8Array | null {
  const palette = findPalette(r);
  if (nullIfClear && palette && palette.colours.length === 1 && palette.colours[0] === 0) return null;
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
    for (const [i, word] of palette.colours.entries()) {
      const w = r.premultiplied ? straight(word) : word;
      plte[3 * i] = w & 255;
      plte[3 * i + 1] = (w >>> 8) & 255;
      plte[3 * i + 2] = (w >>> 16) & 255;
      trns[i] = w >>> 24;
      if (w >>> 24 !== 255) lastTranslucent = i;
    }
    chunks.push(chunk('PLTE', plte));
    if (lastTranslucent >= 0) chunks.push(chunk('tRNS', trns.subarray(0, lastTranslucent + 1)));
    raw = paletteRows(r, depth, palette);
  } else {
    const opaque = allOpaque(r);
    colourType = opaque ? 2 : 6;
    raw = opaque ? rgbRows(r) : rgbaRows(r);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, r.width);
  v.setUint32(4, r.height);
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

/** A premultiplied pixel as getImageData un-premultiplies it (opaque and clear ones are the same). */
function straight(p: number): number {
  const a = p >>> 24;
  if (a === 255) return p;
  if (a === 0) return 0;
  const row = a << 8;
  return (a << 24) | (UNPREMUL[row | ((p >>> 16) & 255)]! << 16) | (UNPREMUL[row | ((p >>> 8) & 255)]! << 8) | UNPREMUL[row | (p & 255)]!;
}

function allOpaque(r: WordRect): boolean {
  for (let y = 0; y < r.height; y++) {
    // Alpha 255: the top byte of the word is all ones.
    for (let i = (r.y + y) * r.stride + r.x, end = i + r.width; i < end; i++) if (r.words[i]! >> 24 !== -1) return false;
  }
  return true;
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

const paletteKeys = new Int32Array(TABLE_SLOTS);
const paletteIndexes = new Uint16Array(TABLE_SLOTS);

/** The image's colours if there are at most 256, else null (stops at the 257th). Valid until the next call. */
function findPalette(r: WordRect): Palette | null {
  const p: Palette = { colours: [], keys: paletteKeys, indexes: paletteIndexes.fill(0) };
  const words = r.words;
  // Screens repeat their neighbour's colour: look a colour up only when it changes.
  let previous = words[r.y * r.stride + r.x]!;
  insert(p, previous);
  for (let y = 0; y < r.height; y++) {
    for (let i = (r.y + y) * r.stride + r.x, end = i + r.width; i < end; i++) {
      const w = words[i]!;
      if (w === previous) continue;
      previous = w;
      if (lookup(p, w) >= 0) continue;
      if (p.colours.length === 256) return null;
      insert(p, w);
    }
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
function paletteRows(r: WordRect, depth: number, palette: Palette): Uint8Array {
  const stride = Math.ceil((r.width * depth) / 8);
  const raw = rowBuffer((stride + 1) * r.height);
  const words = r.words;
  let lastWord = palette.colours[0]!;
  let lastIndex = 0;
  for (let y = 0; y < r.height; y++) {
    raw[y * (stride + 1)] = 0;
    let o = y * (stride + 1) + 1;
    let bits = 0;
    let acc = 0;
    for (let i = (r.y + y) * r.stride + r.x, end = i + r.width; i < end; i++) {
      const w = words[i]!;
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

function rgbRows(r: WordRect): Uint8Array {
  const raw = rowBuffer((r.width * 3 + 1) * r.height);
  for (let y = 0, o = 0; y < r.height; y++) {
    raw[o++] = 0;
    for (let i = (r.y + y) * r.stride + r.x, end = i + r.width; i < end; i++, o += 3) {
      const w = r.words[i]!;
      raw[o] = w;
      raw[o + 1] = w >>> 8;
      raw[o + 2] = w >>> 16;
    }
  }
  return raw;
}

function rgbaRows(r: WordRect): Uint8Array {
  const raw = rowBuffer((r.width * 4 + 1) * r.height);
  const out = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let y = 0, o = 0; y < r.height; y++) {
    raw[o++] = 0;
    for (let i = (r.y + y) * r.stride + r.x, end = i + r.width; i < end; i++, o += 4) out.setInt32(o, r.premultiplied ? straight(r.words[i]!) : r.words[i]!, true);
  }
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
