/**
 * The mouse pointer burned into exported video frames, drawn over the picture the way the player shows
 * it (guacamole-common-js's cursor layer lies above every other layer). When only the pointer changed,
 * just the rectangles it covered and covers are drawn again, never the whole screen.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The pointer as shown: its image, with its top-left corner at the mouse position minus the hotspot. */
export interface PointerSprite extends Rect {
  /** Read from (0, 0, width, height); may be bigger than that (guacamole-common-js rounds canvases up). */
  image: CanvasImageSource;
  /** Changes whenever the image may have (a `cursor` instruction): an unmoved pointer is drawn again. */
  imageVersion: number;
}

/** The part of `r` inside a `width` x `height` picture, or null when none of it is. */
export function clipRect(r: Rect, width: number, height: number): Rect | null {
  const x0 = Math.max(0, r.x);
  const y0 = Math.max(0, r.y);
  const x1 = Math.min(width, r.x + r.width);
  const y1 = Math.min(height, r.y + r.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

export function samePointer(a: PointerSprite | null, b: PointerSprite | null): boolean {
  if (a === null || b === null) return a === b;
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height && a.image === b.image && a.imageVersion === b.imageVersion;
}

/** What the painter needs of a 2D context (tests give it a pixel grid). */
export type PointerContext = Pick<CanvasRenderingContext2D, 'fillStyle' | 'fillRect' | 'drawImage'>;

export class PointerPainter {
  private shown: PointerSprite | null = null;

  /** `width` x `height`: the picture's area of the output, which the pointer never leaves (the strip is below). */
  constructor(
    private readonly ctx: PointerContext,
    private readonly width: number,
    private readonly height: number,
  ) {}

  /**
   * Draws `pointer` (null: none shown) over the picture. `repainted`: the whole picture was just drawn
   * anew; otherwise the output still holds the last picture and pointer, and the picture under the old
   * pointer is put back from `picture` (drawn over black, as the exporter draws it) first. True when the
   * output changed.
   */
  draw(picture: CanvasImageSource, pointer: PointerSprite | null, repainted: boolean): boolean {
    if (!repainted && samePointer(this.shown, pointer)) return false;
    const ctx = this.ctx;
    const old = repainted || !this.shown ? null : clipRect(this.shown, this.width, this.height);
    if (old) {
      ctx.fillStyle = '#000';
      ctx.fillRect(old.x, old.y, old.width, old.height);
      ctx.drawImage(picture, old.x, old.y, old.width, old.height, old.x, old.y, old.width, old.height);
    }
    this.shown = pointer;
    const now = pointer ? clipRect(pointer, this.width, this.height) : null;
    if (pointer && now) ctx.drawImage(pointer.image, now.x - pointer.x, now.y - pointer.y, now.width, now.height, now.x, now.y, now.width, now.height);
    return repainted || old !== null || now !== null;
  }
}
