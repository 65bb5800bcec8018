/**
 * The prelude: Guacamole protocol text that, fed to a fresh Guacamole.Client, rebuilds the software
 * display's current state: every layer and buffer (size, pixels as PNG bands, see prelude-layers.ts, the
 * layer tree in the same sibling order, position, z, opacity, distortion), the composite operation each
 * layer is left with, image streams still open, the cursor (image and hotspot) and the mouse position.
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
import { canvasPng, encodedLayer, type BandsSeen, type PngLevel } from './prelude-layers';
import type { SoftDisplay } from './soft-display';

export interface PreludeOptions {
  /** End with `sync,<timestamp>` so a client draws the state at once (otherwise the next frame's sync does). */
  syncTimestamp?: number;
  /** zlib level of the PNGs (default DEFAULT_PNG_LEVEL). */
  pngLevel?: PngLevel;
}

/** Base64 characters per `blob` (a multiple of 4, so each blob decodes on its own). */
const BLOB_CHARS = 65536;
const PRELUDE_STREAM = 0;
/** Level 3: about as fast as 1 on screens and ~5% smaller; 6 is ~20% smaller at twice the time. */
const DEFAULT_PNG_LEVEL: PngLevel = 3;

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

  const level = options.pngLevel ?? DEFAULT_PNG_LEVEL;
  /** The operation each drawn layer is left with by its last band. */
  const drawnOp = new Map<Layer, number>();
  const seen: BandsSeen = new Map();
  const drawPixels = (index: number, layer: Layer): void => {
    const encoded = encodedLayer(d.pngCache, layer, level, seen);
    if (!encoded) {
      emit('size', index, layer.width, layer.height);
      return;
    }
    // Pixels beyond the layer's size but inside its canvas count too (copies and flatten read them).
    emit('size', index, encoded.width, encoded.height);
    for (const [k, band] of encoded.bands.entries()) emitImage(emit, index, k === 0 ? OP_COPY : OP_SOURCE_OVER, band.y, band.base64);
    if (encoded.width !== layer.width || encoded.height !== layer.height) emit('size', index, layer.width, layer.height);
    else drawnOp.set(layer, encoded.bands.length === 1 ? OP_COPY : OP_SOURCE_OVER);
  };

  // A copy of nothing sets a layer's operation (creating the layer if needed) and draws nothing.
  const setOp = (index: number, op: number) => emit('copy', index, 0, 0, 0, 0, op, index, 0, 0);

  // 1. The default layer, then every visible layer (created in sibling order), then buffers.
  if (d.defaultLayer.baseOp !== OP_SOURCE_OVER) setOp(0, d.defaultLayer.baseOp);
  drawPixels(0, d.defaultLayer);
  for (const [index, layer] of visible) setOp(index, layer.baseOp);
  for (const [index, layer] of buffers) setOp(index, layer.baseOp);
  for (const [index, layer] of [...visible, ...buffers]) drawPixels(index, layer);
  d.pngCache.keepOnly(new Set(d.layers.values()));

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
    const png = w > 0 && h > 0 && w <= d.cursor.canvasWidth && h <= d.cursor.canvasHeight && d.cursor.allocated ? canvasPng(d.cursor, 0, 0, w, h, level) : null;
    if (png) emitImage(emit, temp, OP_COPY, 0, png);
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
    // Drawing left the layer with its last band's operation, unless a resize after it reset the context.
    let current: DrawState = { op: drawnOp.get(layer) ?? layer.baseOp, matrix: [...IDENTITY], clip: null };
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

function emitImage(emit: (opcode: string, ...args: (string | number)[]) => void, index: number, op: number, y: number, base64: string): void {
  emit('img', PRELUDE_STREAM, op, index, 'image/png', 0, y);
  for (let i = 0; i < base64.length; i += BLOB_CHARS) emit('blob', PRELUDE_STREAM, base64.slice(i, i + BLOB_CHARS));
  emit('end', PRELUDE_STREAM);
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
