/**
 * The display's fast paths (word copies, memmove-ordered self copies, the opacity map, row-wise clears,
 * copies carried out late) against a plain model written here pixel by pixel from the semantics they stand for: drawImage reads a
 * snapshot of its source, each pixel blends with the measured arithmetic (blendPixel), unbounded
 * operations clear the rest of the canvas, clips limit everything. Random operations on layers wider
 * than one 64-pixel segment, compared after every step; the opacity map may never call a pixel opaque
 * that is not.
 */
import { describe, expect, it } from 'vitest';
import { blendPixel, isUnbounded, OP_COPY, OP_SOURCE_OVER } from '../../../main/core/guacamole/display/compositing';
import { loadImageDecoders } from '../../../main/core/guacamole/display/image-decoders';
import type { Layer } from '../../../main/core/guacamole/display/layer';
import { PREMUL } from '../../../main/core/guacamole/display/pixel-math';
import { encodePng } from '../../../main/core/guacamole/display/png';
import { SoftDisplay, viewOf } from '../../../main/core/guacamole/display/soft-display';
import { mulberry32 } from '../../../main/core/testing/synthetic-scenes';

const decoders = await loadImageDecoders();

/** One layer of the model: a premultiplied canvas (64-rounded), the operation in force and a clip. */
interface ModelLayer {
  w: number;
  h: number;
  px: Uint8Array;
  op: number;
  clip: Uint8Array | null;
}

function modelDraw(dst: ModelLayer, src: { w: number; px: Uint8Array }, sx: number, sy: number, w: number, h: number, dx: number, dy: number): void {
  const snapshot = src.px.slice();
  const inside = new Uint8Array(dst.w * dst.h);
  for (let y = Math.max(0, dy); y < Math.min(dst.h, dy + h); y++) {
    for (let x = Math.max(0, dx); x < Math.min(dst.w, dx + w); x++) {
      inside[y * dst.w + x] = 1;
      if (dst.clip && !dst.clip[y * dst.w + x]) continue;
      const si = ((sy + y - dy) * src.w + sx + x - dx) * 4;
      blendPixel(dst.op, dst.px, (y * dst.w + x) * 4, snapshot[si]!, snapshot[si + 1]!, snapshot[si + 2]!, snapshot[si + 3]!);
    }
  }
  if (isUnbounded(dst.op)) for (let i = 0; i < inside.length; i++) if (!inside[i] && (!dst.clip || dst.clip[i])) dst.px.fill(0, i * 4, i * 4 + 4);
}

function modelFill(dst: ModelLayer, x: number, y: number, w: number, h: number, rgba: number[]): void {
  const [r, g, b, a] = rgba.map((v, i) => (i < 3 ? PREMUL[(rgba[3]! << 8) | v]! : v)) as [number, number, number, number];
  const solid = { w, px: new Uint8Array(w * h * 4) };
  for (let i = 0; i < w * h; i++) solid.px.set([r, g, b, a], i * 4);
  modelDraw(dst, solid, 0, 0, w, h, x, y);
}

function randomImage(rand: () => number, w: number, h: number, opaque: boolean): { base64: string; rgba: Uint8Array } {
  const rgba = new Uint8Array(w * h * 4);
  const alphas = opaque || rand() < 0.5 ? [255] : [0, 255, 255, 90, 1];
  for (let i = 0; i < w * h; i++) rgba.set([(rand() * 256) | 0, (rand() * 256) | 0, (rand() * 256) | 0, alphas[(rand() * alphas.length) | 0]!], i * 4);
  return { base64: Buffer.from(encodePng({ width: w, height: h, data: rgba })).toString('base64'), rgba };
}

function checkOpacityMap(layer: Layer): void {
  for (let y = 0; y < layer.canvasHeight; y++) {
    for (let x = 0; x < layer.canvasWidth; x++) {
      const alpha = layer.pixels[(y * layer.canvasWidth + x) * 4 + 3];
      if (alpha !== 255 && layer.opacity.markedOpaque(y, x)) expect.fail(`alpha ${alpha} at ${x},${y} in a segment marked opaque`);
    }
  }
}

describe('fast paths equal the pixel-by-pixel model', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
    it(`random fills, copies (self copies in every direction), images and clips, seed ${seed}`, () => {
      const rand = mulberry32(seed);
      const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
      const d = SoftDisplay.withDecoders(decoders);
      // Later seeds draw like a screen: opaque everywhere (whole canvases), so copies with OVER are deferred too.
      const screenLike = seed > 5;
      const sizes = screenLike
        ? ([
            [256, 128],
            [192, 64],
          ] as const)
        : ([
            [200, 70],
            [130, 40],
          ] as const);
      const model: ModelLayer[] = sizes.map(([w, h]) => ({ w: Math.ceil(w / 64) * 64, h: Math.ceil(h / 64) * 64, px: new Uint8Array(Math.ceil(w / 64) * 64 * Math.ceil(h / 64) * 64 * 4), op: OP_SOURCE_OVER, clip: null }));
      sizes.forEach(([w, h], i) => d.apply(viewOf('size', [String(i), String(w), String(h)])));
      const run = (op: string, ...args: (string | number)[]) => d.apply(viewOf(op, args.map(String)));
      if (screenLike) {
        for (const [i, mm] of model.entries()) {
          run('rect', i, 0, 0, mm.w, mm.h);
          run('cfill', OP_SOURCE_OVER, i, 9, 8, 7, 255);
          modelFill(mm, 0, 0, mm.w, mm.h, [9, 8, 7, 255]);
        }
      }
      for (let step = 0; step < 300; step++) {
        const li = int(0, 1);
        const m = model[li]!;
        const mask = screenLike || rand() < 0.8 ? OP_SOURCE_OVER : OP_COPY;
        const kind = rand();
        let what: string;
        if (kind < 0.3) {
          const [x, y, w, h] = [int(-20, m.w), int(-20, m.h), int(1, 150), int(1, 50)];
          const rgba = [int(0, 255), int(0, 255), int(0, 255), screenLike ? 255 : [255, 255, 128, 0][int(0, 3)]!];
          run('rect', li, x, y, w, h);
          run('cfill', mask, li, ...rgba);
          m.op = mask;
          modelFill(m, x, y, w, h, rgba);
          what = `fill ${[x, y, w, h, rgba]}`;
        } else if (screenLike && kind < 0.45) {
          // A buffer kept as a copy of the screen: the whole screen, or a part of it, at the same place.
          const whole = rand() < 0.2;
          const [x, y] = whole ? [0, 0] : [int(0, 190), int(0, 62)];
          const [w, h] = whole ? [192, 64] : [int(1, 192 - x), int(1, 64 - y)];
          run('copy', 0, x, y, w, h, OP_SOURCE_OVER, 1, x, y);
          model[1]!.op = OP_SOURCE_OVER;
          modelDraw(model[1]!, model[0]!, x, y, w, h, x, y);
          what = `screen copy ${[x, y, w, h]}`;
        } else if (kind < 0.75) {
          const si = rand() < 0.5 ? li : 1 - li;
          const s = model[si]!;
          const [w, h] = [int(1, s.w), int(1, s.h)];
          const [sx, sy] = [int(0, s.w - w), int(0, s.h - h)];
          // Self copies shift by a little in any direction (overlapping), others land anywhere.
          const [dx, dy] = si === li && rand() < 0.7 ? [sx + int(-70, 70), sy + int(-3, 3)] : [int(-30, m.w), int(-30, m.h)];
          run('copy', si, sx, sy, w, h, mask, li, dx, dy);
          m.op = mask;
          modelDraw(m, s, sx, sy, w, h, dx, dy);
          what = `copy ${si}->${li} ${[sx, sy, w, h, dx, dy]}`;
        } else if (kind < 0.9) {
          const [w, h] = [int(1, 90), int(1, 30)];
          const [x, y] = [int(-10, m.w - 5), int(-10, m.h - 5)];
          const image = randomImage(rand, w, h, screenLike);
          run('img', 3, mask, li, 'image/png', x, y);
          run('blob', 3, image.base64);
          run('end', 3);
          m.op = mask;
          const decoded = decoders.decode(Buffer.from(image.base64, 'base64'))!;
          modelDraw(m, { w, px: decoded.data }, 0, 0, w, h, x, y);
          what = `image ${[x, y, w, h]}`;
        } else if (screenLike) {
          // No clips here: they keep copies from being deferred.
          continue;
        } else if (m.clip) {
          run('pop', li);
          m.clip = null;
          what = 'pop';
        } else {
          const [x, y, w, h] = [int(0, m.w - 1), int(0, m.h - 1), int(1, 100), int(1, 30)];
          run('push', li);
          run('rect', li, x, y, w, h);
          run('clip', li);
          m.clip = new Uint8Array(m.w * m.h);
          for (let yy = y; yy < Math.min(m.h, y + h); yy++) m.clip.fill(1, yy * m.w + x, yy * m.w + Math.min(m.w, x + w));
          what = `clip ${[x, y, w, h]}`;
        }
        // Reading pixels carries out deferred copies: compare now and then, so they live across steps.
        if (rand() > (screenLike ? 0.3 : 0.15) && step < 299) continue;
        for (const [i, mm] of model.entries()) {
          const layer = d.layers.get(i)!;
          expect([layer.canvasWidth, layer.canvasHeight]).toEqual([mm.w, mm.h]);
          const same = Buffer.from(layer.pixels).equals(Buffer.from(mm.px));
          if (!same) expect.fail(`layer ${i} differs after step ${step} (last: ${what})`);
          checkOpacityMap(layer);
        }
      }
    });
  }
});
