/**
 * Keyframe fidelity in Chromium, for every corpus recording at 12 frame boundaries spread over it:
 * (A) a Guacamole.Client fed the recording from the start up to the boundary, (B) a fresh Client fed only
 * the SoftDisplay's prelude made there. Display.flatten() of both must be equal, pixel for pixel, and
 * stay equal after both are fed the next frames (so off-screen buffers and hidden layers came back too).
 * The corpus never reads back its off-screen buffers within a few frames, so each layer and buffer is then
 * also copied onto the default layer (SRC) in both clients and compared, and so is the cursor.
 * The SoftDisplay's own flatten() must equal (A) as well.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImageDecoders, type ImageDecoders } from '../../main/core/guacamole/display/image-decoders';
import { SoftDisplay, viewOf } from '../../main/core/guacamole/display/soft-display';
import { corpusFiles } from '../unit/guac-display/corpus-helpers';
import { CHROMIUM, launchBrowser } from './harness';
import { mulberry32 } from '../../main/core/testing/synthetic-scenes';
import { chromiumImages, diffRgba, installGuacamole, PageClient, parseAll, pixelHash, syntheticScene, type Ins } from './guac-keyframe-helper';

const POINTS = 12;
const NEXT_FRAMES = 3;
const files = corpusFiles();
const unavailable = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)` : files.length === 0 ? 'the Guacamole corpus (../shared/corpus/guacamole) is missing' : null;
if (unavailable) console.warn(`keyframe fidelity skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('keyframe preludes rebuild the display exactly (Chromium)', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let decoders: ImageDecoders;
  beforeAll(async () => {
    browser = await launchBrowser();
    decoders = await loadImageDecoders();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const file of files) {
    it(basename(file), async () => {
      const page = await browser.newPage();
      await installGuacamole(page);
      const instructions = parseAll(readFileSync(file, 'utf8'));
      const frameEnds = instructions.flatMap(([op], i) => (op === 'sync' ? [i + 1] : []));
      expect(frameEnds.length).toBeGreaterThan(POINTS);
      const points = [...new Set(Array.from({ length: POINTS }, (_, k) => frameEnds[Math.round(((k + 1) * (frameEnds.length - NEXT_FRAMES - 1)) / POINTS)]!))];
      expect(points.length).toBe(POINTS);

      const soft = SoftDisplay.withDecoders(decoders);
      const a = await PageClient.create(page, 'A');
      let position = 0;
      const advance = async (end: number, clients: PageClient[]) => {
        const slice = instructions.slice(position, end);
        for (const [op, args] of slice) soft.apply(viewOf(op, args));
        for (const c of clients) await c.feed(slice);
        position = end;
      };
      const softMatchesA = async (where: string) => {
        const flat = soft.flatten();
        const digest = await a.digest();
        expect([flat.width, flat.height], `${where}: soft display size`).toEqual([digest.width, digest.height]);
        if (pixelHash(flat.rgba) !== digest.hash) {
          const diff = diffRgba(await a.pixels(), flat.rgba, flat.width);
          expect.fail(`${where}: SoftDisplay.flatten() differs from Chromium in ${diff.differing} pixels, first ${diff.first}`);
        }
      };
      const sizes: number[] = [];
      for (const [k, end] of points.entries()) {
        await advance(end, [a]);
        const where = `${basename(file)} frame ${frameEnds.indexOf(end) + 1}/${frameEnds.length}`;
        await softMatchesA(where);
        const prelude = soft.prelude();
        sizes.push(prelude.length);
        const b = await PageClient.create(page, `B${k}`);
        await b.feed([...parseAll(prelude), ['sync', ['0']] as Ins]);
        const atKeyframe = await a.compare(b);
        expect(atKeyframe.sizeB, `${where}: size after prelude`).toEqual(atKeyframe.sizeA);
        expect(atKeyframe.differing, `${where}: prelude vs played, first difference ${JSON.stringify(atKeyframe.first)}`).toBe(0);
        // Then both play on: what the prelude rebuilt off screen must serve the next frames too.
        const nextEnd = frameEnds[frameEnds.indexOf(end) + NEXT_FRAMES]!;
        await advance(nextEnd, [a, b]);
        const after = await a.compare(b);
        expect(after.differing, `${where} + ${NEXT_FRAMES} frames: first difference ${JSON.stringify(after.first)}`).toBe(0);
        await softMatchesA(`${where} + ${NEXT_FRAMES} frames`);
        expect(await b.cursor(), `${where}: cursor`).toEqual(await a.cursor());
        // Show every layer and buffer in turn, in B and in a fresh A' played to the same frame.
        const a2 = await PageClient.create(page, `A${k}`);
        await a2.feed(instructions.slice(0, nextEnd));
        for (const index of [...soft.layers.keys()].filter((i) => i !== 0)) {
          const show: Ins[] = [['copy', [String(index), '0', '0', '4096', '4096', '12', '0', '0', '0']], ['sync', ['1']]];
          await a2.feed(show);
          await b.feed(show);
          const shown = await a2.compare(b);
          expect(shown.differing, `${where} + ${NEXT_FRAMES} frames: layer ${index} copied to view, first difference ${JSON.stringify(shown.first)}`).toBe(0);
        }
        await a2.drop();
        await b.drop();
      }
      console.log(`${basename(file)}: prelude sizes (chars) ${sizes.join(', ')}`);
      await page.close();
    }, 300_000);
  }

  // Beyond the corpus: translucency, every mask, transfers, resizes, the layer tree. Same two checks.
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`synthetic scene ${seed}`, async () => {
      const page = await browser.newPage();
      await installGuacamole(page);
      const instructions = syntheticScene(mulberry32(seed), await chromiumImages(page, seed), 60);
      const frameEnds = instructions.flatMap(([op], i) => (op === 'sync' ? [i + 1] : []));
      const soft = SoftDisplay.withDecoders(decoders);
      const a = await PageClient.create(page, 'A');
      let position = 0;
      for (const [f, end] of frameEnds.entries()) {
        const slice = instructions.slice(position, end);
        position = end;
        for (const [op, args] of slice) soft.apply(viewOf(op, args));
        await a.feed(slice);
        const where = `scene ${seed} frame ${f + 1}`;
        const flat = soft.flatten();
        const digest = await a.digest();
        expect([flat.width, flat.height], `${where}: size`).toEqual([digest.width, digest.height]);
        if (pixelHash(flat.rgba) !== digest.hash) {
          const diff = diffRgba(await a.pixels(), flat.rgba, flat.width);
          expect.fail(`${where}: SoftDisplay.flatten() differs from Chromium in ${diff.differing} pixels, first ${diff.first}`);
        }
        if (f % 6 !== 5 || f + 3 >= frameEnds.length) continue;
        const b = await PageClient.create(page, `B${f}`);
        await b.feed([...parseAll(soft.prelude()), ['sync', ['0']] as Ins]);
        const atKeyframe = await a.compare(b);
        expect(atKeyframe.differing, `${where}: prelude vs played, first difference ${JSON.stringify(atKeyframe.first)}`).toBe(0);
        expect(await b.cursor(), `${where}: cursor`).toEqual(await a.cursor());
        const a2 = await PageClient.create(page, `A${f}`);
        const next = instructions.slice(end, frameEnds[f + 3]!);
        await a2.feed([...instructions.slice(0, end), ...next]);
        await b.feed(next);
        const after = await a2.compare(b);
        expect(after.differing, `${where} + 3 frames: first difference ${JSON.stringify(after.first)}`).toBe(0);
        for (const index of [-3, -2, -1, 1, 2, 3]) {
          const show: Ins[] = [['copy', [String(index), '0', '0', '4096', '4096', '12', '0', '0', '0']], ['sync', ['1']]];
          await a2.feed(show);
          await b.feed(show);
          const shown = await a2.compare(b);
          expect(shown.differing, `${where} + 3 frames: layer ${index} copied to view, first difference ${JSON.stringify(shown.first)}`).toBe(0);
        }
        await a2.drop();
        await b.drop();
      }
      await page.close();
    }, 300_000);
  }
});
