/**
 * End-to-end harness: runs the BUILT browser-mode host (out/main/web.js, the same code `npm run web` runs)
 * and Debian's Chromium via playwright-core. Everything waits on state, never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CORPUS = resolve(ROOT, '../shared/corpus');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const WEB_ENTRY = join(ROOT, 'out/main/web.js');

/** Why e2e cannot run here, or null when it can. */
export function e2eUnavailable(): string | null {
  if (!existsSync(WEB_ENTRY)) return `e2e skipped: ${WEB_ENTRY} is missing (run npm run build)`;
  if (!existsSync(CHROMIUM)) return `e2e skipped: ${CHROMIUM} is missing (apt-get install chromium)`;
  return null;
}

export interface Host {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startHost(files: string[] = []): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trailview-e2e-data-'));
  const child: ChildProcess = spawn(process.execPath, [WEB_ENTRY, '--port', '0', '--no-open', '--data-dir', dataDir, ...files], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(line);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`web host exited with ${code} before printing its URL: ${stderr}`)));
  });
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium with a fresh, throwaway profile (a persistent context is how Playwright takes --user-data-dir). */
export async function launchBrowser(): Promise<{ context: BrowserContext; newPage(): Promise<Page>; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'trailview-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: CHROMIUM_FLAGS,
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Drop files onto the window the way a person drags them from a file manager. */
export async function dropFiles(page: Page, paths: string[]): Promise<void> {
  const files = paths.map((p) => ({ name: basename(p), b64: readFileSync(p).toString('base64') }));
  await page.evaluate(async (list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const target = document.querySelector('[data-testid="app"]') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, files);
}

/** A fresh browser-mode host and a Chromium page showing its app (page errors go to the test's log). */
export async function openApp(): Promise<{ host: Host; browserCtl: Awaited<ReturnType<typeof launchBrowser>>; page: Page }> {
  const host = await startHost();
  const browserCtl = await launchBrowser();
  const page = await browserCtl.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(host.url);
  await page.waitForSelector('[data-testid="app"]');
  return { host, browserCtl, page };
}

/**
 * Drop files and wait until the recording named `name` (its library entry's text) is selected and loaded
 * into the player: the host may already show another recording (the bundled samples), whose state must
 * not be mistaken for the dropped one's.
 */
export async function dropAndLoad(page: Page, paths: string[], name: string, opts: { indexed?: boolean; timeoutMs?: number } = {}): Promise<string> {
  await dropFiles(page, paths);
  const item = page.locator('[data-testid="library-item"][aria-selected="true"]', { hasText: name });
  await item.waitFor({ timeout: opts.timeoutMs ?? 30_000 });
  const id = (await item.getAttribute('data-id')) ?? '';
  const ready = opts.indexed ? '[data-index-state="ready"]' : '';
  await page.waitForSelector(`[data-testid="player"][data-recording-id="${id}"]:is([data-state="ready"], [data-state="paused"])${ready}`, { timeout: opts.timeoutMs ?? 30_000 });
  return id;
}

export async function playerAttr(page: Page, name: string): Promise<string | null> {
  return page.locator('[data-testid="player"]').getAttribute(name);
}

export async function timeMs(page: Page): Promise<number> {
  return Number(await playerAttr(page, 'data-time-ms'));
}

/** Wait until the player has settled after a seek (not seeking) and return its time. */
export async function settledTime(page: Page): Promise<number> {
  await page.waitForSelector('[data-testid="player"][data-seeking="false"]');
  return timeMs(page);
}

/** Distinct colours in a PNG screenshot, counted by Chromium itself (no image library needed here). */
export async function distinctColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  }, png.toString('base64'));
}

export function terminalText(page: Page): Promise<string> {
  return page.locator('[data-testid="terminal"] .xterm-rows').innerText();
}

/** What installVideoHelpers defines on `window` in the page (for the casts inside page.evaluate). */
export interface PageVideoHelpers {
  /** Plays `b64` (a whole file, base64) in a muted <video> added to the page, once its first frame is loaded. */
  __loadVideo(b64: string, type: string): Promise<{ video: HTMLVideoElement; error: string | null }>;
  /** Seeks `video` to `seconds` and resolves once the frame for that time is on screen. */
  __seekPainted(video: HTMLVideoElement, seconds: number, frameS?: number): Promise<void>;
  /** Distinct colours (4 bits a channel) in `video`'s current frame, sampling every `step`-th pixel. */
  __colourCount(video: HTMLVideoElement, step: number): number;
}

/**
 * Defines PageVideoHelpers in the page. `__seekPainted`: `seeked` alone is not enough: on a loaded
 * machine Chromium fires it before the new frame is presented, and a canvas drawn from the <video> then
 * holds the previous (or a black) picture. So it also waits for a presented frame whose media time is the
 * one the seek lands on (within `frameS`, default 0.1 s), and gives up after 3 s (the caller then reads
 * whatever is shown, and its assertion says what). Call it before the page is loaded: it is defined in
 * every document the page loads.
 */
export async function installVideoHelpers(page: Page): Promise<void> {
  await page.addInitScript(`window.__loadVideo = async (b64, type) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const video = document.createElement('video');
    video.muted = true;
    document.body.appendChild(video);
    video.src = URL.createObjectURL(new Blob([data], { type }));
    const error = await new Promise((resolve) => {
      video.onloadeddata = () => resolve(null);
      video.onerror = () => resolve(video.error?.message ?? ('media error ' + video.error?.code));
    });
    return { video, error };
  };
  window.__seekPainted = (v, t, frameS = 0.1) => new Promise((resolve) => {
    let seeked = false, painted = false, done = false;
    const finish = () => { if (!done && seeked && painted) { done = true; resolve(); } };
    const onFrame = (_now, meta) => {
      if (done) return;
      if (meta.mediaTime <= t + 0.001 && meta.mediaTime > t - frameS - 0.001) { painted = true; finish(); }
      else v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
    v.addEventListener('seeked', () => { seeked = true; finish(); }, { once: true });
    setTimeout(() => { painted = true; seeked = true; finish(); }, 3000);
    v.currentTime = t;
  });
  window.__colourCount = (v, step) => {
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(v, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < px.length; i += 4 * step) seen.add(((px[i] >> 4) << 8) | ((px[i + 1] >> 4) << 4) | (px[i + 2] >> 4));
    return seen.size;
  }`);
}
