/**
 * drawImage(source, sx, sy, sw, sh, dx, dy, sw, sh) onto a premultiplied surface. Under an integer
 * translation (always, for what guacd sends) pixels map one to one, as in Chromium. Any other transform
 * is sampled at pixel centres from the nearest source pixel: Chromium filters bilinearly there, so such
 * draws are approximate.
 */
import { blendPixel, isUnbounded, OP_COPY, OP_SOURCE_OVER } from './compositing';
import { invert, type Matrix } from './path';
import { clearOutside, paintSpans, type Surface } from './raster';

interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
  opaque?: boolean;
}

export function blitImage(s: Surface, img: Pixels, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, m: Matrix, op: number, clip: Uint8Array | null): void {
  // The source rectangle is clipped to the image, the destination shrinking with it.
  if (sx < 0) {
    dx -= sx;
    sw += sx;
    sx = 0;
  }
  if (sy < 0) {
    dy -= sy;
    sh += sy;
    sy = 0;
  }
  sw = Math.min(sw, img.width - sx);
  sh = Math.min(sh, img.height - sy);
  if (sw <= 0 || sh <= 0) return;
  const integerTranslate = m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && Number.isInteger(m[4]) && Number.isInteger(m[5]);
  if (!integerTranslate) return blitTransformed(s, img, sx, sy, sw, sh, dx, dy, m, op, clip);
  dx += m[4];
  dy += m[5];
  const x0 = Math.max(0, dx);
  const y0 = Math.max(0, dy);
  const x1 = Math.min(s.width, dx + sw);
  const y1 = Math.min(s.height, dy + sh);
  const px = s.pixels;
  const src = img.data;
  if (x1 > x0 && y1 > y0) {
    if (!clip && (op === OP_SOURCE_OVER || op === OP_COPY)) {
      const dWords = new Uint32Array(px.buffer, px.byteOffset, px.length >> 2);
      const aligned = src.byteOffset % 4 === 0;
      const sWords = aligned ? new Uint32Array(src.buffer, src.byteOffset, src.length >> 2) : null;
      for (let y = y0; y < y1; y++) {
        const sRow = (y - dy + sy) * img.width + (x0 - dx + sx);
        const dRow = y * s.width + x0;
        if (sWords && (op === OP_COPY || img.opaque)) {
          dWords.set(sWords.subarray(sRow, sRow + (x1 - x0)), dRow);
          continue;
        }
        const n = x1 - x0;
        for (let i = 0; i < n; ) {
          const si = (sRow + i) * 4;
          const a = src[si + 3]!;
          if (a === 255 && sWords) {
            // A run of opaque pixels is a plain copy.
            let j = i + 1;
            while (j < n && src[(sRow + j) * 4 + 3] === 255) j++;
            if (j - i > 8) dWords.set(sWords.subarray(sRow + i, sRow + j), dRow + i);
            else for (let k = i; k < j; k++) dWords[dRow + k] = sWords[sRow + k]!;
            i = j;
            continue;
          }
          if (a !== 0 || op === OP_COPY) blendPixel(op, px, (dRow + i) * 4, src[si]!, src[si + 1]!, src[si + 2]!, a);
          i++;
        }
      }
    } else {
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = y * s.width + x;
          if (clip && !clip[i]) continue;
          const si = ((y - dy + sy) * img.width + (x - dx + sx)) * 4;
          blendPixel(op, px, i * 4, src[si]!, src[si + 1]!, src[si + 2]!, src[si + 3]!);
        }
      }
    }
  }
  if (isUnbounded(op)) {
    const spans: number[] = [];
    for (let y = y0; y < y1; y++) if (x1 > x0) spans.push(y, x0, x1);
    clearOutside(s, Int32Array.from(spans), clip);
  }
}


function blitTransformed(s: Surface, img: Pixels, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, m: Matrix, op: number, clip: Uint8Array | null): void {
  const corners = [
    [dx, dy],
    [dx + sw, dy],
    [dx, dy + sh],
    [dx + sw, dy + sh],
  ].map(([x, y]) => [m[0] * x! + m[2] * y! + m[4], m[1] * x! + m[3] * y! + m[5]] as const);
  const minX = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[0]))));
  const maxX = Math.min(s.width, Math.ceil(Math.max(...corners.map((c) => c[0]))));
  const minY = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[1]))));
  const maxY = Math.min(s.height, Math.ceil(Math.max(...corners.map((c) => c[1]))));
  const inv = invert(m);
  const spans: number[] = [];
  for (let y = minY; y < maxY; y++) {
    let start = -1;
    for (let x = minX; x <= maxX; x++) {
      let inside = false;
      if (x < maxX) {
        const ux = inv[0] * (x + 0.5) + inv[2] * (y + 0.5) + inv[4] - dx;
        const uy = inv[1] * (x + 0.5) + inv[3] * (y + 0.5) + inv[5] - dy;
        inside = ux >= 0 && uy >= 0 && ux < sw && uy < sh;
      }
      if (inside && start < 0) start = x;
      if (!inside && start >= 0) {
        spans.push(y, start, x);
        start = -1;
      }
    }
  }
  paintSpans(s, Int32Array.from(spans), {
    kind: 'pixels',
    data: img.data,
    index: (x, y) => {
      const ux = Math.floor(inv[0] * (x + 0.5) + inv[2] * (y + 0.5) + inv[4] - dx);
      const uy = Math.floor(inv[1] * (x + 0.5) + inv[3] * (y + 0.5) + inv[5] - dy);
      return ((sy + uy) * img.width + sx + ux) * 4;
    },
  }, op, clip);
}
