/**
 * One Guacamole layer or buffer as guacamole-common-js 1.5.0's Guacamole.Layer keeps it: a canvas whose
 * size is the layer's rounded up to multiples of 64 (CANVAS_SIZE_FACTOR), premultiplied pixels, the
 * 2D context's state stack (composite operation, transform, clip), the current path and the library's
 * own flags (`empty`, `pathClosed`, the push depth, `autosize` for buffers). Visible layers also carry
 * their place in the layer tree. Method names and order of effects follow Guacamole.Layer.
 */
import { isUnbounded, OP_COPY, OP_SOURCE_OVER, opForMask } from './compositing';
import { IDENTITY, invert, multiply, Path, rasterize, type Matrix } from './path';
import { clipMask, colour, paintSpans, rectSpans, type Source } from './raster';
import type { OpacityMap } from './opacity';
import { Canvas } from './canvas';
import { blitImage, isIntegerTranslation } from './blit';
import { applyTransfer, getImageData, putImageData } from './image-data';

const CANVAS_SIZE_FACTOR = 64;

export interface DrawState {
  op: number;
  matrix: Matrix;
  clip: Uint8Array | null;
}

export interface ImagePixels {
  width: number;
  height: number;
  /** Premultiplied RGBA8. */
  data: Uint8Array;
  /** Known to be all alpha 255 (a decoder says so); unknown otherwise. */
  opaque?: boolean;
  /** A layer's canvas: its pixels as words, what is known of its alpha. */
  words?: Uint32Array;
  opacity?: OpacityMap;
}

export type TransferFunction = (src: Uint8Array, dst: Uint8Array) => void;

let nextUid = 0;

export class Layer extends Canvas {
  /** Order of creation, like VisibleLayer.__unique_id (children are iterated in this order). */
  readonly uid = nextUid++;
  width = 0;
  height = 0;
  /** Bumped on every change of pixels or size: a prelude reuses the PNG of an unchanged layer. */
  version = 0;
  empty = true;
  autosize = false;
  state: DrawState = { op: OP_SOURCE_OVER, matrix: [...IDENTITY], clip: null };
  private saved: DrawState[] = [];
  private stackSize = 0;
  readonly path = new Path();
  pathClosed = true;

  // Visible layers only (Guacamole.Display.VisibleLayer).
  alpha = 255;
  x = 0;
  y = 0;
  z = 0;
  distortion: Matrix = [...IDENTITY];
  parent: Layer | null = null;
  readonly children = new Map<number, Layer>();
  /** When this layer was last appended to a parent's element: siblings with equal z draw in this order. */
  appendSeq = 0;

  constructor(
    width: number,
    height: number,
    readonly visible: boolean,
  ) {
    super();
    // A new canvas is 300x150, so the first resize always reallocates.
    this.canvasWidth = 300;
    this.canvasHeight = 150;
    this.resizeCanvas(width, height);
  }

  resize(width: number, height: number): void {
    if (width !== this.width || height !== this.height) this.resizeCanvas(width, height);
  }

  private resizeCanvas(width: number, height: number): void {
    width = width || 0;
    height = height || 0;
    const cw = Math.max(0, Math.ceil(width / CANVAS_SIZE_FACTOR) * CANVAS_SIZE_FACTOR);
    const ch = Math.max(0, Math.ceil(height / CANVAS_SIZE_FACTOR) * CANVAS_SIZE_FACTOR);
    if (cw !== this.canvasWidth || ch !== this.canvasHeight) {
      this.reallocate(cw, ch, Math.min(this.width, width, cw), Math.min(this.height, height, ch), !this.empty);
      // Setting canvas.width resets the context (state, stack, path); the library restores only the operation.
      this.state = { op: this.state.op, matrix: [...IDENTITY], clip: null };
      this.path.clear();
      this.saved = [];
      this.stackSize = 0;
      this.save();
    } else this.reset();
    this.width = width;
    this.height = height;
    this.version++;
  }

  private fitRect(x: number, y: number, w: number, h: number): void {
    this.resize(Math.max(x + w, this.width), Math.max(y + h, this.height));
  }

  private save(): void {
    this.saved.push({ ...this.state, matrix: [...this.state.matrix] as Matrix });
  }

  private restore(): void {
    const s = this.saved.pop();
    if (s) this.state = s;
  }

  push(): void {
    this.save();
    this.stackSize++;
  }

  pop(): void {
    if (this.stackSize > 0) {
      this.restore();
      this.stackSize--;
    }
  }

  reset(): void {
    while (this.stackSize > 0) {
      this.restore();
      this.stackSize--;
    }
    this.restore();
    this.save();
    this.path.clear();
    this.pathClosed = false;
  }

  setChannelMask(mask: number): void {
    this.state.op = opForMask(mask, this.state.op);
  }

  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.state.matrix = [a, b, c, d, e, f];
  }

  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    this.state.matrix = multiply(this.state.matrix, a, b, c, d, e, f);
  }

  private beginIfClosed(): void {
    if (this.pathClosed) {
      this.path.clear();
      this.pathClosed = false;
    }
  }

  moveTo(x: number, y: number): void {
    this.beginIfClosed();
    if (this.autosize) this.fitRect(x, y, 0, 0);
    this.path.moveTo(this.state.matrix, x, y);
  }

  lineTo(x: number, y: number): void {
    this.beginIfClosed();
    if (this.autosize) this.fitRect(x, y, 0, 0);
    this.path.lineTo(this.state.matrix, x, y);
  }

  arc(x: number, y: number, radius: number, start: number, end: number, negative: boolean): void {
    this.beginIfClosed();
    if (this.autosize) this.fitRect(x, y, 0, 0);
    this.path.arc(this.state.matrix, x, y, radius, start, end, negative);
  }

  curveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void {
    this.beginIfClosed();
    if (this.autosize) this.fitRect(x, y, 0, 0);
    this.path.bezierCurveTo(this.state.matrix, c1x, c1y, c2x, c2y, x, y, invert(this.state.matrix));
  }

  close(): void {
    this.path.closePath();
    this.pathClosed = true;
  }

  rect(x: number, y: number, w: number, h: number): void {
    this.beginIfClosed();
    if (this.autosize) this.fitRect(x, y, w, h);
    this.path.rect(this.state.matrix, x, y, w, h);
  }

  clip(): void {
    this.state.clip = clipMask({ width: this.canvasWidth, height: this.canvasHeight }, rasterize(this.path.polygons(), this.canvasWidth, this.canvasHeight), this.state.clip);
    this.pathClosed = true;
  }

  fillColor(r: number, g: number, b: number, a: number): void {
    const rect = this.path.singleRect();
    const spans = rect ? rectSpans({ width: this.canvasWidth, height: this.canvasHeight }, ...rect) : rasterize(this.path.polygons(), this.canvasWidth, this.canvasHeight);
    this.paint(spans, colour(r, g, b, a));
  }

  strokeColor(cap: string, join: string, thickness: number, r: number, g: number, b: number, a: number): void {
    this.paint(rasterize(this.path.strokePolygons(thickness, cap, join), this.canvasWidth, this.canvasHeight), colour(r, g, b, a));
  }

  /** A pattern fill repeats the source canvas (its whole 64-rounded canvas) from the origin. */
  fillLayer(src: Layer): void {
    if (src.canvasWidth === 0 || src.canvasHeight === 0) return;
    // A layer filling with its own pixels reads them as they were before the fill.
    const data = src === this ? src.pixels.slice() : src.pixels;
    const sw = src.canvasWidth;
    const sh = src.canvasHeight;
    const m = this.state.matrix;
    const source: Source = { kind: 'pixels', pattern: true, data, index: (x, y) => (mod(x - Math.round(m[4]), sw) + mod(y - Math.round(m[5]), sh) * sw) * 4 };
    this.paint(rasterize(this.path.polygons(), this.canvasWidth, this.canvasHeight), source);
  }

  private paint(spans: Int32Array, source: Source): void {
    if (this.canvasWidth > 0 && this.canvasHeight > 0) {
      paintSpans(this.writable(...this.spansArea(spans)), spans, source, this.state.op, this.state.clip);
    }
    this.empty = false;
    this.version++;
    this.pathClosed = true;
  }

  /** What painting the spans may change: their bounding box, or the whole canvas for an unbounded operation. */
  private spansArea(spans: Int32Array): [number, number, number, number] {
    if (isUnbounded(this.state.op)) return [0, 0, this.canvasWidth, this.canvasHeight];
    let x0 = this.canvasWidth;
    let x1 = 0;
    for (let k = 0; k < spans.length; k += 3) {
      x0 = Math.min(x0, spans[k + 1]!);
      x1 = Math.max(x1, spans[k + 2]!);
    }
    // Spans come in row order.
    return spans.length > 0 ? [x0, spans[0]!, x1, spans[spans.length - 3]! + 1] : [0, 0, 0, 0];
  }

  drawImage(x: number, y: number, img: ImagePixels): void {
    if (this.autosize) this.fitRect(x, y, img.width, img.height);
    this.blit(img, 0, 0, img.width, img.height, x, y);
    this.empty = false;
    this.version++;
  }

  copy(src: Layer, sx: number, sy: number, sw: number, sh: number, x: number, y: number): void {
    if (sx >= src.canvasWidth || sy >= src.canvasHeight) return;
    if (sx + sw > src.canvasWidth) sw = src.canvasWidth - sx;
    if (sy + sh > src.canvasHeight) sh = src.canvasHeight - sy;
    if (sw === 0 || sh === 0) return;
    if (this.autosize) this.fitRect(x, y, sw, sh);
    const m = this.state.matrix;
    if (!this.state.clip && isIntegerTranslation(m) && (this.state.op === OP_COPY || this.state.op === OP_SOURCE_OVER) && this.deferCopy(src, sx, sy, sw, sh, x + m[4], y + m[5], this.state.op)) {
      // Carried out when its rows are next needed (see canvas.ts).
    } else if (src === this && !isIntegerTranslation(m)) {
      // drawImage reads a snapshot: a layer copying onto itself sees its pixels from before the copy
      // (one-to-one draws get that from their visiting order, see blit.ts; this one needs a copy).
      const x0 = Math.max(0, sx);
      const y0 = Math.max(0, sy);
      const w = Math.max(0, sx + sw - x0);
      const h = Math.max(0, Math.min(sy + sh, this.canvasHeight) - y0);
      const data = new Uint8Array(w * h * 4);
      for (let row = 0; row < h; row++) data.set(this.pixels.subarray(((y0 + row) * this.canvasWidth + x0) * 4, ((y0 + row) * this.canvasWidth + x0 + w) * 4), row * w * 4);
      this.blit({ width: w, height: h, data }, sx - x0, sy - y0, sw, sh, x, y);
    } else this.blit(src.asImage(), sx, sy, sw, sh, x, y);
    this.empty = false;
    this.version++;
  }

  /** transfer and put go through getImageData / putImageData: straight values, no operation, no clip. */
  transfer(src: Layer, sx: number, sy: number, sw: number, sh: number, x: number, y: number, fn: TransferFunction | null): void {
    if (sx >= src.canvasWidth || sy >= src.canvasHeight) return;
    if (sx + sw > src.canvasWidth) sw = src.canvasWidth - sx;
    if (sy + sh > src.canvasHeight) sh = src.canvasHeight - sy;
    if (sw === 0 || sh === 0) return;
    if (this.autosize) this.fitRect(x, y, sw, sh);
    const from = src.getImageData(sx, sy, sw, sh);
    const out = fn ? this.getImageData(x, y, sw, sh) : from;
    if (fn) applyTransfer(from, out, fn);
    this.putImageData(out, sw, sh, x, y);
    this.empty = false;
    this.version++;
  }

  getImageData(x: number, y: number, w: number, h: number): Uint8Array {
    return getImageData(this.readable(), x, y, w, h);
  }

  private putImageData(data: Uint8Array, w: number, h: number, x: number, y: number): void {
    putImageData(this.writable(x, y, x + w, y + h), data, w, h, x, y);
  }

  private blit(img: ImagePixels, sx: number, sy: number, sw: number, sh: number, x: number, y: number): void {
    if (this.canvasWidth === 0 || this.canvasHeight === 0) return;
    const m = this.state.matrix;
    // Where a one-to-one draw lands; any other transform, or an unbounded operation, may change everything.
    const bounded = isIntegerTranslation(m) && !isUnbounded(this.state.op);
    const s = bounded ? this.writable(x + m[4], y + m[5], x + m[4] + sw, y + m[5] + sh) : this.writable(0, 0, this.canvasWidth, this.canvasHeight);
    blitImage(s, img, sx, sy, sw, sh, x, y, m, this.state.op, this.state.clip);
  }

  asImage(): ImagePixels {
    const s = this.readable();
    return { width: s.width, height: s.height, data: s.pixels, words: s.words, opacity: this.opacity };
  }

  get op(): number {
    return this.state.op;
  }

  /** The states pushed above the base one, then the current one (what a prelude rebuilds with push). */
  get stateLevels(): DrawState[] {
    return [...this.saved.slice(1, 1 + this.stackSize), this.state];
  }

  /** The operation saved at the last canvas reallocation: what `reset` (and a same-canvas resize) returns to. */
  get baseOp(): number {
    return this.saved[0]?.op ?? this.state.op;
  }

  // VisibleLayer
  move(parent: Layer, x: number, y: number, z: number, seq: number): void {
    if (this.parent !== parent) {
      this.parent?.children.delete(this.uid);
      this.parent = parent;
      parent.children.set(this.uid, this);
      this.appendSeq = seq;
    }
    this.x = x;
    this.y = y;
    this.z = z;
  }

  /** Gone from the display (nothing can show or read its pixels again), so its canvas is handed back. */
  dispose(): void {
    this.parent?.children.delete(this.uid);
    this.parent = null;
    this.release();
  }
}

function mod(v: number, n: number): number {
  return ((v % n) + n) % n;
}
