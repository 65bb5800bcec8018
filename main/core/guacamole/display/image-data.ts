/**
 * getImageData / putImageData on a premultiplied surface: straight values out (Skia's float un-premultiply),
 * exact rounding back in; pixels outside the surface read as transparent and are not written.
 */
import { PREMUL, UNPREMUL } from './pixel-math';
import type { TransferFunction } from './layer';
import type { Surface } from './raster';

export function getImageData(s: Surface, x: number, y: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, w * h * 4));
  for (let row = 0; row < h; row++) {
    const yy = y + row;
    if (yy < 0 || yy >= s.height) continue;
    for (let col = 0; col < w; col++) {
      const xx = x + col;
      if (xx < 0 || xx >= s.width) continue;
      const si = (yy * s.width + xx) * 4;
      const di = (row * w + col) * 4;
      const a = s.pixels[si + 3]!;
      out[di + 3] = a;
      if (a === 0) continue;
      out[di] = UNPREMUL[(a << 8) | s.pixels[si]!]!;
      out[di + 1] = UNPREMUL[(a << 8) | s.pixels[si + 1]!]!;
      out[di + 2] = UNPREMUL[(a << 8) | s.pixels[si + 2]!]!;
    }
  }
  return out;
}

export function putImageData(s: Surface, data: Uint8Array, w: number, h: number, x: number, y: number): void {
  s.opacity?.touchRect(x, y, x + w, y + h);
  for (let row = 0; row < h; row++) {
    const yy = y + row;
    if (yy < 0 || yy >= s.height) continue;
    for (let col = 0; col < w; col++) {
      const xx = x + col;
      if (xx < 0 || xx >= s.width) continue;
      const si = (row * w + col) * 4;
      const di = (yy * s.width + xx) * 4;
      const a = Math.max(0, Math.min(255, data[si + 3]!));
      s.pixels[di] = PREMUL[(a << 8) | data[si]!]!;
      s.pixels[di + 1] = PREMUL[(a << 8) | data[si + 1]!]!;
      s.pixels[di + 2] = PREMUL[(a << 8) | data[si + 2]!]!;
      s.pixels[di + 3] = a;
    }
  }
}

/** Runs a raster operation pixel by pixel: `out` (the destination's straight pixels) is edited in place. */
export function applyTransfer(from: Uint8Array, out: Uint8Array, fn: TransferFunction): void {
  const s = new Uint8Array(4);
  const d = new Uint8Array(4);
  for (let i = 0; i < out.length; i += 4) {
    s.set(from.subarray(i, i + 4));
    d.set(out.subarray(i, i + 4));
    fn(s, d);
    out.set(d, i);
  }
}
