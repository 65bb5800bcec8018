/**
 * Chromium's 8-bit premultiplied canvas arithmetic, measured in Debian's Chromium 156 (software canvas,
 * --disable-gpu) over every (colour, alpha) pair and 65,536 random pixel pairs per operation; the e2e
 * fidelity test keeps checking it against the real browser.
 *
 * - Decoding a PNG, putImageData and fill colours premultiply with exact rounding: round(c * a / 255).
 * - getImageData un-premultiplies in float32 (Skia's raster pipeline): rint(f32(p/255) / f32(a/255) * 255),
 *   which is NOT round(p * 255 / a) (p=1, a=6 gives 42, not 43). Per alpha it is injective and
 *   round-trips through premultiply, so a PNG of un-premultiplied pixels rebuilds the same premultiplied bytes.
 */

/** PREMUL[a << 8 | c] = round(c * a / 255). */
export const PREMUL: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (let a = 0; a < 256; a++) for (let c = 0; c < 256; c++) t[(a << 8) | c] = Math.floor((c * a + 127) / 255);
  return t;
})();

/** UNPREMUL[a << 8 | p]: what getImageData returns for premultiplied value p at alpha a. */
export const UNPREMUL: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  const f = Math.fround;
  const inv255 = f(1 / 255);
  for (let a = 1; a < 256; a++) {
    const scale = f(1 / f(a * inv255));
    for (let p = 0; p <= a; p++) {
      let v = f(f(p * inv255) * scale);
      if (v > 1) v = 1;
      t[(a << 8) | p] = roundHalfEven(f(v * 255));
    }
    // p > a cannot occur in a valid premultiplied pixel; clamp like the pipeline would.
    for (let p = a + 1; p < 256; p++) t[(a << 8) | p] = 255;
  }
  return t;
})();

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** libwebp's own premultiply (Chromium decodes WebP with alpha as MODE_rgbA): (x * a * 0x8081) >> 23. */
export function premulWebp(c: number, a: number): number {
  return Math.floor((c * a * 0x8081) / 8388608);
}

/** Exact rounding division by 255 (Skia's single-product blend modes measured as this). */
export function div255(v: number): number {
  return ((v + 127) / 255) | 0;
}

/** Skia's lowp approximation (v + 255) >> 8, measured for the two-product modes (atop, xor). */
export function div255Lowp(v: number): number {
  return (v + 255) >> 8;
}

/** Un-premultiply a whole RGBA buffer the way getImageData does. */
export function unpremultiplyInto(src: Uint8Array, dst: Uint8Array | Uint8ClampedArray): void {
  for (let i = 0; i < src.length; i += 4) {
    const a = src[i + 3]!;
    if (a === 255) {
      dst[i] = src[i]!;
      dst[i + 1] = src[i + 1]!;
      dst[i + 2] = src[i + 2]!;
    } else if (a === 0) {
      dst[i] = dst[i + 1] = dst[i + 2] = 0;
    } else {
      const row = a << 8;
      dst[i] = UNPREMUL[row | src[i]!]!;
      dst[i + 1] = UNPREMUL[row | src[i + 1]!]!;
      dst[i + 2] = UNPREMUL[row | src[i + 2]!]!;
    }
    dst[i + 3] = a;
  }
}

/** Premultiply un-premultiplied RGBA in place with exact rounding (PNG decode, putImageData). */
export function premultiplyInPlace(px: Uint8Array): boolean {
  let opaque = true;
  for (let i = 0; i < px.length; i += 4) {
    const a = px[i + 3]!;
    if (a === 255) continue;
    opaque = false;
    const row = a << 8;
    px[i] = PREMUL[row | px[i]!]!;
    px[i + 1] = PREMUL[row | px[i + 1]!]!;
    px[i + 2] = PREMUL[row | px[i + 2]!]!;
  }
  return opaque;
}
