/**
 * Video export in Chromium against the built browser-mode host: open a corpus recording, choose a
 * 5-second range in the Export dialog, export WebM, take the download, and play the file in a <video>
 * element: it must load, play, last 5 s (within one frame) and have the expected size. Cancel leaves
 * nothing. Sizes come from the recordings themselves (the cast header, the dump's `size` instruction).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, dropAndLoad, e2eUnavailable, installVideoHelpers, launchBrowser, startHost, type Host, type PageVideoHelpers } from './harness';
import { closeExportDialog, openAndExport, playerPicture, playerPointer, seekPlayer, videoPicture } from './video-export-helpers';

const CAST = join(CORPUS, 'asciicast/08-v2-misc-real-session.cast');
const VNC = join(CORPUS, 'guacamole/guacd160-vnc-xterm-keys.guac');
const skip = e2eUnavailable() ?? (existsSync(CAST) && existsSync(VNC) ? null : `e2e skipped: corpus files missing under ${CORPUS}`);
if (skip) console.warn(skip);

const FRAME_S = 1 / 30;
/** Pictures are compared downscaled to this grid of 8x8-pixel cells (VP9 at a low bitrate blurs text). */
const GRID = { w: 128, h: 96 };

type Cells = ArrayLike<number>;

/** The exported video's picture at `timeS`, downscaled to GRID (RGB per cell). */
async function videoCells(page: Page, bytes: Buffer, timeS: number): Promise<Cells> {
  return (await videoPicture(page, bytes, timeS, GRID)).rgb;
}

/** The player's display with its mouse pointer, as the export draws it, the same way downscaled. */
async function playerCells(page: Page, pointer = true): Promise<Cells> {
  return (await playerPicture(page, { size: GRID, pointer })).rgb;
}

/** Mean absolute difference per channel, and which cells (indices) differ by more than 48 in some channel. */
function compare(a: Cells, b: Cells): { mean: number; cells: number; at: number[] } {
  let sum = 0;
  const at: number[] = [];
  for (let i = 0; i < a.length; i += 3) {
    let worst = 0;
    for (let j = 0; j < 3; j++) {
      const d = Math.abs(a[i + j]! - b[i + j]!);
      sum += d;
      worst = Math.max(worst, d);
    }
    if (worst > 48) at.push(i / 3);
  }
  return { mean: sum / a.length, cells: at.length, at };
}

/** Seeks the player to `t` ms and returns its picture (with the pointer) there. */
async function playerAt(page: Page, t: number): Promise<Cells> {
  await seekPlayer(page, t);
  return playerCells(page);
}

interface Played {
  duration: number;
  width: number;
  height: number;
  advanced: boolean;
  colours: number;
  error: string | null;
}

/** Loads `bytes` into a <video>, plays it a little, and reports what the browser's own decoder saw. */
function playInPage(page: Page, bytes: Buffer, mime: string): Promise<Played> {
  return page.evaluate(
    async ([b64, type]) => {
      const helpers = window as unknown as PageVideoHelpers;
      const { video: v, error } = await helpers.__loadVideo(b64, type);
      if (error) return { duration: 0, width: 0, height: 0, advanced: false, colours: 0, error };
      // A WebM whose duration the header does not give reads as Infinity until the end is found.
      const duration = v.duration;
      const start = v.currentTime;
      await v.play();
      await new Promise<void>((resolve) => {
        const check = () => (v.currentTime > start + 0.2 ? resolve() : requestAnimationFrame(check));
        check();
      });
      v.pause();
      const colours = helpers.__colourCount(v, 13);
      v.remove();
      return { duration, width: v.videoWidth, height: v.videoHeight, advanced: v.currentTime > start, colours, error: null };
    },
    [bytes.toString('base64'), mime] as const,
  );
}

describe.skipIf(skip !== null)('video export in Chromium', () => {
  let host: Host;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    host = await startHost();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('5 s of a corpus cast -> a WebM that plays, 5 s long, sized by the terminal grid', async () => {
    const page = await browser.newPage();
    await installVideoHelpers(page);
    await page.goto(host.url);
    const { bytes, name } = await openAndExport(page, CAST, { from: '0:00:10.000', to: '0:00:15.000', overlay: true });
    expect(name).toMatch(/\.webm$/);
    // EBML magic: a Matroska/WebM file.
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    const played = await playInPage(page, bytes, 'video/webm');
    expect(played.error).toBeNull();
    expect(Math.abs(played.duration - 5)).toBeLessThanOrEqual(FRAME_S);
    expect(played.advanced).toBe(true);
    // Text on a dark background, plus the burned-in strip: more than a handful of colours.
    expect(played.colours).toBeGreaterThan(4);
    // The cast header says 104x29. Rows are 20 px at the 16 px export font, plus the 28 px strip;
    // columns are a monospace advance each (6..12 px at 16 px).
    const header = JSON.parse(readFileSync(CAST, 'utf8').split('\n', 1)[0]!) as { width: number; height: number };
    expect(played.height).toBe(header.height * 20 + 28 + ((header.height * 20 + 28) % 2));
    expect(played.width / header.width).toBeGreaterThan(6);
    expect(played.width / header.width).toBeLessThan(12.1);
    expect(played.width % 2).toBe(0);
    await page.close();
  });

  it('5 s of the corpus VNC .guac -> a WebM at the remote screen size, 5 s long', async () => {
    const page = await browser.newPage();
    await installVideoHelpers(page);
    await page.goto(host.url);
    const { bytes } = await openAndExport(page, VNC, { from: '0:00:01.000', to: '0:00:06.000', overlay: false });
    const played = await playInPage(page, bytes, 'video/webm');
    expect(played.error).toBeNull();
    expect(Math.abs(played.duration - 5)).toBeLessThanOrEqual(FRAME_S);
    expect(played.advanced).toBe(true);
    // The default layer's size from the dump's own `size` instruction (layer 0).
    const m = /4\.size,1\.0,(\d+)\.(\d+),(\d+)\.(\d+);/.exec(readFileSync(VNC, 'utf8'))!;
    expect({ width: played.width, height: played.height }).toEqual({ width: Number(m[2]), height: Number(m[4]) });
    expect(played.colours).toBeGreaterThan(2);
    // Frames of the video against the player's own display at the same recording times: frame k of the
    // clip shows the display at 1000 + k * 1000/30 ms (a grid slot; probed mid-frame). 1.5 s and 4.5 s
    // into the clip = 2500 and 5500 ms. Each must match its own time far better than the other's.
    const slots = [45, 135];
    const vids = [];
    for (const k of slots) vids.push(await videoCells(page, bytes, (k + 0.5) * FRAME_S));
    await closeExportDialog(page);
    const players = [];
    for (const k of slots) players.push(await playerAt(page, 1000 + Math.round((k * 1000) / 30)));
    const across = compare(players[0]!, players[1]!);
    // The screen changes between the two times (else the check below could not fail).
    expect(across.cells).toBeGreaterThan(3);
    for (let i = 0; i < slots.length; i++) {
      const same = compare(vids[i]!, players[i]!);
      const other = compare(vids[i]!, players[1 - i]!);
      expect(same.cells, `slot ${slots[i]}: ${JSON.stringify({ same: same.cells, other: other.cells, across: across.cells })}`).toBe(0);
      expect(same.mean).toBeLessThan(0.3);
      expect(other.cells).toBeGreaterThan(3);
    }
    // The mouse moved to (300, 200) at 1.9 s: the video shows the recording's pointer image there, and
    // only there, drawn over the picture (the player's picture without it differs from the video in the
    // cells under the pointer, and nowhere else).
    const pointer = await playerPointer(page);
    expect(pointer).not.toBeNull();
    const bare = compare(vids[1]!, await playerCells(page, false));
    expect(bare.cells).toBeGreaterThan(0);
    const cellPx = { w: played.width / GRID.w, h: played.height / GRID.h };
    for (const cell of bare.at) {
      const x = (cell % GRID.w) * cellPx.w;
      const y = Math.floor(cell / GRID.w) * cellPx.h;
      const under = x + cellPx.w > pointer!.x && x < pointer!.x + pointer!.width && y + cellPx.h > pointer!.y && y < pointer!.y + pointer!.height;
      expect(under, `cell at ${x},${y} differs, the pointer is at ${JSON.stringify(pointer)}`).toBe(true);
    }
    await page.close();
  });

  it('cancel stops the export and nothing is downloaded', async () => {
    const page = await browser.newPage();
    await page.goto(host.url);
    await dropAndLoad(page, [VNC], basename(VNC).slice(0, 20));
    await page.keyboard.press('e');
    await page.locator('[data-testid="export-format-webm"]').check();
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.locator('[data-testid="export-start"]').click();
    await page.waitForSelector('[data-testid="export-dialog"][data-state="running"]');
    await page.locator('[data-testid="export-cancel"]').click();
    await page.waitForSelector('[data-testid="export-dialog"][data-state="cancelled"]');
    expect(await page.locator('[data-testid="export-result"]').count()).toBe(0);
    // The page is still usable: a new export can start (and is cancelled again).
    expect(await page.locator('[data-testid="export-start"]').isEnabled()).toBe(true);
    expect(downloads).toBe(0);
    await page.close();
  });
});
