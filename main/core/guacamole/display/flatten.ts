/**
 * Guacamole.Display.flatten(): the default layer's canvas, then its children sorted by z (ties in
 * document order, i.e. the order they were appended to their parent), recursively, each drawn with
 * globalAlpha multiplied by its layer's alpha. Whole canvases are drawn (their 64-rounded size, not the
 * layer size) and children are not clipped to their parent, exactly as the library does.
 */
import { blendWithAlpha } from './compositing';
import type { Layer } from './layer';
import { unpremultiplyInto } from './pixel-math';

export function flattenLayers(root: Layer): { width: number; height: number; rgba: Uint8ClampedArray } {
  const width = root.width;
  const height = root.height;
  const out = new Uint8Array(width * height * 4);
  const draw = (layer: Layer, x: number, y: number, globalAlpha: number): void => {
    if (!(layer.width > 0 && layer.height > 0)) return;
    const next = globalAlpha * (layer.alpha / 255.0);
    // The globalAlpha setter ignores values outside [0, 1] (and NaN).
    const alpha = next >= 0 && next <= 1 ? next : globalAlpha;
    drawCanvas(out, width, height, layer, x, y, alpha);
    const children = [...layer.children.values()].sort((a, b) => a.z - b.z || a.appendSeq - b.appendSeq);
    for (const child of children) draw(child, x + child.x, y + child.y, alpha);
  };
  draw(root, 0, 0, 1);
  const rgba = new Uint8ClampedArray(out.length);
  unpremultiplyInto(out, rgba);
  return { width, height, rgba };
}

/** drawImage(canvas, x, y) with source-over: Skia's S32A_Opaque row, or SkBlendARGB32 with a paint alpha. */
function drawCanvas(out: Uint8Array, width: number, height: number, layer: Layer, x: number, y: number, globalAlpha: number): void {
  const paintAlpha = Math.floor(Math.fround(Math.fround(Math.fround(globalAlpha) * 255) + 0.5));
  // A canvas never drawn on is transparent: drawing it changes nothing.
  if (paintAlpha <= 0 || !layer.allocated) return;
  const src = layer.pixels;
  const cw = layer.canvasWidth;
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(width, x + cw);
  const y1 = Math.min(height, y + layer.canvasHeight);
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) {
      const si = ((yy - y) * cw + (xx - x)) * 4;
      const di = (yy * width + xx) * 4;
      const sa = src[si + 3]!;
      if (paintAlpha >= 255) {
        if (sa === 255) {
          out[di] = src[si]!;
          out[di + 1] = src[si + 1]!;
          out[di + 2] = src[si + 2]!;
          out[di + 3] = 255;
        } else if (sa !== 0 || src[si]! | src[si + 1]! | src[si + 2]!) {
          const k = 256 - sa;
          for (let c = 0; c < 4; c++) out[di + c] = src[si + c]! + ((out[di + c]! * k) >> 8);
        }
      } else blendWithAlpha(out, di, src, si, paintAlpha);
    }
  }
}
