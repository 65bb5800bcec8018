/**
 * A layer's pixels for a prelude: PNGs of bands of BAND_ROWS rows, each re-encoded only when its pixels
 * changed since the last prelude. A recording gets a prelude at every chunk (128 KiB of protocol) and
 * most chunks change a few text rows of a screen, while encoding a whole 1024x768 screen cost ~10-90 ms.
 * Changes are found by comparing the canvas with a copy kept from the last prelude (a native memory
 * compare, ~0.3 ms a screen) rather than by tracking every drawing call, so no write can be missed.
 *
 * Bands are drawn in order: the first with SRC (copy, which clears the rest of the canvas), the others
 * with OVER onto what is then transparent, which stores exactly the same premultiplied values.
 */
import type { Layer } from './layer';
import { releasePixels, takePixels } from './pixel-pool';
import { encodeCanvasRect } from './png-encode';

export const BAND_ROWS = 64;

export type PngLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface EncodedBand {
  /** First row of the band. */
  y: number;
  base64: string;
}

export interface EncodedLayer {
  version: number;
  /** The area encoded: the layer's size, or its whole canvas when something is drawn beyond the size. */
  width: number;
  height: number;
  /** Bands with any visible pixel, top to bottom (at least one). */
  bands: EncodedBand[];
}

/** What a display keeps per layer between preludes. */
export interface LayerPngCache {
  level: number;
  canvasWidth: number;
  canvasHeight: number;
  width: number;
  height: number;
  /** The canvas as last encoded (premultiplied). */
  shadow: Uint8Array;
  /** Per band: its PNG, or null when all transparent. */
  bands: (string | null)[];
  result: EncodedLayer | null;
  version: number;
}

/**
 * Every layer's cache between preludes. Its shadow (a whole canvas) comes from the pixel pool and goes
 * back when the cache is replaced, or at the next prelude once its layer left the display: guacd
 * recordings create and dispose screen-sized buffers all the time, and a fresh 3 MB shadow for each was
 * most of what the keyframe pass allocated (~2 GB per 100 MB of a VNC recording).
 */
export class LayerPngCaches {
  private readonly byLayer = new Map<Layer, LayerPngCache>();

  get(layer: Layer): LayerPngCache | undefined {
    return this.byLayer.get(layer);
  }

  /** A new cache for `layer`, its shadow taken from the pool (the old one, if any, handed back first). */
  create(layer: Layer, fields: Omit<LayerPngCache, 'shadow' | 'bands' | 'result' | 'version'>): LayerPngCache {
    this.delete(layer);
    const c = { ...fields, shadow: takePixels(fields.canvasWidth * fields.canvasHeight * 4), bands: [], result: null, version: -1 };
    this.byLayer.set(layer, c);
    return c;
  }

  delete(layer: Layer): void {
    const c = this.byLayer.get(layer);
    if (!c) return;
    this.byLayer.delete(layer);
    releasePixels(c.shadow);
  }

  /** Forgets every layer that is not in `live` (disposed since the last prelude). */
  keepOnly(live: ReadonlySet<Layer>): void {
    for (const layer of [...this.byLayer.keys()]) if (!live.has(layer)) this.delete(layer);
  }
}

/**
 * Bands met so far in one prelude, by a fingerprint of their pixels: a buffer holding a copy of the
 * screen (VNC recordings keep one) would otherwise encode the same pixels again.
 */
export type BandsSeen = Map<string, { pixels: Buffer; base64: string | null }[]>;

/** The layer's pixels as band PNGs (re-encoding only changed bands), or null when all transparent. */
export function encodedLayer(cache: LayerPngCaches, layer: Layer, level: PngLevel, seen: BandsSeen): EncodedLayer | null {
  let c = cache.get(layer);
  if (c && c.version === layer.version && c.level === level) return c.result;
  const extent = contentExtent(layer);
  if (!extent) {
    cache.delete(layer);
    return null;
  }
  const { canvasWidth: cw, canvasHeight: ch } = layer;
  if (!c || c.level !== level || c.canvasWidth !== cw || c.canvasHeight !== ch || c.width !== extent.width || c.height !== extent.height) {
    c = cache.create(layer, { level, canvasWidth: cw, canvasHeight: ch, ...extent });
  }
  const px = layer.pixels;
  const bands: EncodedBand[] = [];
  for (let b = 0, y = 0; y < extent.height; b++, y += BAND_ROWS) {
    const rows = Math.min(BAND_ROWS, extent.height - y);
    const start = y * cw * 4;
    const end = (y + rows) * cw * 4;
    const current = Buffer.from(px.buffer, px.byteOffset + start, end - start);
    const key = `${extent.width}:${cw}:${fingerprint(current)}`;
    if (c.bands[b] === undefined || !current.equals(Buffer.from(c.shadow.buffer, c.shadow.byteOffset + start, end - start))) {
      const same = seen.get(key)?.find((other) => other.pixels.equals(current));
      c.bands[b] = same ? same.base64 : bandPng(layer, y, extent.width, rows, level);
      c.shadow.set(current, start);
    }
    const base64 = c.bands[b]!;
    remember(seen, key, current, base64);
    if (base64) bands.push({ y, base64 });
  }
  c.version = layer.version;
  c.result = bands.length > 0 ? { version: layer.version, ...extent, bands } : null;
  return c.result;
}

function remember(seen: BandsSeen, key: string, pixels: Buffer, base64: string | null): void {
  const list = seen.get(key);
  if (!list) seen.set(key, [{ pixels, base64 }]);
  else if (!list.some((other) => other.base64 === base64 && other.pixels.length === pixels.length)) list.push({ pixels, base64 });
}

/** A few dozen words spread over the band, and its length: equal bands have equal fingerprints. */
function fingerprint(bytes: Buffer): string {
  const words = bytes.length >> 2;
  let h = words;
  for (let k = 0; k < 64; k++) h = Math.imul(h ^ bytes.readInt32LE(Math.floor((k * (words - 1)) / 63) * 4), 0x01000193);
  return `${words}:${h >>> 0}`;
}

/** One band as a base64 PNG, or null when all its pixels are transparent. */
function bandPng(layer: Layer, y: number, width: number, rows: number, level: PngLevel): string | null {
  return canvasPng(layer, 0, y, width, rows, level);
}

/** A rectangle of a layer's canvas as a base64 PNG (straight values, as getImageData gives), or null when all transparent. */
export function canvasPng(layer: Layer, x: number, y: number, width: number, height: number, level: PngLevel): string | null {
  const w = layer.words;
  const png = encodeCanvasRect({ words: new Int32Array(w.buffer, w.byteOffset, w.length), stride: layer.canvasWidth, x, y, width, height }, { level });
  return png ? Buffer.from(png).toString('base64') : null;
}

/** The area to encode: the layer's size, or its whole canvas when something is drawn beyond the size. Null if all transparent. */
function contentExtent(layer: Layer): { width: number; height: number } | null {
  if (layer.empty || !layer.allocated || layer.canvasWidth === 0 || layer.canvasHeight === 0) return null;
  const words = layer.words;
  let inside = false;
  const w = Math.min(layer.width, layer.canvasWidth);
  const h = Math.min(layer.height, layer.canvasHeight);
  for (let y = 0; y < layer.canvasHeight; y++) {
    const row = y * layer.canvasWidth;
    const last = y < h ? w : 0;
    // Inside the size only whether anything is drawn matters; beyond it, any pixel widens the extent.
    if (!inside) {
      for (let x = 0; x < last; x++) {
        if (words[row + x] !== 0) {
          inside = true;
          break;
        }
      }
    }
    for (let x = last; x < layer.canvasWidth; x++) if (words[row + x] !== 0) return { width: layer.canvasWidth, height: layer.canvasHeight };
  }
  return inside ? { width: layer.width, height: layer.height } : null;
}
