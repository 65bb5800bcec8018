/**
 * Drawing operations on small layers, expected pixels computed by hand from guacamole-common-js 1.5.0's
 * semantics and the canvas arithmetic measured in Chromium (see pixel-math.ts / compositing.ts).
 */
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../main/core/guacamole/display/png';
import { loadImageDecoders } from '../../../main/core/guacamole/display/image-decoders';
import { SoftDisplay, viewOf } from '../../../main/core/guacamole/display/soft-display';

const decoders = await loadImageDecoders();

function display(...lines: (string | number)[][]): SoftDisplay {
  const d = SoftDisplay.withDecoders(decoders);
  run(d, ...lines);
  return d;
}
function run(d: SoftDisplay, ...lines: (string | number)[][]): void {
  for (const [op, ...args] of lines) d.apply(viewOf(String(op), args.map(String)));
}
/** Straight RGBA of the flattened screen at (x, y). */
function at(d: SoftDisplay, x: number, y: number): number[] {
  const f = d.flatten();
  return [...f.rgba.subarray((y * f.width + x) * 4, (y * f.width + x) * 4 + 4)];
}
/** Premultiplied bytes of a layer at (x, y). */
function raw(d: SoftDisplay, index: number, x: number, y: number): number[] {
  const l = d.layers.get(index)!;
  return [...l.pixels.subarray((y * l.canvasWidth + x) * 4, (y * l.canvasWidth + x) * 4 + 4)];
}
function pngBlob(width: number, height: number, rgba: number[]): string {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(rgba, i * 4);
  return Buffer.from(encodePng({ width, height, data })).toString('base64');
}

describe('SoftDisplay operations', () => {
  it('rect + cfill paints exactly the rectangle, clipped to the layer', () => {
    const d = display(['size', 0, 4, 4], ['rect', 0, 1, 1, 2, 5], ['cfill', 14, 0, 10, 20, 30, 255]);
    expect(at(d, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(at(d, 1, 1)).toEqual([10, 20, 30, 255]);
    expect(at(d, 2, 3)).toEqual([10, 20, 30, 255]);
    expect(at(d, 3, 1)).toEqual([0, 0, 0, 0]);
  });

  it('a translucent fill over opaque blue: premultiplied 128,0,0,128 then s + (d * (256 - sa) >> 8)', () => {
    const d = display(['size', 0, 2, 2], ['rect', 0, 0, 0, 2, 2], ['cfill', 14, 0, 0, 0, 255, 255], ['cfill', 14, 0, 255, 0, 0, 128]);
    // r = 128 + 0, b = 0 + (255 * 128 >> 8) = 127, a = 128 + (255 * 128 >> 8) = 255
    expect(raw(d, 0, 0, 0)).toEqual([128, 0, 127, 255]);
  });

  it('a translucent fill on a transparent layer stores premultiplied values; flatten un-premultiplies like getImageData', () => {
    const d = display(['size', 0, 2, 2], ['rect', 0, 0, 0, 2, 2], ['cfill', 14, 0, 200, 100, 1, 6]);
    // premultiply round(c * 6 / 255): 200 -> 5, 100 -> 2, 1 -> 0
    expect(raw(d, 0, 0, 0)).toEqual([5, 2, 0, 6]);
    // getImageData: rint(f32(p/255) / f32(6/255) * 255): 5 -> 212.5 -> 212 (half to even), 2 -> 85
    expect(at(d, 0, 0)).toEqual([212, 85, 0, 6]);
  });

  it('SRC (0xC) replaces the image area and clears the rest of the layer (copy is unbounded)', () => {
    const d = display(['size', 0, 4, 1], ['rect', 0, 0, 0, 4, 1], ['cfill', 14, 0, 9, 9, 9, 255], ['rect', 0, 1, 0, 1, 1], ['cfill', 12, 0, 1, 2, 3, 100]);
    expect(raw(d, 0, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(raw(d, 0, 1, 0)).toEqual([0, 1, 1, 100]);
    expect(raw(d, 0, 3, 0)).toEqual([0, 0, 0, 0]);
  });

  it('unmapped masks (0x0, 0x3, 0x5, 0x7, 0xD) keep the previous operation', () => {
    const d = display(['size', 0, 2, 1], ['rect', 0, 0, 0, 2, 1], ['cfill', 14, 0, 50, 50, 50, 255], ['rect', 0, 0, 0, 1, 1], ['cfill', 12, 0, 7, 7, 7, 255], ['rect', 0, 0, 0, 1, 1], ['cfill', 5, 0, 1, 1, 1, 255]);
    // 0x5 keeps SRC: the second pixel is cleared again.
    expect(raw(d, 0, 0, 0)).toEqual([1, 1, 1, 255]);
    expect(raw(d, 0, 1, 0)).toEqual([0, 0, 0, 0]);
  });

  it('destination-out and lighter', () => {
    const d = display(['size', 0, 2, 1], ['rect', 0, 0, 0, 2, 1], ['cfill', 14, 0, 100, 100, 100, 255], ['rect', 0, 0, 0, 1, 1], ['cfill', 2, 0, 0, 0, 0, 64]);
    // d * (255 - 64) / 255 rounded: 100 * 191 / 255 = 74.9 -> 75, alpha 255 * 191 / 255 = 191
    expect(raw(d, 0, 0, 0)).toEqual([75, 75, 75, 191]);
    run(d, ['rect', 0, 1, 0, 1, 1], ['cfill', 15, 0, 200, 10, 0, 255]);
    expect(raw(d, 0, 1, 0)).toEqual([255, 110, 100, 255]);
  });

  it('copy between layers clips the source to its canvas and copies a layer onto itself from a snapshot', () => {
    const d = display(['size', 0, 3, 1], ['rect', 0, 0, 0, 1, 1], ['cfill', 14, 0, 1, 1, 1, 255], ['rect', 0, 1, 0, 1, 1], ['cfill', 14, 0, 2, 2, 2, 255]);
    run(d, ['copy', 0, 0, 0, 2, 1, 14, 0, 1, 0]);
    expect([raw(d, 0, 0, 0)[0], raw(d, 0, 1, 0)[0], raw(d, 0, 2, 0)[0]]).toEqual([1, 1, 2]);
  });

  it('buffers grow to fit what is drawn (autosize); visible layers do not', () => {
    const d = display(['size', 0, 10, 10], ['rect', -1, 0, 0, 70, 5], ['cfill', 14, -1, 1, 1, 1, 255], ['rect', 1, 0, 0, 70, 5], ['cfill', 14, 1, 1, 1, 1, 255]);
    const buffer = d.layers.get(-1)!;
    expect([buffer.width, buffer.height, buffer.canvasWidth, buffer.canvasHeight]).toEqual([70, 5, 128, 64]);
    const layer = d.layers.get(1)!;
    expect([layer.width, layer.height]).toEqual([0, 0]); // created before the first sync: the display was 0x0 then
  });

  it('resize keeps the top-left content; a resize inside the same 64-pixel canvas keeps pixels past the new size', () => {
    const d = display(['size', 0, 60, 60], ['rect', 0, 0, 0, 60, 60], ['cfill', 14, 0, 5, 6, 7, 255], ['size', 0, 10, 10]);
    expect(raw(d, 0, 50, 50)).toEqual([5, 6, 7, 255]);
    run(d, ['size', 0, 70, 10]);
    // The canvas grows to 128x64: only the old 10x10 is copied over.
    expect(raw(d, 0, 9, 9)).toEqual([5, 6, 7, 255]);
    expect(raw(d, 0, 50, 5)).toEqual([0, 0, 0, 0]);
  });

  it('transfer applies raster operations to straight values and ignores the channel mask', () => {
    const d = display(['size', 0, 2, 1], ['rect', 0, 0, 0, 2, 1], ['cfill', 14, 0, 0x0f, 0xf0, 0x55, 255], ['rect', -1, 0, 0, 1, 1], ['cfill', 14, -1, 0xff, 0x0f, 0xaa, 255]);
    run(d, ['transfer', -1, 0, 0, 1, 1, 0x6, 0, 0, 0]); // XOR
    expect(raw(d, 0, 0, 0)).toEqual([0xf0, 0xff, 0xff, 255]);
    run(d, ['transfer', -1, 0, 0, 1, 1, 0xc, 0, 1, 0]); // NOT SRC
    expect(raw(d, 0, 1, 0)).toEqual([0x00, 0xf0, 0x55, 255]);
  });

  it('img streams draw when they end, with the operation in force then, at the stream\'s layer', () => {
    const blob = pngBlob(2, 1, [255, 0, 0, 255]);
    const d = display(['size', 0, 3, 1], ['img', 4, 14, 0, 'image/png', 1, 0], ['blob', 4, blob.slice(0, 8)], ['blob', 4, blob.slice(8)]);
    expect(raw(d, 0, 1, 0)).toEqual([0, 0, 0, 0]);
    expect(d.streams.size).toBe(1);
    run(d, ['end', 4]);
    expect(raw(d, 0, 1, 0)).toEqual([255, 0, 0, 255]);
    expect(raw(d, 0, 2, 0)).toEqual([255, 0, 0, 255]);
    expect(d.streams.size).toBe(0);
  });

  it('flatten: children by z, ties in the order they joined their parent, shaded with SkBlendARGB32', () => {
    const d = display(['size', 0, 2, 1], ['sync', 1], ['rect', 0, 0, 0, 2, 1], ['cfill', 14, 0, 0, 0, 0, 255]);
    run(d, ['size', 1, 2, 1], ['size', 2, 2, 1], ['rect', 1, 0, 0, 2, 1], ['cfill', 14, 1, 255, 0, 0, 255], ['rect', 2, 0, 0, 2, 1], ['cfill', 14, 2, 0, 255, 0, 255]);
    expect(at(d, 0, 0)).toEqual([0, 255, 0, 255]); // same z: layer 2 joined later, drawn on top
    run(d, ['move', 1, 0, 0, 0, 1]);
    expect(at(d, 0, 0)).toEqual([255, 0, 0, 255]);
    run(d, ['shade', 1, 128]);
    // white-less case: red over green at paint alpha 128: src scale 129, dst scale (0xffff - 255 * 129 + ...) >> 8 = 127
    // r = (255 * 129) >> 8 = 128, g = (255 * 127) >> 8 = 126, a = (255 * 129 + 255 * 127) >> 8 = 255
    expect(at(d, 0, 0)).toEqual([128, 126, 0, 255]);
    run(d, ['dispose', 1]);
    expect(at(d, 0, 0)).toEqual([0, 255, 0, 255]);
  });

  it('cursor copies from its source layer; mouse moves it', () => {
    const d = display(['size', -1, 2, 2], ['rect', -1, 0, 0, 2, 2], ['cfill', 14, -1, 1, 2, 3, 255], ['cursor', 1, 1, -1, 0, 0, 2, 2], ['mouse', 30, 40, 0, 0]);
    expect([d.cursorHotspotX, d.cursorHotspotY, d.cursor.width, d.cursor.height, d.mouse]).toEqual([1, 1, 2, 2, { x: 30, y: 40 }]);
    expect([...d.cursor.pixels.subarray(0, 4)]).toEqual([1, 2, 3, 255]);
  });

  it('push, clip and pop limit drawing to the clip, then lift it', () => {
    const d = display(['size', 0, 4, 1], ['push', 0], ['rect', 0, 1, 0, 2, 1], ['clip', 0], ['rect', 0, 0, 0, 4, 1], ['cfill', 14, 0, 9, 9, 9, 255], ['pop', 0]);
    expect([0, 1, 2, 3].map((x) => raw(d, 0, x, 0)[3])).toEqual([0, 255, 255, 0]);
    run(d, ['rect', 0, 0, 0, 4, 1], ['cfill', 14, 0, 9, 9, 9, 255]);
    expect([0, 1, 2, 3].map((x) => raw(d, 0, x, 0)[3])).toEqual([255, 255, 255, 255]);
  });

  it('ignores instructions that draw nothing and bad layer numbers', () => {
    const d = display(['size', 0, 2, 2], ['key', 65, 1, 0], ['name', 'x'], ['log', 'y'], ['rect', 'nope', 0, 0, 1, 1], ['sync', 5]);
    expect(d.layers.size).toBe(1);
  });
});
