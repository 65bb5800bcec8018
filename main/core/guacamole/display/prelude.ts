/**
 * The prelude: Guacamole protocol text that, fed to a fresh Guacamole.Client, rebuilds the software
 * display's current state: every layer and buffer (size, pixels as a PNG drawn with SRC, the layer tree
 * in the same sibling order, position, z, opacity, distortion), the composite operation each layer is
 * left with, image streams still open, the cursor (image and hotspot) and the mouse position.
 *
 * Each layer's operation is set twice: before its canvas is allocated (the context saves it then, and
 * `reset` or a resize within the same canvas returns to it) and at the end, with the context's stack:
 * every pushed state and the current one (operation, transform, clip as rectangles of its pixels).
 *
 * Not rebuilt: a path left unfilled at the frame boundary (guacd never leaves one), and a buffer's clip
 * beyond its size (a `rect` there would grow the buffer): it is cut to the size.
 */
import { encodeInstruction } from '../../../../shared/formats/guacamole/encode';
import { OP_COPY, OP_SOURCE_OVER } from './compositing';
import type { DrawState, Layer } from './layer';
import { IDENTITY } from './path';
import { encodePng } from './png';
import { unpremultiplyInto } from './pixel-math';
import type { SoftDisplay } from './soft-display';

export interface PreludeOptions {
  /** End with `sync,<timestamp>` so a client draws the state at once (otherwise the next frame's sync does). */
  syncTimestamp?: number;
  /** zlib level of the PNGs (default 6). */
  pngLevel?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** Base64 characters per `blob` (a multiple of 4, so each blob decodes on its own). */
const BLOB_CHARS = 65536;
const PRELUDE_STREAM = 0;

export function buildPrelude(d: SoftDisplay, options: PreludeOptions = {}): string {
  const out: string[] = [];
  const emit = (opcode: string, ...args: (string | number)[]) => out.push(encodeInstruction(opcode, args));
  const indexOf = new Map<Layer, number>();
  for (const [index, layer] of d.layers) indexOf.set(layer, index);
  const visible = [...d.layers].filter(([i]) => i > 0).sort((a, b) => a[1].appendSeq - b[1].appendSeq);
  const buffers = [...d.layers].filter(([i]) => i < 0);
  let maxIndex = 0;
  let minIndex = 0;
  for (const i of d.layers.keys()) {
    maxIndex = Math.max(maxIndex, i);
    minIndex = Math.min(minIndex, i);
  }

  const drawPixels = (index: number, layer: Layer, level: PreludeOptions['pngLevel']): boolean => {
    const encoded = encodedLayer(d.pngCache, layer, level);
    if (!encoded) {
      emit('size', index, layer.width, layer.height);
      return false;
    }
    // Pixels beyond the layer's size but inside its canvas count too (copies and flatten read them).
    emit('size', index, encoded.width, encoded.height);
    emitImage(emit, index, encoded.base64);
    if (encoded.width !== layer.width || encoded.height !== layer.height) emit('size', index, layer.width, layer.height);
    return true;
  };

  // A copy of nothing sets a layer's operation (creating the layer if needed) and draws nothing.
  const setOp = (index: number, op: number) => emit('copy', index, 0, 0, 0, 0, op, index, 0, 0);

  // 1. The default layer, then every visible layer (created in sibling order), then buffers.
  const drawn = new Set<Layer>();
  if (d.defaultLayer.baseOp !== OP_SOURCE_OVER) setOp(0, d.defaultLayer.baseOp);
  if (drawPixels(0, d.defaultLayer, options.pngLevel)) drawn.add(d.defaultLayer);
  for (const [index, layer] of visible) setOp(index, layer.baseOp);
  for (const [index, layer] of buffers) setOp(index, layer.baseOp);
  for (const [index, layer] of [...visible, ...buffers]) if (drawPixels(index, layer, options.pngLevel)) drawn.add(layer);

  // 2. The tree: moves in the order the layers were appended to their parents.
  let tempParent = maxIndex;
  const temps: number[] = [];
  const orphanParents = new Map<Layer, number>();
  for (const [index, layer] of visible) {
    const parent = layer.parent;
    let parentIndex = parent ? indexOf.get(parent) : undefined;
    if (parentIndex === undefined) {
      // Under a disposed layer (or detached): invisible until moved again; park it under a temporary layer.
      const key = parent ?? layer;
      parentIndex = orphanParents.get(key);
      if (parentIndex === undefined) {
        parentIndex = ++tempParent;
        orphanParents.set(key, parentIndex);
        temps.push(parentIndex);
      }
    }
    emit('move', index, parentIndex, layer.x, layer.y, layer.z);
  }
  for (const [index, layer] of [[0, d.defaultLayer] as const, ...visible]) {
    if (layer.alpha !== 255) emit('shade', index, layer.alpha);
    if (layer.distortion.some((v, i) => v !== [1, 0, 0, 1, 0, 0][i])) emit('distort', index, ...layer.distortion);
  }
  for (const t of temps) emit('dispose', t);

  // 3. The cursor, through a temporary buffer.
  if (d.cursorSet) {
    const temp = minIndex - 1;
    const w = d.cursor.width;
    const h = d.cursor.height;
    if (w > 0 && h > 0 && hasContent(d.cursor, w, h)) emitImage(emit, temp, pngBase64(pixelsOf(d.cursor, w, h), options.pngLevel));
    emit('cursor', d.cursorHotspotX, d.cursorHotspotY, temp, 0, 0, w, h);
    emit('dispose', temp);
  }

  // 4. Image streams still open, before the operations (their `img` sets the layer's operation again).
  for (const s of d.streams.values()) {
    const index = indexOf.get(s.layer);
    if (index === undefined) continue;
    emit('img', s.index, s.mask, index, s.mimetype, s.x, s.y);
    for (const blob of s.blobs) emit('blob', s.index, blob);
  }

  // 5. Each layer's context: pushed states, then the current one.
  for (const [index, layer] of d.layers) {
    const encoded = drawn.has(layer) ? encodedLayer(d.pngCache, layer, options.pngLevel) : null;
    const resizedAfterDraw = !!encoded && (encoded.width !== layer.width || encoded.height !== layer.height);
    let current: DrawState = { op: encoded && !resizedAfterDraw ? OP_COPY : layer.baseOp, matrix: [...IDENTITY], clip: null };
    const levels = layer.stateLevels;
    for (const [k, level] of levels.entries()) {
      if (level.clip && level.clip !== current.clip) {
        if (!isIdentity(current.matrix)) emit('identity', index);
        current = { ...current, matrix: [...IDENTITY] };
        const w = layer.autosize ? Math.min(layer.width, layer.canvasWidth) : layer.canvasWidth;
        const h = layer.autosize ? Math.min(layer.height, layer.canvasHeight) : layer.canvasHeight;
        for (const [x, y, rw, rh] of maskRects(level.clip, layer.canvasWidth, w, h)) emit('rect', index, x, y, rw, rh);
        emit('clip', index);
      }
      if (level.matrix.some((v, i) => v !== current.matrix[i])) {
        emit('identity', index);
        if (!isIdentity(level.matrix)) emit('transform', index, ...level.matrix);
      }
      if (level.op !== current.op) setOp(index, level.op);
      current = level;
      if (k < levels.length - 1) emit('push', index);
    }
  }

  if (d.mouse) emit('mouse', d.mouse.x, d.mouse.y, 0, 0);
  if (options.syncTimestamp !== undefined) emit('sync', options.syncTimestamp);
  return out.join('');
}

export interface EncodedLayer {
  version: number;
  level: number;
  width: number;
  height: number;
  base64: string;
}

/** The layer's pixels as a PNG (cached while the layer does not change), or null when all transparent. */
function encodedLayer(cache: WeakMap<Layer, EncodedLayer | null>, layer: Layer, level: PreludeOptions['pngLevel']): EncodedLayer | null {
  const cached = cache.get(layer);
  if (cached !== undefined && (cached === null ? false : cached.version === layer.version && cached.level === (level ?? 6))) return cached;
  const extent = contentExtent(layer);
  const encoded = extent ? { version: layer.version, level: level ?? 6, ...extent, base64: pngBase64(pixelsOf(layer, extent.width, extent.height), level) } : null;
  cache.set(layer, encoded);
  return encoded;
}

function pngBase64(img: { width: number; height: number; data: Uint8Array }, level: PreludeOptions['pngLevel']): string {
  return Buffer.from(encodePng(img, level === undefined ? {} : { level })).toString('base64');
}

function emitImage(emit: (opcode: string, ...args: (string | number)[]) => void, index: number, base64: string): void {
  emit('img', PRELUDE_STREAM, OP_COPY, index, 'image/png', 0, 0);
  for (let i = 0; i < base64.length; i += BLOB_CHARS) emit('blob', PRELUDE_STREAM, base64.slice(i, i + BLOB_CHARS));
  emit('end', PRELUDE_STREAM);
}

/** The area to encode: the layer's size, or its whole canvas when something is drawn beyond the size. Null if all transparent. */
function contentExtent(layer: Layer): { width: number; height: number } | null {
  if (layer.empty || !layer.allocated || layer.canvasWidth === 0 || layer.canvasHeight === 0) return null;
  const words = new Uint32Array(layer.pixels.buffer, layer.pixels.byteOffset, layer.pixels.length >> 2);
  let inside = false;
  let outside = false;
  const w = Math.min(layer.width, layer.canvasWidth);
  const h = Math.min(layer.height, layer.canvasHeight);
  for (let y = 0; y < layer.canvasHeight; y++) {
    const row = y * layer.canvasWidth;
    for (let x = 0; x < layer.canvasWidth; x++) {
      if (words[row + x] === 0) continue;
      if (x < w && y < h) inside = true;
      else {
        outside = true;
        break;
      }
    }
    if (outside) break;
  }
  if (outside) return { width: layer.canvasWidth, height: layer.canvasHeight };
  return inside ? { width: layer.width, height: layer.height } : null;
}

function hasContent(layer: Layer, w: number, h: number): boolean {
  if (!layer.allocated) return false;
  for (let y = 0; y < Math.min(h, layer.canvasHeight); y++) {
    for (let x = 0; x < Math.min(w, layer.canvasWidth); x++) if (layer.pixels[(y * layer.canvasWidth + x) * 4 + 3] !== 0) return true;
  }
  return false;
}

/** Straight RGBA of the top-left w x h, as getImageData would give (PNG decode premultiplies it back exactly). */
function pixelsOf(layer: Layer, w: number, h: number): { width: number; height: number; data: Uint8Array } {
  const premul = new Uint8Array(w * h * 4);
  for (let y = 0; y < Math.min(h, layer.canvasHeight); y++) {
    const start = y * layer.canvasWidth * 4;
    premul.set(layer.pixels.subarray(start, start + Math.min(w, layer.canvasWidth) * 4), y * w * 4);
  }
  const data = new Uint8Array(premul.length);
  unpremultiplyInto(premul, data);
  return { width: w, height: h, data };
}

function isIdentity(m: readonly number[]): boolean {
  return m.every((v, i) => v === IDENTITY[i]);
}

/** The clip mask (1 byte per canvas pixel) inside w x h as rectangles: runs per row, merged down while equal. */
function maskRects(mask: Uint8Array, stride: number, w: number, h: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  let open = new Map<string, [number, number, number, number]>();
  for (let y = 0; y <= h; y++) {
    const next = new Map<string, [number, number, number, number]>();
    if (y < h) {
      for (let x = 0; x < w; ) {
        if (!mask[y * stride + x]) {
          x++;
          continue;
        }
        const start = x;
        while (x < w && mask[y * stride + x]) x++;
        const key = `${start}:${x}`;
        const rect = open.get(key);
        if (rect) {
          rect[3]++;
          open.delete(key);
          next.set(key, rect);
        } else next.set(key, [start, y, x - start, 1]);
      }
    }
    for (const rect of open.values()) out.push(rect);
    open = next;
  }
  return out;
}
