/**
 * Guacamole clips in Chromium, drawn by guacamole-common-js itself: (A) a Guacamole.Client fed the source
 * recording from its start up to the in-point, (B) a fresh Client fed only the exported clip's first frame.
 * Display.flatten() and the cursor must be equal, pixel for pixel; then A plays on to in + t and B to t,
 * for a few later frames of the clip, and they must still be equal.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRouter } from '../../main/core/session-router';
import { corpusFiles } from '../unit/guac-display/corpus-helpers';
import { inlineCore, tempDir } from '../unit/core/helpers/temp';
import { CHROMIUM, launchBrowser } from './harness';
import { installGuacamole, PageClient, parseAll, type Ins } from './guac-keyframe-helper';

const files = corpusFiles();
const unavailable = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)` : files.length === 0 ? 'the Guacamole corpus (../shared/corpus/guacamole) is missing' : null;
if (unavailable) console.warn(`Guacamole export e2e skipped: ${unavailable}`);

/** Instructions grouped into frames, each with its time as the indexer counts it (from the first sync). */
function frames(list: Ins[]): { timeMs: number; instructions: Ins[] }[] {
  const out: { timeMs: number; instructions: Ins[] }[] = [];
  let pending: Ins[] = [];
  let origin: number | undefined;
  let last = 0;
  for (const ins of list) {
    pending.push(ins);
    if (ins[0] !== 'sync') continue;
    const raw = Number(ins[1][0]);
    origin ??= raw;
    last = Math.max(last, raw - origin);
    out.push({ timeMs: last, instructions: pending });
    pending = [];
  }
  return out;
}

describe.skipIf(unavailable !== null)('Guacamole clips play in guacamole-common-js from the in-point (Chromium)', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const core = inlineCore();
  beforeAll(async () => {
    browser = await launchBrowser();
    SessionRouter.guacLayout = { chunkBytes: 16 * 1024, keyframeBytes: 16 * 1024 };
  });
  afterAll(async () => {
    SessionRouter.guacLayout = undefined;
    await core.dispose();
    await browser?.close();
  });

  for (const file of files) {
    it(basename(file), async () => {
      const summary = await core.whenIndexed((await core.open(file)).id);
      const source = frames(parseAll(readFileSync(file, 'utf8')));
      const page = await browser.newPage();
      await installGuacamole(page);
      for (const share of [0.35, 0.7]) {
        const fromMs = Math.round(summary.durationMs * share) + 0.5;
        const toMs = Math.min(summary.durationMs, fromMs + 3000);
        const outPath = join(tempDir('tv-export-e2e-'), 'clip.guac');
        await core.exportClip(summary.id, { fromMs, toMs, format: 'guac', outPath });
        const clip = frames(parseAll(readFileSync(outPath, 'utf8')));

        const a = await PageClient.create(page, `A${share}`);
        const b = await PageClient.create(page, `B${share}`);
        let sa = 0;
        let sb = 0;
        const playTo = async (clipMs: number) => {
          const fa: Ins[] = [];
          while (sa < source.length && source[sa]!.timeMs <= fromMs + clipMs) fa.push(...source[sa++]!.instructions);
          const fb: Ins[] = [];
          while (sb < clip.length && clip[sb]!.timeMs <= clipMs) fb.push(...clip[sb++]!.instructions);
          await a.feed(fa);
          await b.feed(fb);
        };
        const checkpoints = [0, ...[1, 2, 3, 4].map((k) => clip[Math.min(clip.length - 1, Math.round((k * (clip.length - 1)) / 4))]!.timeMs)];
        for (const t of [...new Set(checkpoints)]) {
          await playTo(t);
          const where = `${basename(file)} from ${fromMs} ms, clip time ${t} ms`;
          const diff = await a.compare(b);
          expect(diff.sizeB, `${where}: size`).toEqual(diff.sizeA);
          expect(diff.differing, `${where}: first difference ${JSON.stringify(diff.first)}`).toBe(0);
          expect(await b.cursor(), `${where}: cursor`).toBe(await a.cursor());
        }
        await a.drop();
        await b.drop();
      }
      await page.close();
    }, 300_000);
  }
});
