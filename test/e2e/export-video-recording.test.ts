/**
 * Cutting a video recording in Chromium against the built browser-mode host: the zip of three 2 s,
 * 10 fps H.264 clips (key frames at frames 0 and 10 of each, test/fixtures/video/make-fixtures.mjs) is
 * exported to MP4 and the file played in a <video>. Which frame is shown is read from the picture itself
 * (frame and clip numbers drawn as squares). Copying is checked against the source's own bytes: the whole
 * of clip 1's media data must appear, unchanged, in the output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT, dropAndLoad, dropFiles, e2eUnavailable, installVideoHelpers, launchBrowser, startHost, type Host, type PageVideoHelpers } from './harness';

const FIXTURES = join(ROOT, 'test/fixtures/video');
const FRAME_S = 0.1;
const M4V = join(CORPUS, 'video/guacd160-vnc-xterm-keys.guacenc.m4v');
const skip = e2eUnavailable();
if (skip) console.warn(skip);

interface Seen {
  error: string | null;
  duration: number;
  width: number;
  height: number;
  /** [clip, frame] drawn in the picture at each asked time. */
  frames: [number, number][];
}

/** Loads the bytes into a <video>, seeks to each time (seconds) and reads the squares there. */
function inspect(page: Page, bytes: Buffer, timesS: number[], mime = 'video/mp4'): Promise<Seen> {
  return page.evaluate(
    async ([b64, times, type]) => {
      const helpers = window as unknown as PageVideoHelpers;
      const { video: v, error } = await helpers.__loadVideo(b64, type);
      if (error) return { error, duration: 0, width: 0, height: 0, frames: [] };
      const c = document.createElement('canvas');
      c.width = v.videoWidth;
      c.height = v.videoHeight;
      const ctx = c.getContext('2d', { willReadFrequently: true })!;
      const frames: [number, number][] = [];
      for (const t of times) {
        // Always a seek, to 0 too: right after loadeddata the picture may not be painted yet.
        await helpers.__seekPainted(v, t, 0.1);
        ctx.drawImage(v, 0, 0);
        const bit = (x: number, y: number): number => (ctx.getImageData(x, y, 1, 1).data[0]! > 128 ? 1 : 0);
        let frame = 0;
        for (let b = 0; b < 8; b++) frame |= bit(8 + b * 38 + 17, 16 + 17) << b;
        const clip = bit(8 + 17, 70 + 17) | (bit(8 + 38 + 17, 70 + 17) << 1);
        frames.push([clip, frame]);
      }
      v.remove();
      return { error: null, duration: v.duration, width: c.width, height: c.height, frames };
    },
    [bytes.toString('base64'), timesS, mime] as const,
  );
}

/** The media data (mdat payload) of a fixture clip: the bytes a copy must carry over unchanged. */
function mdatPayload(file: Buffer): Buffer {
  const at = file.indexOf('mdat', 0, 'latin1');
  return file.subarray(at + 4, at - 4 + file.readUInt32BE(at - 4));
}

describe.skipIf(skip !== null)('exporting a video recording (clips of a zip) in Chromium', () => {
  let host: Host;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let scratch: string;
  let zipPath: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trailview-e2e-cut-'));
    const zip = new JSZip();
    for (let i = 0; i < 3; i++) zip.file(`session/clip-${i}.mp4`, readFileSync(join(FIXTURES, `clip-${i}-h264.mp4`)), { compression: 'STORE' });
    zipPath = join(scratch, 'clips.zip');
    writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer' }));
    host = await startHost();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await installVideoHelpers(page);
    await page.goto(host.url);
    await dropAndLoad(page, [zipPath], 'clips.zip');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Opens the dialog on MP4 with the range, waits for its plan, and returns what the plan says. */
  async function prepare(from: string, to: string, fast: boolean, format: 'mp4' | 'webm' = 'mp4'): Promise<{ mode: string; startMs: number; text: string }> {
    if ((await page.locator('[data-testid="export-dialog"]').count()) > 0) await page.locator('[data-testid="export-close"]').click();
    await page.keyboard.press('e');
    await page.locator('[data-testid="export-dialog"]').waitFor();
    await page.locator(`[data-testid="export-format-${format}"]`).check();
    await page.locator('[data-testid="export-from"]').fill(from);
    await page.locator('[data-testid="export-to"]').fill(to);
    const box = page.locator('[data-testid="export-fast"]');
    if ((await box.isChecked()) !== fast) await box.click();
    // The plan for exactly these inputs, not one still showing for the dialog's first range.
    const ms = (t: string): number => t.split(':').reduce((a, x) => a * 60 + Number(x), 0) * 1000;
    const plan = page.locator(`[data-testid="export-plan"][data-for="${Math.round(ms(from))}-${Math.round(ms(to))}-${fast}-${format}"]`);
    await plan.waitFor();
    return { mode: (await plan.getAttribute('data-mode'))!, startMs: Number(await plan.getAttribute('data-start-ms')), text: await plan.innerText() };
  }

  async function run(): Promise<{ bytes: Buffer; name: string; detail: string }> {
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="export-start"]').click();
    const d = await download;
    await page.waitForSelector('[data-testid="export-dialog"][data-state="done"]');
    const detail = (await page.locator('[data-testid="export-result"]').getAttribute('data-detail')) ?? '';
    return { bytes: readFileSync((await d.path())!), name: d.suggestedFilename(), detail };
  }

  it('1.0-4.5 s starts on a key frame: packets copied, 3.5 s long, first frame is clip 0 frame 10', async () => {
    const plan = await prepare('0:00:01.000', '0:00:04.500', false);
    expect(plan).toMatchObject({ mode: 'copy', startMs: 1000 });
    expect(plan.text).toContain('no re-encoding');
    const { bytes, name, detail } = await run();
    expect(name).toBe('clips_0m01s-0m04s.mp4');
    expect(detail).toMatch(/^copy · aligned · avc1\.42c0/);
    // The middle clip is wholly inside the range: its encoded frames are in the output byte for byte.
    expect(bytes.indexOf(mdatPayload(readFileSync(join(FIXTURES, 'clip-1-h264.mp4'))))).toBeGreaterThan(0);
    const seen = await inspect(page, bytes, [0, 0.95, 1.05, 3.05, 3.45]);
    expect(seen.error).toBeNull();
    expect(Math.abs(seen.duration - 3.5)).toBeLessThanOrEqual(FRAME_S);
    expect({ width: seen.width, height: seen.height }).toEqual({ width: 320, height: 240 });
    // Output time t is recording time 1.0 + t: clip floor(..), frame within the clip at 10 fps.
    expect(seen.frames).toEqual([
      [0, 10],
      [0, 19],
      [1, 0],
      [2, 0],
      [2, 4],
    ]);
  });

  it('1.3-4.5 s starts between key frames: re-encoded precisely from frame 13, 3.2 s long', async () => {
    const plan = await prepare('0:00:01.300', '0:00:04.500', false);
    expect(plan).toMatchObject({ mode: 'reencode', startMs: 1300 });
    expect(plan.text).toContain('0:00:01.000');
    const { bytes, detail } = await run();
    expect(detail).toMatch(/^reencode · midGop/);
    const seen = await inspect(page, bytes, [0, 0.75, 3.15]);
    expect(seen.error).toBeNull();
    expect(Math.abs(seen.duration - 3.2)).toBeLessThanOrEqual(FRAME_S);
    expect(seen.frames).toEqual([
      [0, 13],
      [1, 0],
      [2, 4],
    ]);
  });

  it('fast mode from 1.3 s copies from the key frame before (1.0 s): 3.5 s, first frame 10', async () => {
    const plan = await prepare('0:00:01.300', '0:00:04.500', true);
    expect(plan).toMatchObject({ mode: 'copy', startMs: 1000 });
    const { bytes, detail } = await run();
    expect(detail).toMatch(/^copy · fast/);
    const seen = await inspect(page, bytes, [0, 3.45]);
    expect(seen.error).toBeNull();
    expect(Math.abs(seen.duration - 3.5)).toBeLessThanOrEqual(FRAME_S);
    expect(seen.frames).toEqual([
      [0, 10],
      [2, 4],
    ]);
  });

  it('the H.264 clips to WebM: H.264 cannot go in WebM as it is, so re-encoded (VP9/VP8), 1.0-3.0 s', async () => {
    const plan = await prepare('0:00:01.000', '0:00:03.000', false, 'webm');
    expect(plan.mode).toBe('reencode');
    const { bytes, name, detail } = await run();
    expect(name).toMatch(/\.webm$/);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    expect(detail).toMatch(/^reencode · container · vp/);
    const seen = await inspect(page, bytes, [0, 1.05], 'video/webm');
    expect(seen.error).toBeNull();
    expect(Math.abs(seen.duration - 2)).toBeLessThanOrEqual(FRAME_S);
    expect(seen.frames).toEqual([
      [0, 10],
      [1, 0],
    ]);
  });

  it('a VP8 WebM (MediaRecorder, no Duration) to WebM from 0: its first frame is a key frame, so copied', async () => {
    const file = join(scratch, 'recorded.webm');
    writeFileSync(file, readFileSync(join(FIXTURES, 'mediarecorder-vp8.webm')));
    await page.keyboard.press('Escape');
    await dropAndLoad(page, [file], 'recorded.webm');
    const plan = await prepare('0:00:00.000', '0:00:02.000', false, 'webm');
    expect(plan).toMatchObject({ mode: 'copy', startMs: 0 });
    const { bytes, detail } = await run();
    expect(detail).toMatch(/^copy · aligned · vp8/);
    const seen = await inspect(page, bytes, [0, 1.5], 'video/webm');
    expect(seen.error).toBeNull();
    expect(Math.abs(seen.duration - 2)).toBeLessThanOrEqual(FRAME_S);
    // The drawn number is the recorder's wall time in 100 ms steps: within a few steps of the time.
    expect(Math.abs(seen.frames[0]![1] - 0)).toBeLessThanOrEqual(3);
    expect(Math.abs(seen.frames[1]![1] - 15)).toBeLessThanOrEqual(3);
    await page.keyboard.press('Escape');
    await dropAndLoad(page, [zipPath], 'clips.zip');
  });

  it.skipIf(!existsSync(M4V))('a corpus MPEG-4 Part 2 .m4v (guacenc) neither copies nor decodes here: the error names the clip and codec', async () => {
    await page.keyboard.press('Escape');
    // The player stops with its own 'cannot decode' error; the library entry is what there is to wait on.
    await dropFiles(page, [M4V]);
    await page.locator('[data-testid="library-item"][aria-selected="true"]', { hasText: 'guacd160-vnc-xterm' }).waitFor();
    const plan = await prepare('0:00:01.000', '0:00:02.000', false);
    expect(plan.mode).toBe('reencode');
    await page.locator('[data-testid="export-start"]').click();
    await page.waitForSelector('[data-testid="export-dialog"][data-state="error"]');
    const text = await page.locator('[data-testid="export-error"]').innerText();
    expect(text).toMatch(/guacd160-vnc-xterm-keys\.guacenc\.m4v: Chromium here cannot decode mp4v/);
    await page.keyboard.press('Escape');
    await dropAndLoad(page, [zipPath], 'clips.zip');
  });

  it('cancel while the clips are being read leaves no download', async () => {
    await prepare('0:00:01.300', '0:00:04.500', false);
    // Hold the media reads so the export is surely still running when Cancel is pressed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/media/**', async (route) => {
      await held;
      await route.continue();
    });
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.locator('[data-testid="export-start"]').click();
    await page.waitForSelector('[data-testid="export-dialog"][data-state="running"]');
    await page.locator('[data-testid="export-cancel"]').click();
    release();
    await page.waitForSelector('[data-testid="export-dialog"][data-state="cancelled"]');
    await page.unroute('**/media/**');
    expect(await page.locator('[data-testid="export-result"]').count()).toBe(0);
    expect(downloads).toBe(0);
  });
});
