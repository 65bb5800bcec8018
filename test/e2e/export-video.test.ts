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
import { CORPUS, dropAndLoad, e2eUnavailable, launchBrowser, startHost, type Host } from './harness';

const CAST = join(CORPUS, 'asciicast/08-v2-misc-real-session.cast');
const VNC = join(CORPUS, 'guacamole/guacd160-vnc-xterm-keys.guac');
const skip = e2eUnavailable() ?? (existsSync(CAST) && existsSync(VNC) ? null : `e2e skipped: corpus files missing under ${CORPUS}`);
if (skip) console.warn(skip);

const FRAME_S = 1 / 30;

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
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const v = document.createElement('video');
      v.muted = true;
      document.body.appendChild(v);
      v.src = URL.createObjectURL(new Blob([data], { type }));
      const error = await new Promise<string | null>((resolve) => {
        v.onloadeddata = () => resolve(null);
        v.onerror = () => resolve(v.error?.message ?? `media error ${v.error?.code}`);
      });
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
      const c = document.createElement('canvas');
      c.width = v.videoWidth;
      c.height = v.videoHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(v, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < px.length; i += 4 * 13) seen.add((px[i]! >> 4 << 8) | (px[i + 1]! >> 4 << 4) | (px[i + 2]! >> 4));
      v.remove();
      return { duration, width: v.videoWidth, height: v.videoHeight, advanced: v.currentTime > start, colours: seen.size, error: null };
    },
    [bytes.toString('base64'), mime] as const,
  );
}

async function openAndExport(page: Page, file: string, opts: { from: string; to: string; overlay: boolean }): Promise<{ bytes: Buffer; name: string }> {
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
