/**
 * A layer's pixel store: premultiplied RGBA8 of its 64-rounded canvas, allocated on first use and handed
 * back to the pool when resized or disposed; the opacity map kept in step (opacity.ts); and copies from
 * other layers carried out late.
 *
 * A deferred copy: `copy` from another layer whose result does not depend on what the destination held
 * (SRC, or OVER from a source known opaque; no clip, one-to-one) is only noted. Rows are copied when
 * something is about to change them in the source or the destination, and all of them when the
 * destination is read. guacd's VNC recordings copy the whole screen into a buffer every frame and read it
 * back rarely (a prelude does): the next full copy supersedes the rows never copied.
 *
 * Rules that keep it exact: a source has no deferred copy of its own while read this way (it is settled
 * first), every drawing call announces the rows it may change (`writable`), and every reader goes
 * through `pixels`/`words`/`readable`, which settle first.
 */
import { copyWords, integerBlitRect, type BlitRect } from './blit';
import { OP_COPY } from './compositing';
import { OpacityMap } from './opacity';
import { releasePixels, takePixels } from './pixel-pool';
import { clearOutsideRect, type Surface } from './raster';

interface DeferredCopy {
  src: Canvas;
  rect: BlitRect;
  /** The 64-pixel columns of the canvas the rectangle spans: [first, first + columns). */
  firstColumn: number;
  columns: number;
  /** Per row of the rectangle and column: 1 while not yet copied. */
  pending: Uint8Array;
  left: number;
}

/** Deferred rows are carried out in pieces of 64-pixel columns: a glyph drawn on the source costs a glyph's worth. */
const COLUMN_SHIFT = 6;

export class Canvas {
  canvasWidth = 0;
  canvasHeight = 0;
  /** Null while never drawn on (all transparent). */
  private store: Uint8Array | null = null;
  private storeWords: Uint32Array | null = null;
  opacity = new OpacityMap(0, 0);
  private deferred: DeferredCopy | null = null;
  /** Canvases holding a deferred copy from this one. */
  private readonly readers = new Set<Canvas>();

  /** The pixels as they are (deferred copies carried out first). */
  get pixels(): Uint8Array {
    this.settle();
    return this.raw();
  }

  /** The same pixels, one 32-bit word each. */
  get words(): Uint32Array {
    this.settle();
    return this.rawWords();
  }

  /** False while every pixel is transparent because none was ever written. */
  get allocated(): boolean {
    return this.store !== null;
  }

  get pixelBytes(): number {
    return this.store?.length ?? 0;
  }

  /** For reading the whole canvas (a copy's source, getImageData). */
  protected readable(): Surface {
    this.settle();
    return this.surfaceOf();
  }

  /** For a drawing call that may change [x0, x1) x [y0, y1): what depends on those pixels is carried out first. */
  protected writable(x0: number, y0: number, x1: number, y1: number): Surface {
    this.beforeWrite(x0, y0, x1, y1);
    return this.surfaceOf();
  }

  /** A new canvas size; the top-left keepW x keepH pixels are kept (none when `keep` is false). */
  protected reallocate(cw: number, ch: number, keepW: number, keepH: number, keep: boolean): void {
    if (!keep) this.dropDeferred();
    // Readers get their pixels; with `keep`, the deferred ones are carried out too.
    this.beforeWrite(0, 0, this.canvasWidth, this.canvasHeight);
    const old = this.store;
    const oldCw = this.canvasWidth;
    this.store = null;
    this.storeWords = null;
    this.canvasWidth = cw;
    this.canvasHeight = ch;
    this.opacity = new OpacityMap(cw, ch);
    if (old && keep && keepW > 0 && keepH > 0) {
      const px = this.raw();
      for (let y = 0; y < keepH; y++) px.set(old.subarray(y * oldCw * 4, (y * oldCw + keepW) * 4), y * cw * 4);
    }
    if (old) releasePixels(old);
  }

  /** Nothing can read these pixels any more: the buffer goes back to the pool (once readers have their rows). */
  protected release(): void {
    this.dropDeferred();
    this.beforeWrite(0, 0, this.canvasWidth, this.canvasHeight);
    if (this.store) releasePixels(this.store);
    this.store = null;
    this.storeWords = null;
  }

  /**
   * Notes a copy of src's pixels (x + offX, y + offY) onto this canvas's rectangle, with SRC (`op` COPY,
   * clearing the rest) or OVER; false when it cannot be deferred (OVER from a source not all opaque, or
   * nothing drawn), and the caller draws it now.
   */
  protected deferCopy(src: Canvas, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, op: number): boolean {
    if (src === this || this.canvasWidth === 0 || this.canvasHeight === 0) return false;
    const r = integerBlitRect({ width: this.canvasWidth, height: this.canvasHeight }, { width: src.canvasWidth, height: src.canvasHeight }, sx, sy, sw, sh, dx, dy);
    if (!r || r.x1 <= r.x0 || r.y1 <= r.y0) return false;
    src.settle();
    const srcWords = src.rawWords();
    if (op !== OP_COPY && !src.opacity.rectOpaque(srcWords, r.x0 + r.offX, r.y0 + r.offY, r.x1 + r.offX, r.y1 + r.offY)) return false;
    const previous = this.deferred;
    if (previous && op !== OP_COPY && previous.src === src && previous.rect.offX === r.offX && previous.rect.offY === r.offY && contains(previous.rect, r)) {
      // The same copy again over part of it (guacd sends the whole screen, then the changed parts).
      this.redo(r);
      return true;
    }
    // Pixels a new copy replaces need not be copied before (SRC replaces the whole canvas).
    if (previous && (op === OP_COPY || contains(r, previous.rect))) this.dropDeferred();
    else this.settle();
    if (op === OP_COPY) this.beforeWrite(0, 0, this.canvasWidth, this.canvasHeight);
    else this.beforeWrite(r.x0, r.y0, r.x1, r.y1);
    const s = this.surfaceOf();
    if (op === OP_COPY) clearOutsideRect(s, r.x0, r.y0, r.x1, r.y1);
    this.opacity.touchRect(r.x0, r.y0, r.x1, r.y1);
    const firstColumn = r.x0 >> COLUMN_SHIFT;
    const columns = ((r.x1 - 1) >> COLUMN_SHIFT) - firstColumn + 1;
    const cells = (r.y1 - r.y0) * columns;
    this.deferred = { src, rect: r, firstColumn, columns, pending: new Uint8Array(cells).fill(1), left: cells };
    src.readers.add(this);
    return true;
  }

  /**
   * The deferred copy again, over r inside its rectangle: the source pixels are the ones the deferred
   * cells would copy, so pending cells stay; cells carried out since become pending again when wholly
   * inside r, and the parts inside r of the others are copied now.
   */
  private redo(r: BlitRect): void {
    const d = this.deferred!;
    const p = d.rect;
    // Readers of r were served when the deferred copy was made (and none can have come since: reading
    // this canvas settles it); kept as a guard, it costs nothing while that holds.
    this.beforeReaders(r.x0, r.y0, r.x1, r.y1);
    const c0 = r.x0 >> COLUMN_SHIFT;
    const c1 = (r.x1 - 1) >> COLUMN_SHIFT;
    const dst = this.rawWords();
    const src = d.src.rawWords();
    for (let y = r.y0; y < r.y1; y++) {
      const cells = (y - p.y0) * d.columns - d.firstColumn;
      for (let c = c0; c <= c1; c++) {
        if (d.pending[cells + c]) continue;
        const a = Math.max(p.x0, c << COLUMN_SHIFT);
        const b = Math.min(p.x1, (c + 1) << COLUMN_SHIFT);
        if (a >= r.x0 && b <= r.x1) {
          d.pending[cells + c] = 1;
          d.left++;
          this.opacity.touch(y, a, b);
          continue;
        }
        const ca = Math.max(a, r.x0);
        const cb = Math.min(b, r.x1);
        const sRow = (y + p.offY) * d.src.canvasWidth + p.offX;
        copyWords(dst, y * this.canvasWidth + ca, src, sRow + ca, cb - ca);
        this.opacity.wroteOpaque(y, ca, cb);
      }
    }
  }

  /** Carries out every deferred row. */
  protected settle(): void {
    if (this.deferred) this.carryOut(0, 0, this.canvasWidth, this.canvasHeight);
  }

  private raw(): Uint8Array {
    return (this.store ??= takePixels(this.canvasWidth * this.canvasHeight * 4));
  }

  private rawWords(): Uint32Array {
    const px = this.raw();
    if (this.storeWords?.buffer !== px.buffer) this.storeWords = new Uint32Array(px.buffer, px.byteOffset, px.length >> 2);
    return this.storeWords;
  }

  private surfaceOf(): Surface {
    return { pixels: this.raw(), words: this.rawWords(), width: this.canvasWidth, height: this.canvasHeight, opacity: this.opacity };
  }

  private beforeWrite(x0: number, y0: number, x1: number, y1: number): void {
    if (y1 <= y0 || x1 <= x0) return;
    this.beforeReaders(x0, y0, x1, y1);
    if (this.deferred) this.carryOut(x0, y0, x1, y1);
  }

  /** Canvases with a deferred copy from [x0, x1) x [y0, y1) of this one take those pixels now. */
  private beforeReaders(x0: number, y0: number, x1: number, y1: number): void {
    if (this.readers.size === 0) return;
    // A reader done with its copy leaves the set during the loop, which a Set's iteration allows.
    for (const reader of this.readers) {
      const r = reader.deferred!.rect;
      reader.carryOut(x0 - r.offX, y0 - r.offY, x1 - r.offX, y1 - r.offY);
    }
  }

  /** Carries out the deferred pixels among destination pixels [x0, x1) x [y0, y1), by whole columns. */
  private carryOut(x0: number, y0: number, x1: number, y1: number): void {
    const d = this.deferred!;
    const r = d.rect;
    const dst = this.rawWords();
    const src = d.src.rawWords();
    const c0 = Math.max(x0, r.x0) >> COLUMN_SHIFT;
    const c1 = (Math.min(x1, r.x1) - 1) >> COLUMN_SHIFT;
    for (let y = Math.max(y0, r.y0); y < Math.min(y1, r.y1); y++) {
      const cells = (y - r.y0) * d.columns - d.firstColumn;
      for (let c = c0; c <= c1; c++) {
        if (!d.pending[cells + c]) continue;
        // Neighbouring pending columns go as one piece.
        let end = c;
        while (end < c1 && d.pending[cells + end + 1]) end++;
        const a = Math.max(r.x0, c << COLUMN_SHIFT);
        const b = Math.min(r.x1, (end + 1) << COLUMN_SHIFT);
        const sRow = (y + r.offY) * d.src.canvasWidth + r.offX;
        copyWords(dst, y * this.canvasWidth + a, src, sRow + a, b - a);
        if (d.src.opacity.allOpaque(src, y + r.offY, a + r.offX, b + r.offX)) this.opacity.wroteOpaque(y, a, b);
        else this.opacity.touch(y, a, b);
        d.pending.fill(0, cells + c, cells + end + 1);
        d.left -= end - c + 1;
        c = end;
      }
    }
    if (d.left === 0) this.dropDeferred();
  }

  private dropDeferred(): void {
    if (!this.deferred) return;
    this.deferred.src.readers.delete(this);
    this.deferred = null;
  }
}

function contains(outer: BlitRect, inner: BlitRect): boolean {
  return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1;
}
