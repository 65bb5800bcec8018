/**
 * Guacamole channel masks -> the canvas composite operations guacamole-common-js 1.5.0 maps them to
 * (Guacamole.Layer's compositeOperation table), applied to premultiplied RGBA8 with the arithmetic
 * Chromium's software canvas was measured to use (see pixel-math.ts):
 * - source-over: s + (d * (256 - sa) >> 8) (Skia's S32A_Opaque blit row)
 * - one-product modes (in, out, destination-over): exact rounding division by 255
 * - two-product modes (atop, xor): (v + 255) >> 8, except that a pattern fill (lfill) rounds source-atop
 *   and xor exactly (measured the same way: Skia takes another pipeline for shaders)
 * - lighter: saturating add; copy: the source.
 * Masks the library leaves unmapped (0x0, 0x3, 0x5, 0x7, 0xD) change nothing: assigning `undefined` to
 * globalCompositeOperation is ignored, so the previous operation stays.
 */
import { div255, div255Lowp } from './pixel-math';

export const OP_DEST_IN = 0x1;
export const OP_DEST_OUT = 0x2;
export const OP_SOURCE_IN = 0x4;
export const OP_SOURCE_ATOP = 0x6;
export const OP_SOURCE_OUT = 0x8;
export const OP_DEST_ATOP = 0x9;
export const OP_XOR = 0xa;
export const OP_DEST_OVER = 0xb;
export const OP_COPY = 0xc;
export const OP_SOURCE_OVER = 0xe;
export const OP_LIGHTER = 0xf;

const SUPPORTED = new Set([0x1, 0x2, 0x4, 0x6, 0x8, 0x9, 0xa, 0xb, 0xc, 0xe, 0xf]);

/** The operation after `setChannelMask(mask)` when `current` was in force. */
export function opForMask(mask: number, current: number): number {
  return SUPPORTED.has(mask) ? mask : current;
}

/**
 * Operations the canvas applies to the whole clip area, the source counting as transparent outside the
 * drawn shape: Chromium clears the canvas first for copy and composites a full-canvas layer for the others.
 */
export function isUnbounded(op: number): boolean {
  return op === OP_COPY || op === OP_SOURCE_IN || op === OP_SOURCE_OUT || op === OP_DEST_IN || op === OP_DEST_ATOP;
}

/** One channel of `op`; sa/da are the alphas (for the alpha channel s=sa, d=da). */
function channel(op: number, s: number, d: number, sa: number, da: number, pattern: boolean): number {
  switch (op) {
    case OP_SOURCE_OVER:
      return s + ((d * (256 - sa)) >> 8);
    case OP_COPY:
      return s;
    case OP_DEST_OVER:
      return d + div255(s * (255 - da));
    case OP_DEST_IN:
      return div255(d * sa);
    case OP_DEST_OUT:
      return div255(d * (255 - sa));
    case OP_SOURCE_IN:
      return div255(s * da);
    case OP_SOURCE_OUT:
      return div255(s * (255 - da));
    case OP_SOURCE_ATOP:
      return pattern ? div255(s * da + d * (255 - sa)) : div255Lowp(s * da + d * (255 - sa));
    case OP_DEST_ATOP:
      return div255Lowp(d * sa + s * (255 - da));
    case OP_XOR:
      return pattern ? div255(s * (255 - da) + d * (255 - sa)) : div255Lowp(s * (255 - da) + d * (255 - sa));
    case OP_LIGHTER:
      return Math.min(255, s + d);
    default:
      return d;
  }
}

/** Blends one premultiplied source pixel into dst at byte index di. */
export function blendPixel(op: number, dst: Uint8Array, di: number, r: number, g: number, b: number, a: number, pattern = false): void {
  if (op === OP_COPY || (a === 255 && op === OP_SOURCE_OVER)) {
    dst[di] = r;
    dst[di + 1] = g;
    dst[di + 2] = b;
    dst[di + 3] = a;
    return;
  }
  if (op === OP_SOURCE_OVER) {
    if (a === 0) return;
    const k = 256 - a;
    dst[di] = r + ((dst[di]! * k) >> 8);
    dst[di + 1] = g + ((dst[di + 1]! * k) >> 8);
    dst[di + 2] = b + ((dst[di + 2]! * k) >> 8);
    dst[di + 3] = a + ((dst[di + 3]! * k) >> 8);
    return;
  }
  const da = dst[di + 3]!;
  dst[di] = channel(op, r, dst[di]!, a, da, pattern);
  dst[di + 1] = channel(op, g, dst[di + 1]!, a, da, pattern);
  dst[di + 2] = channel(op, b, dst[di + 2]!, a, da, pattern);
  dst[di + 3] = channel(op, a, da, a, da, pattern);
}

/**
 * Chromium's drawImage with globalAlpha < 1 (Skia's SkBlendARGB32): what Display.flatten() does for a
 * shaded layer. `alpha` is the paint alpha 0..255.
 */
export function blendWithAlpha(dst: Uint8Array, di: number, src: Uint8Array, si: number, alpha: number): void {
  const srcScale = alpha + 1;
  const inv = 0xffff - src[si + 3]! * srcScale;
  const dstScale = (inv + (inv >> 8)) >> 8;
  for (let k = 0; k < 4; k++) dst[di + k] = ((src[si + k]! * srcScale + dst[di + k]! * dstScale) & 0xffff) >> 8;
}
