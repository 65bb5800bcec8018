/**
 * PNG in both directions: decoding everything guacd (libpng) and cairo write (every colour type and bit
 * depth, tRNS, Adam7), and encoding the pixels a keyframe prelude carries. Decoded pixels are straight
 * (un-premultiplied) RGBA8, as a decoder hands them to the browser before it premultiplies.
 * zlib is Node's: on the corpus images fflate's inflate took 200-570 ms where node:zlib took 20-60 ms.
 */
import { inflateSync } from 'node:zlib';
import { premultiplyInPlace } from './pixel-math';
import { needsPremultiply, rowFormat, unfilterRow, writeRow } from './png-rows';

export { crc32, encodePng, type PngEncodeOptions } from './png-encode';

export interface RgbaImage {
  width: number;
  height: number;
  /** Straight RGBA8, row-major, no padding. */
  data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** A plain image as one pass: [x0, y0, dx, dy]. */
const PLAIN = [[0, 0, 1, 1]] as const;
/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
/** A decoded image larger than this is refused rather than allocated (a hostile IHDR). */
const MAX_PIXELS = 64 * 1024 * 1024;

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

export interface DecodedPng extends RgbaImage {
  /** Every pixel has alpha 255 (false: unknown). */
  opaque: boolean;
}

export interface DecodeOptions {
  premultiply?: boolean;
  /** Where to write the pixels: a buffer of exactly the given bytes, zeroed or not (default: a new one). */
  into?: (bytes: number) => Uint8Array;
}

/**
 * PNG -> RGBA8: straight, or (`premultiply`) premultiplied with exact rounding as Chromium's decoder
 * hands pixels to the canvas, in the same pass for what guacd writes (palette, RGB, RGBA at 8 bits or less).
 */
export function decodePng(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedPng {
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
  const bitsPerPixel = channels * depth;
  const needed = filteredBytes(width, height, bitsPerPixel, interlace !== 0);
  // Output in one buffer of the size the header promises (zlib's default 16 KiB pieces, then joined,
  // allocated twice the image's bytes; one spare byte keeps zlib from starting a second buffer).
  const inflated = inflateSync(joined, { finishFlush: 2 /* Z_SYNC_FLUSH: a cut stream yields what it has */, chunkSize: Math.max(64, needed + 1) });
  // Rows are restored in place; a cut stream's missing rows read as zeros (filter None, black or clear).
  let raw: Uint8Array = inflated;
  if (inflated.length < needed) {
    raw = new Uint8Array(needed);
    raw.set(inflated);
  }
  const out = opts.into ? opts.into(width * height * 4) : new Uint8Array(width * height * 4);
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
  const premultiply = opts.premultiply === true;
  const format = rowFormat(colourType, depth, palette, trns, bitsPerPixel, premultiply);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  // Adam7: seven passes, each a small image whose pixels land on a grid; a plain image is one pass.
  let offset = 0;
  for (const [x0, y0, dx, dy] of interlace === 0 ? PLAIN : ADAM7) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const stride = Math.ceil((pw * bitsPerPixel) / 8);
    for (let y = 0; y < ph; y++, offset += stride + 1) {
      unfilterRow(raw, offset, stride, bpp, y === 0);
      writeRow(format, raw, offset + 1, pw, out, words, (y0 + y * dy) * width + x0, dx);
    }
  }
  if (needsPremultiply(format)) return { width, height, data: out, opaque: premultiplyInPlace(out) };
  return { width, height, data: out, opaque: format.generic ? isOpaque(out) : format.opaque };
}

function isOpaque(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/** Bytes of filtered rows (with their filter bytes) the image needs, all passes of an interlaced one included. */
function filteredBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (Math.ceil((w * bitsPerPixel) / 8) + 1) : 0);
  if (!interlaced) return rows(width, height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) total += rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy));
  return total;
}

