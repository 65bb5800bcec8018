/**
 * Video recordings in Chromium against the built browser-mode host: an MP4 with its moov at the end, a
 * WebM without a duration (MediaRecorder's), three MP4 clips in a zip on one timeline, and codecs this
 * Chromium cannot decode (HEVC; the corpus's MPEG-4 Part 2). Which frame is on screen is read back from
 * the picture itself: every fixture frame shows its number and its clip's as rows of black/white squares
 * (test/fixtures/video/make-fixtures.mjs). Waits on data-* state only.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFakeHevc } from '../unit/video/mp4-edit';
import { CORPUS, dropFiles, e2eUnavailable, launchBrowser, openApp, ROOT, type Host } from './harness';

const FIXTURES = join(ROOT, 'test/fixtures/video');
const M4V = join(CORPUS, 'video/guacd160-vnc-xterm-keys.guacenc.m4v');
const skip = e2eUnavailable();
if (skip) console.warn(skip);

const P = '[data-testid="player"]';

async function seekCount(page: Page): Promise<number> {
  return Number((await page.locator(P).getAttribute('data-last-seek-id')) ?? -1);
}

/** Drops `file` and waits until the video player shows it, ready (or stopped with an error). */
async function open(page: Page, file: string, want: 'ready' | 'error' = 'ready'): Promise<void> {
  const name = file.split('/').pop()!;
  await dropFiles(page, [file]);
  await page.locator('[data-testid="library-item"][aria-selected="true"]', { hasText: name.slice(0, 20) }).waitFor();
  await page.waitForFunction(
    ([p, w]) => {
      const el = document.querySelector(p);
      return el?.getAttribute('data-kind') === 'video' && el.getAttribute('data-state') === w && el.getAttribute('data-seeking') === 'false';
    },
    [P, want] as const,
  );
}

/** Types `t` ms into the "go to time" box and waits for that seek to finish. */
async function goTo(page: Page, t: number): Promise<void> {
  const before = await seekCount(page);
  await page.keyboard.press('g');
  const box = page.locator('[data-testid="goto-time"]');
  await box.fill(`${t}ms`);
  await box.press('Enter');
  await page.waitForFunction(
    ([p, n]) => {
      const el = document.querySelector(p)!;
      return Number(el.getAttribute('data-last-seek-id')) > n && el.getAttribute('data-seeking') === 'false';
    },
    [P, before] as const,
  );
}

/** The frame and clip numbers drawn in the picture now, and the element's own time. */
function shown(page: Page): Promise<{ frame: number; clip: number; currentTimeS: number; readyState: number; src: string }> {
  return page.evaluate(() => {
    const v = document.querySelector('[data-testid="video"] video') as HTMLVideoElement;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(v, 0, 0);
    const bit = (x: number, y: number): number => (ctx.getImageData(x, y, 1, 1).data[0]! > 128 ? 1 : 0);
    let frame = 0;
    for (let b = 0; b < 8; b++) frame |= bit(8 + b * 38 + 17, 16 + 17) << b;
    const clip = bit(8 + 17, 70 + 17) | (bit(8 + 38 + 17, 70 + 17) << 1);
    return { frame, clip, currentTimeS: v.currentTime, readyState: v.readyState, src: v.currentSrc };
  });
}

describe.skipIf(skip !== null)('video player in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trailview-e2e-video-'));
    copyFileSync(join(FIXTURES, 'clip-0-h264.mp4'), join(scratch, 'moov-at-end.mp4'));
    copyFileSync(join(FIXTURES, 'mediarecorder-vp8.webm'), join(scratch, 'recorded.webm'));
    writeFileSync(join(scratch, 'hevc-clip.mp4'), toFakeHevc(readFileSync(join(FIXTURES, 'clip-1-h264.mp4'))));
    const zip = new JSZip();
    for (let i = 0; i < 3; i++) zip.file(`session/clip-${i}.mp4`, readFileSync(join(FIXTURES, `clip-${i}-h264.mp4`)), { compression: 'STORE' });
    writeFileSync(join(scratch, 'clips.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
    ({ host, browserCtl, page } = await openApp());
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('an MP4 with its moov at the end plays from its media URL and seeks to the frame asked for', async () => {
    const file = readFileSync(join(scratch, 'moov-at-end.mp4'));
    expect(file.indexOf('moov', 0, 'latin1')).toBeGreaterThan(file.indexOf('mdat', 0, 'latin1'));
    await open(page, join(scratch, 'moov-at-end.mp4'));
    expect(await page.locator(P).getAttribute('data-duration-ms')).toBe('2000');
    // 20 frames at 10 fps: the frame on screen at t is frame floor(t / 100).
    for (const t of [1250, 300, 1980, 0]) {
      await goTo(page, t);
      const s = await shown(page);
      expect(s.src).toMatch(/\/media\/[A-Za-z0-9_-]+\?token=/);
      expect(s.readyState).toBeGreaterThanOrEqual(2);
      expect(s.currentTimeS).toBeCloseTo(t / 1000, 2);
      expect({ t, frame: s.frame, clip: s.clip }).toEqual({ t, frame: Math.floor(t / 100), clip: 0 });
    }
  });

  it('a WebM without a Duration (MediaRecorder) gets its length from its clusters and seeks', async () => {
    await open(page, join(scratch, 'recorded.webm'));
    const durationMs = Number(await page.locator(P).getAttribute('data-duration-ms'));
    // Recorded for 3000 ms; the last frame starts a frame or so before the end.
    expect(durationMs).toBeGreaterThan(2600);
    expect(durationMs).toBeLessThanOrEqual(3100);
    await goTo(page, 2000);
    const s = await shown(page);
    expect(s.currentTimeS).toBeCloseTo(2, 1);
    // The drawn number is wall time in 100 ms steps when the recorder took the frame: within a few steps.
    expect(Math.abs(s.frame - 20)).toBeLessThanOrEqual(3);
    await goTo(page, 500);
    expect(Math.abs((await shown(page)).frame - 5)).toBeLessThanOrEqual(3);
  });

  it('three MP4 clips in a zip play as one timeline with their boundaries on the seek bar', async () => {
    await open(page, join(scratch, 'clips.zip'));
    expect(await page.locator(P).getAttribute('data-duration-ms')).toBe('6000');
    const marks = await page.locator('[data-testid="seek-part"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-time-ms')));
    expect(marks).toEqual(['2000', '4000']);
    await page.locator('[data-testid="tab-info"]').click();
    const info = await page.locator('[data-testid="info-panel"]').innerText();
    expect(info).toContain('320 × 240');
    expect(info).toMatch(/H\.264\s+avc1\.42c0/);
    expect(info).toContain('3 clips');
    expect(info).toContain('movie header (moov) after the media data');
    for (const [t, clip, frame] of [
      [2500, 1, 5],
      [1500, 0, 15],
      [4300, 2, 3],
      [3900, 1, 19],
    ] as const) {
      await goTo(page, t);
      const s = await shown(page);
      expect({ t, clip: s.clip, frame: s.frame }).toEqual({ t, clip, frame });
      expect(s.currentTimeS).toBeCloseTo((t - clip * 2000) / 1000, 2);
    }
    // Playing at 2x runs over the boundary into the next clip, still at 2x (a new source resets the rate).
    await page.keyboard.press('>');
    await page.keyboard.press('>');
    expect(await page.locator(P).getAttribute('data-speed')).toBe('2');
    await goTo(page, 1700);
    await page.keyboard.press('Space');
    await page.waitForFunction((p) => Number(document.querySelector(p)!.getAttribute('data-time-ms')) > 2600, P);
    expect(await page.evaluate(() => (document.querySelector('[data-testid="video"] video') as HTMLVideoElement).playbackRate)).toBe(2);
    await page.keyboard.press('Space');
    await page.waitForFunction((p) => document.querySelector(p)!.getAttribute('data-state') === 'paused', P);
    expect((await shown(page)).clip).toBe(1);
    // Steps of 100 ms: one frame of these 10 fps clips, across the boundary too.
    await goTo(page, 1950);
    for (const [key, t, clip, frame] of [
      ['.', 2050, 1, 0],
      [',', 1950, 0, 19],
      [',', 1850, 0, 18],
    ] as const) {
      const before = await seekCount(page);
      await page.keyboard.press(key);
      await page.waitForFunction(([p, n]) => Number(document.querySelector(p)!.getAttribute('data-last-seek-id')) > n && document.querySelector(p)!.getAttribute('data-seeking') === 'false', [P, before] as const);
      expect(Number(await page.locator(P).getAttribute('data-time-ms'))).toBe(t);
      expect(await shown(page)).toMatchObject({ clip, frame });
    }
    // Playing to the end of the last clip ends the recording there.
    await goTo(page, 5700);
    await page.keyboard.press('Space');
    await page.waitForFunction((p) => document.querySelector(p)!.getAttribute('data-state') === 'ended', P);
    expect(await page.locator(P).getAttribute('data-time-ms')).toBe('6000');
  });

  it('names the codec it cannot decode: a recording marked HEVC', async () => {
    await open(page, join(scratch, 'hevc-clip.mp4'), 'error');
    const text = await page.locator(P).innerText();
    expect(text).toContain('This recording is HEVC (hvc1.1.6.L93.B0); Chromium here cannot decode it');
  });

  it('a clip whose media data is damaged stops with the decoder error, naming the clip and codec', async () => {
    const file = Buffer.from(readFileSync(join(FIXTURES, 'clip-2-h264.mp4')));
    // Every byte of the media data after the first sample's length prefix is garbage: no frame decodes.
    const mdat = file.indexOf('mdat', 0, 'latin1') + 4;
    file.fill(0xff, mdat + 4, file.indexOf('moov', 0, 'latin1') - 4);
    const damaged = join(scratch, 'damaged.mp4');
    writeFileSync(damaged, file);
    await open(page, damaged, 'error');
    expect(await page.locator(P).innerText()).toMatch(/damaged\.mp4: the video could not be decoded \(H\.264, avc1\.[0-9a-f]{6}\): \S/);
  });

  it.skipIf(!existsSync(M4V))("names the codec it cannot decode: the corpus's MPEG-4 Part 2 (guacenc)", async () => {
    const copy = join(scratch, 'guacenc.m4v');
    copyFileSync(M4V, copy);
    await open(page, copy, 'error');
    expect(await page.locator(P).innerText()).toMatch(/This recording is MPEG-4 Part 2 \(mp4v\.20\.\d+\); Chromium here cannot decode it/);
  });
});
