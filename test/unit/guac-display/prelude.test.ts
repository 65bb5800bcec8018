/**
 * Preludes parse back (the project's own text parser, no warnings, nothing left over) and, replayed into a
 * fresh SoftDisplay, rebuild every layer's size and pixels, the tree, the cursor and the mouse: at many
 * frame boundaries of every corpus file. (That Chromium rebuilds the same is the e2e fidelity test.)
 * Memory stays bounded by the layers' canvases.
 */
import { describe, expect, it } from 'vitest';
import { loadImageDecoders } from '../../../main/core/guacamole/display/image-decoders';
import { SoftDisplay, viewOf } from '../../../main/core/guacamole/display/soft-display';
import type { Layer } from '../../../main/core/guacamole/display/layer';
import { takePixels } from '../../../main/core/guacamole/display/pixel-pool';
import { encodeInstruction } from '../../../shared/formats/guacamole/encode';
import { parseGuacText } from '../../../shared/formats/guacamole/text-parser';
import { corpusFiles, replay } from './corpus-helpers';
import { mulberry32 } from '../../../main/core/testing/synthetic-scenes';

const decoders = await loadImageDecoders();

function replayText(text: string): SoftDisplay {
  const d = SoftDisplay.withDecoders(decoders);
  const warnings: string[] = [];
  const stop = parseGuacText(text, (i) => d.apply(viewOf(i.opcode, i.args)), (m) => warnings.push(m));
  expect(warnings).toEqual([]);
  expect(stop).toBe(text.length);
  return d;
}

function describeLayer(l: Layer) {
  return { size: [l.width, l.height, l.canvasWidth, l.canvasHeight], tree: [l.x, l.y, l.z, l.alpha], op: l.op, baseOp: l.baseOp, pixels: Buffer.from(l.pixels).toString('base64') };
}

describe('prelude', () => {
  for (const file of corpusFiles()) {
    it(`rebuilds the display at every 8th frame of ${file.split('/').pop()}`, () => {
      const d = SoftDisplay.withDecoders(decoders);
      let frames = 0;
      let checked = 0;
      replay(file, (ins) => {
        d.apply(ins);
        if (ins.opcode !== 'sync' || ++frames % 8 !== 0) return;
        const text = d.prelude({ syncTimestamp: 0 });
        const back = replayText(text);
        expect([...back.layers.keys()].sort()).toEqual([...d.layers.keys()].sort());
        for (const [index, layer] of d.layers) expect(describeLayer(back.layers.get(index)!), `layer ${index}`).toEqual(describeLayer(layer));
        expect(Buffer.from(back.flatten().rgba).equals(Buffer.from(d.flatten().rgba))).toBe(true);
        expect([back.cursorHotspotX, back.cursorHotspotY, back.mouse, Buffer.from(back.cursor.pixels).toString('base64')]).toEqual([d.cursorHotspotX, d.cursorHotspotY, d.mouse, Buffer.from(d.cursor.pixels).toString('base64')]);
        checked++;
      });
      expect(checked).toBeGreaterThanOrEqual(5);
    });
  }

  it('rebuilds exactly after random changes to some bands of a screen and a buffer copying it (bands re-encoded or reused)', () => {
    const rand = mulberry32(5);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const d = SoftDisplay.withDecoders(decoders);
    const run = (op: string, ...args: (string | number)[]) => d.apply(viewOf(op, args.map(String)));
    run('size', 0, 300, 260);
    run('rect', 0, 0, 0, 300, 260);
    run('cfill', 14, 0, 10, 20, 30, 255);
    for (let step = 0; step < 40; step++) {
      for (let k = int(1, 3); k > 0; k--) {
        const kind = rand();
        if (kind < 0.5) {
          // Small fills, some translucent, on either layer (a band or two change).
          const layer = rand() < 0.7 ? 0 : -1;
          run('rect', layer, int(0, 290), int(0, 250), int(1, 40), int(1, 20));
          run('cfill', 14, layer, int(0, 255), int(0, 255), int(0, 255), [255, 128, 1][int(0, 2)]!);
        } else if (kind < 0.8) run('copy', 0, 0, 0, 300, 260, 14, -1, 0, 0);
        else run('copy', 0, int(0, 200), int(0, 200), int(10, 100), int(10, 60), 12, -1, int(0, 250), int(0, 250));
      }
      const back = replayText(d.prelude({ syncTimestamp: 0 }));
      for (const [index, layer] of d.layers) expect(describeLayer(back.layers.get(index)!), `layer ${index} after step ${step}`).toEqual(describeLayer(layer));
    }
  });

  it('re-opens an image stream that is still open, and sets the layer tree back in sibling order', () => {
    const d = SoftDisplay.withDecoders(decoders);
    const lines: [string, ...(string | number)[]][] = [
      ['size', 0, 20, 20],
      ['sync', 1],
      ['size', 3, 5, 5],
      ['size', 2, 5, 5],
      ['size', 1, 5, 5],
      ['move', 3, 1, 2, 2, 0],
      ['shade', 2, 77],
      ['img', 7, 14, 2, 'image/png', 0, 0],
      ['blob', 7, 'iVBORw0KGgo='],
    ];
    for (const [op, ...args] of lines) d.apply(viewOf(op, args.map(String)));
    const back = replayText(d.prelude());
    expect(back.streams.get(7)?.blobs).toEqual(['iVBORw0KGgo=']);
    const order = (s: SoftDisplay) => [...s.layers].filter(([i]) => i > 0).sort((a, b) => a[1].appendSeq - b[1].appendSeq).map(([i, l]) => [i, s.layers.get(0) === l.parent ? 0 : [...s.layers].find(([, p]) => p === l.parent)?.[0], l.alpha]);
    expect(order(back)).toEqual(order(d));
  });

  it('memory is the layers\' canvases (plus open streams), whatever the length of the recording', () => {
    const d = SoftDisplay.withDecoders(decoders);
    const files = corpusFiles();
    const peaks: number[] = [];
    for (let round = 0; round < 3; round++) {
      let peak = 0;
      for (const f of files) {
        replay(f, (ins) => {
          d.apply(ins);
          peak = Math.max(peak, d.memoryBytes);
        });
      }
      peaks.push(peak);
    }
    // Canvases never drawn on hold no buffer yet.
    const bytes = (l: Layer) => (l.allocated ? l.canvasWidth * l.canvasHeight * 4 : 0);
    let canvases = bytes(d.cursor);
    for (const l of d.layers.values()) canvases += bytes(l);
    expect(d.memoryBytes).toBe(canvases);
    // Flat across rounds; 1024x768 screens: the default layer, a full-screen buffer, small ones, a stream.
    expect(peaks[2]).toBe(peaks[0]);
    expect(peaks[0]).toBeLessThan(16 * 1024 * 1024);
  });

  it('hands a layer\'s kept copy back to the pixel pool once the layer is gone, at the next prelude', () => {
    const d = SoftDisplay.withDecoders(decoders);
    const apply = (opcode: string, ...args: number[]) => {
      const stop = parseGuacText(encodeInstruction(opcode, args), (i) => d.apply(viewOf(i.opcode, i.args)), () => undefined);
      expect(stop).toBeGreaterThan(0);
    };
    apply('size', -1, 256, 128);
    apply('rect', -1, 0, 0, 256, 128);
    apply('cfill', 14, -1, 200, 10, 10, 255);
    const layer = d.layers.get(-1)!;
    d.prelude();
    const shadow = d.pngCache.get(layer)!.shadow;
    expect(shadow.length).toBe(layer.canvasWidth * layer.canvasHeight * 4);
    // Still there: the next prelude re-encodes nothing and keeps it.
    d.prelude();
    expect(d.pngCache.get(layer)!.shadow).toBe(shadow);
    apply('dispose', -1);
    d.prelude();
    expect(d.pngCache.get(layer)).toBeUndefined();
    // The pool gives it out again (zeroed), with the layer's canvas released at its dispose.
    const next = [takePixels(shadow.length), takePixels(shadow.length)];
    expect(next).toContain(shadow);
    expect(shadow.every((b) => b === 0)).toBe(true);
  });
});
