/**
 * What the video export e2e tests share: exporting a range through the Export dialog, seeking the
 * player to an exact time, and reading pictures back (the exported video's, and the player's own display
 * with its mouse pointer, as the export draws them) as RGB arrays.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { dropAndLoad, type PageVideoHelpers } from './harness';

export const P = '[data-testid="player"]';
export const D = '[data-testid="guac-display"]';

/** An RGB picture, row by row. */
export interface Rgb {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** What the page hands back: the RGB bytes as base64 (a JSON array of a picture's numbers takes seconds). */
interface PageRgb {
  width: number;
  height: number;
  b64: string;
}

const fromPage = (p: PageRgb): Rgb => ({ width: p.width, height: p.height, rgb: new Uint8Array(Buffer.from(p.b64, 'base64')) });

/**
 * Defines `window.__pictureRgb(source, width, height, grid)` in the page: the source drawn onto a canvas
 * of the grid's size (its own size when grid is null), read back as base64 of its RGB bytes.
 */
async function definePictureRgb(page: Page): Promise<void> {
  await page.evaluate(`window.__pictureRgb ??= (source, width, height, grid) => {
    const c = document.createElement('canvas');
    c.width = grid ? grid.w : width;
    c.height = grid ? grid.h : height;
    const ctx = c.getContext('2d');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(source, 0, 0, c.width, c.height);
    const rgba = ctx.getImageData(0, 0, c.width, c.height).data;
    const rgb = new Uint8Array((rgba.length / 4) * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4) { rgb[j++] = rgba[i]; rgb[j++] = rgba[i + 1]; rgb[j++] = rgba[i + 2]; }
    let text = '';
    for (let i = 0; i < rgb.length; i += 0x8000) text += String.fromCharCode(...rgb.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, b64: btoa(text) };
  }`);
}

type WithPictureRgb = { __pictureRgb(source: CanvasImageSource, width: number, height: number, grid: { w: number; h: number } | null): PageRgb };

export async function openAndExport(page: Page, file: string, opts: { from: string; to: string; overlay: boolean }): Promise<{ bytes: Buffer; name: string }> {
  await dropAndLoad(page, [file], basename(file).slice(0, 20));
  await page.keyboard.press('e');
  const dialog = page.locator('[data-testid="export-dialog"]');
  await dialog.waitFor();
  await page.locator('[data-testid="export-format-webm"]').check();
  await page.locator('[data-testid="export-from"]').fill(opts.from);
  await page.locator('[data-testid="export-to"]').fill(opts.to);
  if (!opts.overlay) {
    await page.locator('[data-testid="export-stamp"]').uncheck();
    await page.locator('[data-testid="export-caption"]').uncheck();
  }
  const download = page.waitForEvent('download');
  await page.locator('[data-testid="export-start"]').click();
  const d = await download;
  await page.waitForSelector('[data-testid="export-dialog"][data-state="done"]');
  const path = await d.path();
  return { bytes: readFileSync(path), name: d.suggestedFilename() };
}

/** Closes the Export dialog (after an export) and waits until it is gone. */
export async function closeExportDialog(page: Page): Promise<void> {
  await page.locator('[data-testid="export-close"]').click();
  await page.locator('[data-testid="export-dialog"]').waitFor({ state: 'detached' });
}

/** Seeks the player to `t` ms with the "go to time" box and waits until that picture is drawn. */
export async function seekPlayer(page: Page, t: number): Promise<void> {
  const before = Number(await page.locator(P).getAttribute('data-last-seek-id'));
  await page.keyboard.press('g');
  const box = page.locator('[data-testid="goto-time"]');
  await box.fill(`${t}ms`);
  await box.press('Enter');
  await page.waitForFunction(
    ([p, d, n, want]) => {
      const el = document.querySelector(p);
      return (
        Number(el?.getAttribute('data-last-seek-id')) > n &&
        el?.getAttribute('data-time-ms') === String(want) &&
        el?.getAttribute('data-seeking') === 'false' &&
        document.querySelector(d)?.getAttribute('data-pending') === '0'
      );
    },
    [P, D, before, t] as const,
  );
}

/** The exported video's picture at `timeS`, scaled to `size` (its own size when not given). */
export async function videoPicture(page: Page, bytes: Buffer, timeS: number, size?: { w: number; h: number }): Promise<Rgb> {
  await definePictureRgb(page);
  const got = await page.evaluate(
    async ([b64, t, grid]): Promise<PageRgb> => {
      const helpers = window as unknown as PageVideoHelpers & WithPictureRgb;
      const { video: v, error } = await helpers.__loadVideo(b64, 'video/webm');
      if (error) throw new Error(error);
      // Frames are written only when the picture changes: the one shown at t may be from long before.
      await helpers.__seekPainted(v, t, Infinity);
      const picture = helpers.__pictureRgb(v, v.videoWidth, v.videoHeight, grid);
      v.remove();
      return picture;
    },
    [bytes.toString('base64'), timeS, size ?? null] as const,
  );
  return fromPage(got);
}

/**
 * The player's display as the export draws it: every layer (guacamole-common-js's flatten) over black,
 * then the mouse pointer where the player shows it (unless `pointer` is false), scaled to `size`.
 */
export async function playerPicture(page: Page, opts: { size?: { w: number; h: number }; pointer?: boolean } = {}): Promise<Rgb> {
  await definePictureRgb(page);
  const got = await page.evaluate(
    ([sel, grid, withPointer]): PageRgb => {
      type Placed = { image: HTMLCanvasElement; x: number; y: number; width: number; height: number };
      const el = document.querySelector(sel) as (HTMLElement & { trailviewFlatten?: () => HTMLCanvasElement | null; trailviewPointer?: () => Placed | null }) | null;
      const flat = el?.trailviewFlatten?.();
      if (!flat) throw new Error('the player shows no display');
      const full = document.createElement('canvas');
      full.width = flat.width;
      full.height = flat.height;
      const f = full.getContext('2d')!;
      f.fillStyle = '#000';
      f.fillRect(0, 0, full.width, full.height);
      f.drawImage(flat, 0, 0);
      const p = withPointer ? el?.trailviewPointer?.() : null;
      if (p) f.drawImage(p.image, 0, 0, p.width, p.height, p.x, p.y, p.width, p.height);
      return (window as unknown as WithPictureRgb).__pictureRgb(full, full.width, full.height, grid);
    },
    [D, opts.size ?? null, opts.pointer ?? true] as const,
  );
  return fromPage(got);
}

/** Where the player shows the mouse pointer (its image's rectangle on the display), or null. */
export function playerPointer(page: Page): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel) as (HTMLElement & { trailviewPointer?: () => { x: number; y: number; width: number; height: number } | null }) | null;
    const p = el?.trailviewPointer?.();
    return p ? { x: p.x, y: p.y, width: p.width, height: p.height } : null;
  }, D);
}
