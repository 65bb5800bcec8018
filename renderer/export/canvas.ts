/** A 2D canvas off the page: OffscreenCanvas where there is one, else a detached <canvas>. */
export type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

export function makeCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(Math.max(1, width), Math.max(1, height));
  const c = document.createElement('canvas');
  c.width = Math.max(1, width);
  c.height = Math.max(1, height);
  return c;
}
