/**
 * The mouse pointer in a Guacamole video export, in Chromium against the built browser-mode host: a
 * synthetic dump on a flat background whose pointer is set before the mouse has been anywhere, then
 * moves, changes its image, passes over a block painted on the screen and moves off it. Each decoded
 * video frame must be the expected picture, pixel for pixel within the codec's error: the pointer's
 * image with its hotspot at the mouse position, no pointer anywhere else, the picture back where it was.
 * The live player must show the same.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInstruction } from '../../shared/formats/guacamole/encode';
import { e2eUnavailable, installVideoHelpers, launchBrowser, startHost, type Host } from './harness';
import { closeExportDialog, D, openAndExport, playerPicture, seekPlayer, videoPicture, type Rgb } from './video-export-helpers';

const skip = e2eUnavailable();
if (skip) console.warn(skip);

type Colour = [number, number, number];
const BACKGROUND: Colour = [40, 90, 160];
const BLOCK: Colour = [40, 200, 60];
const RED: Colour = [230, 30, 30];
const YELLOW: Colour = [240, 220, 40];
const W = 320;
const H = 240;
/** The block painted on the screen at 1600 ms. */
const BLOCK_RECT = { x: 20, y: 180, width: 60, height: 40 };

type Ins = [string, ...(string | number)[]];
const fill = (layer: number, r: { x: number; y: number; width: number; height: number }, c: Colour): Ins[] => [
  ['rect', layer, r.x, r.y, r.width, r.height],
  ['cfill', 14, layer, ...c, 255],
];

/** [time ms, instructions] per frame. Pointers: red 16x16 (hotspot 4,6), then yellow 24x8 (hotspot 0,0). */
const FRAMES: [number, Ins[]][] = [
  [0, [['size', 0, W, H], ...fill(0, { x: 0, y: 0, width: W, height: H }, BACKGROUND), ['size', -1, 16, 16], ...fill(-1, { x: 0, y: 0, width: 16, height: 16 }, RED), ['cursor', 4, 6, -1, 0, 0, 16, 16]]],
  [400, [['mouse', 60, 50, 0, 400]]],
  [800, [['mouse', 200, 150, 0, 800]]],
  [1200, [['size', -2, 24, 8], ...fill(-2, { x: 0, y: 0, width: 24, height: 8 }, YELLOW), ['cursor', 0, 0, -2, 0, 0, 24, 8]]],
  [1600, [...fill(0, BLOCK_RECT, BLOCK), ['mouse', 30, 190, 1, 1600]]],
  [2000, [['mouse', 100, 60, 0, 2000]]],
  [2400, [['nop']]],
];

/** What the screen shows at `t` ms: [pointer rectangle and colour, block shown]. */
function expected(t: number): Rgb {
  const rgb: number[] = [];
  const block = t >= 1600;
  const pointer =
    t >= 2000 ? { x: 100, y: 60, width: 24, height: 8, c: YELLOW }
    : t >= 1600 ? { x: 30, y: 190, width: 24, height: 8, c: YELLOW }
    : t >= 1200 ? { x: 200, y: 150, width: 24, height: 8, c: YELLOW }
    : t >= 800 ? { x: 196, y: 144, width: 16, height: 16, c: RED }
    : t >= 400 ? { x: 56, y: 44, width: 16, height: 16, c: RED }
    : null;
  const inside = (r: { x: number; y: number; width: number; height: number } | null, x: number, y: number) => r !== null && x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) rgb.push(...(inside(pointer, x, y) ? pointer!.c : block && inside(BLOCK_RECT, x, y) ? BLOCK : BACKGROUND));
  }
  return { width: W, height: H, rgb: Uint8Array.from(rgb) };
}

/**
 * Pixels of `got` that differ from `want` by more than 64 in some channel, leaving out those within 2
 * pixels of a colour edge in `want` (4:2:0 video blurs colour across edges). Each as "x,y".
 */
function mismatches(got: Rgb, want: Rgb): string[] {
  expect({ w: got.width, h: got.height }).toEqual({ w: want.width, h: want.height });
  const at = (x: number, y: number) => (y * want.width + x) * 3;
  const edge = (x: number, y: number): boolean => {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const nx = Math.min(want.width - 1, Math.max(0, x + dx));
        const ny = Math.min(want.height - 1, Math.max(0, y + dy));
        for (let j = 0; j < 3; j++) if (want.rgb[at(nx, ny) + j] !== want.rgb[at(x, y) + j]) return true;
      }
    }
    return false;
  };
  const out: string[] = [];
  for (let y = 0; y < want.height; y++) {
    for (let x = 0; x < want.width; x++) {
      let worst = 0;
      for (let j = 0; j < 3; j++) worst = Math.max(worst, Math.abs(got.rgb[at(x, y) + j]! - want.rgb[at(x, y) + j]!));
      if (worst > 64 && !edge(x, y)) out.push(`${x},${y}`);
    }
  }
  return out;
}

/** Pixels of a PNG screenshot within 40 of `c` in every channel, counted by Chromium. */
function pixelsNear(page: Page, png: Buffer, c: Colour): Promise<number> {
  return page.evaluate(
    async ([b64, want]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if ([0, 1, 2].every((j) => Math.abs(px[i + j]! - want[j]!) <= 40)) n++;
      return n;
    },
    [png.toString('base64'), c] as const,
  );
}

describe.skipIf(skip !== null)('the mouse pointer in a Guacamole video export (Chromium)', () => {
  let host: Host;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tv-pointer-e2e-'));
    file = join(dir, 'pointer-moves.guac');
    const origin = 700_000;
    writeFileSync(file, FRAMES.map(([t, list]) => list.map(([op, ...args]) => encodeInstruction(op, args)).join('') + encodeInstruction('sync', [origin + t, 0])).join(''));
    host = await startHost();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each frame shows the pointer where the mouse was, with its image of the time, and nowhere else', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await installVideoHelpers(page);
    await page.goto(host.url);
    const fromMs = 200;
    const { bytes } = await openAndExport(page, file, { from: '0:00:00.200', to: '0:00:02.300', overlay: false });
    // Probed between changes: before any mouse instruction, red at two places, the yellow image at the
    // same place, over the block, off it again.
    const probes = [300, 600, 1000, 1400, 1800, 2200];
    for (const t of probes) {
      // The expected pictures differ from one probe to the next (else a frame left out could pass).
      const got = await videoPicture(page, bytes, (t - fromMs) / 1000);
      const bad = mismatches(got, expected(t));
      expect(bad.length, `video at ${t} ms: ${bad.length} pixels differ, first ${bad.slice(0, 5).join(' ')}`).toBe(0);
    }
    await closeExportDialog(page);
    for (const t of probes) {
      await seekPlayer(page, t);
      const bad = mismatches(await playerPicture(page), expected(t));
      expect(bad.length, `player at ${t} ms: ${bad.length} pixels differ, first ${bad.slice(0, 5).join(' ')}`).toBe(0);
      if (t <= 600) {
        // What is on the page (the cursor layer's own element, not the hooks above): no pointer before
        // the first mouse instruction, though its image is set; the red one after it.
        const red = await pixelsNear(page, await page.locator(D).screenshot(), RED);
        if (t < 400) expect(red, `player at ${t} ms: red pixels on the page`).toBe(0);
        else expect(red).toBeGreaterThan(100);
      }
    }
    await page.close();
  });
});
