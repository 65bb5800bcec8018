/**
 * A person's path through the Guacamole (RDP/VNC/SSH dump) player, in Chromium against the built
 * browser-mode host: drop a JumpServer-style .replay.gz, see the first screen, play, change speed, seek,
 * search the keystroke log and jump. Then seek fidelity, the acceptance test: the display's
 * pixels after a seek to t equal the pixels reached by playing from 0 to t (guacamole-common-js draws
 * both), at 10+ points per corpus file, and in a larger dump whose later chunks start from the core's
 * keyframe preludes. Waits on data-* state only.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticGuac } from '../../main/core/testing/synthetic-guac';
import { FLUSH_GIVE_UP_MS } from '../../renderer/player/engines/guacamole-seek';
import { CORPUS, distinctColours, dropFiles, e2eUnavailable, launchBrowser, openApp, playerAttr, ROOT, settledTime, startHost, timeMs, type Host } from './harness';

const GUAC = join(CORPUS, 'guacamole');
const skip = e2eUnavailable() ?? (existsSync(GUAC) ? null : `e2e skipped: ${GUAC} is missing`);
if (skip) console.warn(skip);

const P = '[data-testid="player"]';
const D = '[data-testid="guac-display"]';

/** Facts about a corpus file read straight from its text (independent of Trailview's parser). */
function syncTimes(path: string): number[] {
  let bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const times = [...bytes.toString('utf8').matchAll(/4\.sync,\d+\.(\d+)/g)].map((m) => Number(m[1]));
  return times.map((t) => t - times[0]!);
}

interface Shot {
  w: number;
  h: number;
  hash: string;
  cursor: string;
}

/** The display flattened (every layer, as guacamole-common-js composites them), hashed; kept under `key`. */
function shoot(page: Page, key: string): Promise<Shot | null> {
  return page.evaluate(
    ([sel, k]) => {
      const el = document.querySelector(sel) as (HTMLElement & { trailviewFlatten?: () => HTMLCanvasElement | null }) | null;
      const c = el?.trailviewFlatten?.();
      if (!el || !c) return null;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let h = 2166136261;
      for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 16777619);
      const store = ((window as unknown as { shots?: Record<string, Uint8ClampedArray> }).shots ??= {});
      store[k] = data;
      return { w: c.width, h: c.height, hash: (h >>> 0).toString(16), cursor: el.dataset.cursor ?? '' };
    },
    [D, key] as const,
  );
}

/** Pixels that differ between two kept shots, and the largest channel difference. */
function diff(page: Page, a: string, b: string): Promise<{ pixels: number; maxDelta: number }> {
  return page.evaluate(
    ([x, y]) => {
      const s = (window as unknown as { shots: Record<string, Uint8ClampedArray> }).shots;
      const p = s[x]!;
      const q = s[y]!;
      let pixels = 0;
      let maxDelta = 0;
      for (let i = 0; i < Math.min(p.length, q.length); i += 4) {
        let d = 0;
        for (let j = 0; j < 4; j++) d = Math.max(d, Math.abs(p[i + j]! - q[i + j]!));
        if (d > 0) pixels++;
        maxDelta = Math.max(maxDelta, d);
      }
      return { pixels: pixels + Math.abs(p.length - q.length) / 4, maxDelta };
    },
    [a, b] as const,
  );
}

/** A kept shot's RGBA bytes, base64 (to compare with another page's). */
function pixels(page: Page, key: string): Promise<string> {
  return page.evaluate((k) => {
    const data = (window as unknown as { shots: Record<string, Uint8ClampedArray> }).shots[k]!;
    let bin = '';
    for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(bin);
  }, key);
}

const seekCount = async (page: Page): Promise<number> => Number(await playerAttr(page, 'data-last-seek-id'));

/** Everything fed to the display is drawn and no seek is running. */
function drawn(page: Page): Promise<unknown> {
  return page.waitForFunction(
    ([p, d]) => document.querySelector(p)?.getAttribute('data-seeking') === 'false' && document.querySelector(d)?.getAttribute('data-pending') === '0',
    [P, D] as const,
  );
}

/** Indexing is done and every point has a keyframe before it (the keyframe pass reached the end). */
function seekableEverywhere(page: Page): Promise<unknown> {
  return page.waitForFunction((p) => {
    const el = document.querySelector(p)!;
    return el.getAttribute('data-index-state') === 'ready' && el.getAttribute('data-seekable-ms') === el.getAttribute('data-duration-ms');
  }, P);
}

/** Types `t` ms into the "go to time" box (G) and waits for that seek to be drawn. */
async function goTo(page: Page, t: number): Promise<void> {
  const before = await seekCount(page);
  await page.keyboard.press('g');
  const box = page.locator('[data-testid="goto-time"]');
  await box.fill(`${t}ms`);
  await box.press('Enter');
  await page.waitForFunction(
    ([p, n, want]) => {
      const el = document.querySelector(p)!;
      return Number(el.getAttribute('data-last-seek-id')) > n && el.getAttribute('data-time-ms') === String(want);
    },
    [P, before, t] as const,
  );
  await drawn(page);
}

/** Drops `file` (a temp copy) and waits for its first screen: the player's next completed seek. */
async function open(page: Page, file: string): Promise<void> {
  // Each kind has its own player (the host may have opened terminal samples): count this one's seeks.
  const before = (await page.locator(`${P}[data-kind="display"]`).count()) ? await seekCount(page) : -1;
  await dropFiles(page, [file]);
  const name = file.split('/').pop()!;
  await page.locator('[data-testid="library-item"][aria-selected="true"]', { hasText: name.slice(0, 20) }).waitFor();
  await page.waitForFunction(
    ([p, n]) => {
      const el = document.querySelector(p);
      return el?.getAttribute('data-kind') === 'display' && Number(el.getAttribute('data-last-seek-id')) > n && ['ready', 'paused'].includes(el.getAttribute('data-state') ?? '');
    },
    [P, before] as const,
  );
  await drawn(page);
}

describe.skipIf(skip !== null)('Guacamole player in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let scratch: string;
  const copy = (name: string): string => {
    const to = join(scratch, name);
    copyFileSync(join(GUAC, name), to);
    return to;
  };

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trailview-e2e-guac-'));
    ({ host, browserCtl, page } = await openApp());
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const replay = 'guacd160-vnc-xterm-keys.replay.gz';
  const durationMs = () => syncTimes(join(GUAC, replay)).at(-1)!;

  it('opens a dropped .replay.gz at its first painted screen, with its size and keystroke log', async () => {
    await open(page, copy(replay));
    await page.waitForSelector(`${P}[data-index-state="ready"]`);
    expect(Number(await playerAttr(page, 'data-duration-ms'))).toBe(durationMs());
    const display = page.locator(D);
    expect(await display.getAttribute('data-width')).toBe('1024');
    expect(await display.getAttribute('data-height')).toBe('768');
    // Frame 0 only sets up the cursor in a buffer; the player opens on the first frame that paints.
    expect(await timeMs(page)).toBeGreaterThan(0);
    expect(syncTimes(join(GUAC, replay))).toContain(await timeMs(page));
    const png = await display.screenshot();
    expect(await distinctColours(page, png)).toBeGreaterThan(2);
    // The log holds what the corpus README says was typed (guaclog's reading, with <Ctrl+l> fixed).
    const lines = page.locator('[data-testid="keylog-line"]');
    await lines.nth(2).waitFor();
    expect(await lines.allInnerTexts()).toEqual([
      expect.stringContaining('echo hello guacamole'),
      expect.stringContaining('ls -la /'),
      expect.stringContaining('<Ctrl+l>seq 1 200'),
    ]);
  });

  it('plays, and changes speed while playing', async () => {
    await page.keyboard.press('Space');
    await page.waitForSelector(`${P}[data-state="playing"]`);
    const t0 = await timeMs(page);
    await page.waitForFunction(([p, t]) => Number(document.querySelector(p)!.getAttribute('data-time-ms')) > t + 300, [P, t0] as const);
    await page.keyboard.press('>');
    await page.waitForFunction((p) => Number(document.querySelector(p)!.getAttribute('data-speed')) > 1, P);
    expect(await playerAttr(page, 'data-state')).toBe('playing');
    await page.waitForSelector(`${P}[data-state="ended"]`);
    expect(await timeMs(page)).toBe(durationMs());
  });

  it('seeks with the keyboard and with the bar', async () => {
    await page.keyboard.press('5');
    expect(await settledTime(page)).toBe(Math.round(durationMs() * 0.5));
    const bar = page.locator('[data-testid="seek-bar"]');
    const box = (await bar.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height / 2);
    const t = await settledTime(page);
    expect(Math.abs(t - durationMs() * 0.25)).toBeLessThan(durationMs() * 0.02);
    await drawn(page);
  });

  it('zooms with the keys and the controls, and pans by dragging when larger than the view', async () => {
    const display = page.locator(D);
    const fitted = Number(await display.getAttribute('data-scale'));
    expect(await display.getAttribute('data-zoom-mode')).toBe('fit');
    // Fitted: the whole 1024x768 screen is inside the stage.
    const stage = (await display.boundingBox())!;
    expect(1024 * fitted).toBeLessThanOrEqual(stage.width);
    expect(768 * fitted).toBeLessThanOrEqual(stage.height);
    await page.keyboard.press('z');
    await page.waitForSelector(`${D}[data-zoom-mode="manual"][data-scale="1.000"]`);
    await page.locator('[data-testid="zoom-in"]').click();
    await page.keyboard.press('+');
    await page.waitForSelector(`${D}[data-scale="1.250"]`);
    const viewport = display.locator('.guac-viewport');
    expect(await viewport.evaluate((el) => el.classList.contains('pannable'))).toBe(true);
    const before = await viewport.evaluate((el) => [el.scrollLeft, el.scrollTop]);
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width / 2 + 120, stage.y + stage.height / 2 + 60, { steps: 4 });
    await page.mouse.up();
    const after = await viewport.evaluate((el) => [el.scrollLeft, el.scrollTop]);
    expect(after[0]).toBeLessThan(before[0]!);
    expect(after[1]).toBeLessThan(before[1]!);
    await page.locator('[data-testid="fit-toggle"]').click();
    await page.waitForSelector(`${D}[data-zoom-mode="fit"]`);
    expect(Number(await display.getAttribute('data-scale'))).toBeCloseTo(fitted, 3);
  });

  it('searches the keystroke log and jumps to the line, which the log then marks as current', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('hello');
    const hits = page.locator('[data-testid="search-hit"]');
    await hits.first().waitFor();
    expect(await hits.count()).toBe(1);
    expect(await hits.first().getAttribute('data-kind')).toBe('typed');
    const hitMs = Number(await hits.first().getAttribute('data-time-ms'));
    await hits.first().click();
    await page.waitForFunction(([p, want]) => document.querySelector(p)!.getAttribute('data-time-ms') === String(want), [P, hitMs] as const);
    await drawn(page);
    await page.locator('[data-testid="search-input"]').fill('');
    const current = page.locator('[data-testid="keylog-line"][data-current="true"]');
    await current.waitFor();
    expect(await current.innerText()).toContain('echo hello guacamole');
    // Clicking a log line goes to its time.
    const ls = page.locator('[data-testid="keylog-line"]', { hasText: 'ls -la /' });
    const lsMs = Number(await ls.getAttribute('data-time-ms'));
    await ls.click();
    await page.waitForFunction(([p, want]) => document.querySelector(p)!.getAttribute('data-time-ms') === String(want), [P, lsMs] as const);
    await page.locator('[data-testid="keylog-line"][data-current="true"]', { hasText: 'ls -la /' }).waitFor();
  });

  // The acceptance test of the issue: seeking must not show anything that playing would not.
  const corpus = [replay, 'guacd160-vnc-xterm-keys.guac', 'guacd160-ssh-keys.guac', 'guacd160-ssh-unicode-name.guac', 'synthetic-utf8-straddles-256KiB-boundary.guac'];
  for (const name of corpus) {
    it(`${name}: a seek to t shows the same pixels as playing frame by frame from 0 to t, at 10+ points`, async () => {
      const file = name === replay ? join(scratch, replay) : copy(name);
      if (name !== replay) await open(page, file);
      const frames = syncTimes(file);
      const end = frames.at(-1)!;
      await page.keyboard.press('Home');
      await drawn(page);
      // Step (".") feeds each next frame to the live display, as playback does; remember the screens.
      const every = Math.max(1, Math.floor(new Set(frames).size / 12));
      const played: number[] = [];
      for (let step = 0; (await timeMs(page)) < end; step++) {
        const before = await timeMs(page);
        await page.keyboard.press('.');
        await page.waitForFunction(([p, t]) => Number(document.querySelector(p)!.getAttribute('data-time-ms')) > t, [P, before] as const);
        await drawn(page);
        const t = await timeMs(page);
        expect(frames).toContain(t);
        if (step % every === 0 || t === end) {
          expect(await shoot(page, `${name}@play:${t}`)).not.toBeNull();
          played.push(t);
        }
      }
      // Then seek back to each of those times (a rebuild from the keyframe each time) and compare. The
      // end itself is where the steps stopped, so it is left out: seeking there would change nothing.
      const points = played.filter((t) => t < end).reverse();
      expect(points.length).toBeGreaterThanOrEqual(10);
      for (const t of points) {
        await goTo(page, t);
        const seen = await shoot(page, `${name}@seek:${t}`);
        const d = await diff(page, `${name}@play:${t}`, `${name}@seek:${t}`);
        expect({ t, ...d }).toEqual({ t, pixels: 0, maxDelta: 0 });
        expect(seen!.w).toBeGreaterThan(0);
      }
    });
  }

  it('draws what stock guacamole-common-js draws when fed the whole recording through its own client', async () => {
    // An independent reference: the unmodified library (its Parser, its image decoding, its copies), fed
    // the file with its syncs through a tunnel, in a blank page of the same browser; compared at 10 points.
    const name = 'guacd160-vnc-xterm-keys.guac';
    await page.locator('[data-testid="library-item"]', { hasText: name }).click();
    await page.waitForSelector(`[data-testid="library-item"][aria-selected="true"]:has-text("${name}")`);
    await drawn(page);
    const stock = await browserCtl.newPage();
    try {
      await stock.setContent('<!doctype html><title>stock guacamole-common-js</title>');
      const lib = readFileSync(join(ROOT, 'node_modules/guacamole-common-js/dist/esm/guacamole-common.js'), 'utf8');
      await stock.addScriptTag({ content: `${lib.replace(/export default Guacamole;\s*$/, '')}\nwindow.StockGuacamole = Guacamole;` });
      const text = readFileSync(join(GUAC, name), 'latin1');
      const frames = syncTimes(join(GUAC, name));
      const points = Array.from({ length: 10 }, (_, i) => frames[Math.floor(((i + 1) * (frames.length - 1)) / 10)]!);
      // One stock client plays the file forward (frames in with their syncs); the app seeks to each point.
      await stock.evaluate((src) => {
        type G = typeof import('guacamole-common-js');
        const w = window as unknown as { StockGuacamole: G; frames: { t: number; ins: [string, unknown[]][] }[]; client: InstanceType<G['Client']>; feed: (o: string, a: unknown[]) => void };
        const Guac = w.StockGuacamole;
        const tunnel = new (Guac.Tunnel as unknown as new () => InstanceType<G['Tunnel']>)();
        tunnel.sendMessage = () => undefined;
        w.client = new Guac.Client(tunnel);
        w.feed = (o, a) => tunnel.oninstruction!(o, a);
        w.frames = [];
        let first: number | null = null;
        let ins: [string, unknown[]][] = [];
        const parser = new Guac.Parser();
        parser.oninstruction = (op, args) => {
          ins.push([op, [...args]]); // the Parser reuses its array
          if (op !== 'sync') return;
          first ??= Number(args[0]);
          w.frames.push({ t: Number(args[0]) - first, ins });
          ins = [];
        };
        parser.receive(src);
      }, text);
      for (const t of points) {
        await goTo(page, t);
        await shoot(page, `app:${t}`);
        const app = Buffer.from(await pixels(page, `app:${t}`), 'base64');
        const ref = Buffer.from(
          await stock.evaluate(async (until) => {
            const w = window as unknown as { frames: { t: number; ins: [string, unknown[]][] }[]; client: { getDisplay(): { flush(cb: () => void): void; flatten(): HTMLCanvasElement } }; feed: (o: string, a: unknown[]) => void };
            while (w.frames.length && w.frames[0]!.t <= until) for (const [o, a] of w.frames.shift()!.ins) w.feed(o, a);
            await new Promise<void>((resolve) => w.client.getDisplay().flush(resolve));
            const c = w.client.getDisplay().flatten();
            const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let bin = '';
            for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
            return btoa(bin);
          }, t),
          'base64',
        );
        let differing = 0;
        for (let i = 0; i < Math.min(app.length, ref.length); i += 4) if (app.readUInt32BE(i) !== ref.readUInt32BE(i)) differing++;
        expect({ t, bytes: app.length, differing }).toEqual({ t, bytes: ref.length, differing: 0 });
      }
    } finally {
      await stock.close();
    }
  });

  it('a dump with keyframes: seeks into prelude chunks show what playing there from 0 shows', async () => {
    const file = join(scratch, 'long-vnc.guac');
    const facts = await writeSyntheticGuac(file, { targetBytes: 5.2 * 1024 * 1024, sources: [join(GUAC, 'guacd160-vnc-xterm-keys.guac')], seed: 3, gapMs: 200 });
    const chunks: { chunkIndex: number; keyframeChunk: number; prelude: number }[] = [];
    page.on('response', (r) => {
      if (!r.url().includes('/api/chunk')) return;
      void r.json().then(
        (body: { ok: boolean; value?: { chunkIndex: number; keyframeChunk: number; prelude?: string } }) => {
          if (body.ok && body.value) chunks.push({ chunkIndex: body.value.chunkIndex, keyframeChunk: body.value.keyframeChunk, prelude: body.value.prelude?.length ?? -1 });
        },
        () => undefined,
      );
    });
    await open(page, file);
    await seekableEverywhere(page);
    expect(Number(await playerAttr(page, 'data-duration-ms'))).toBe(facts.durationMs);
    // Play the whole dump at 16x from 0, pausing at a dozen points to remember the screen.
    await page.keyboard.press('Home');
    await drawn(page);
    for (let i = 0; i < 6; i++) await page.keyboard.press('>');
    expect(await playerAttr(page, 'data-speed')).toBe('16');
    const points = Array.from({ length: 12 }, (_, i) => Math.round((facts.durationMs * (i + 0.5)) / 12));
    const played: number[] = [];
    await page.keyboard.press('k');
    for (const want of points) {
      await page.waitForFunction(([p, w]) => Number(document.querySelector(p)!.getAttribute('data-time-ms')) >= w, [P, want] as const, { timeout: 60_000 });
      await page.keyboard.press('k');
      await page.waitForSelector(`${P}[data-state="paused"]`);
      await drawn(page);
      const t = await timeMs(page);
      await shoot(page, `long@play:${t}`);
      played.push(t);
      await page.keyboard.press('k');
    }
    await page.waitForSelector(`${P}[data-state="ended"]`, { timeout: 60_000 });
    for (const t of played.reverse()) {
      await goTo(page, t);
      await shoot(page, `long@seek:${t}`);
      const d = await diff(page, `long@play:${t}`, `long@seek:${t}`);
      expect({ t, ...d }).toEqual({ t, pixels: 0, maxDelta: 0 });
    }
    // The later seeks really started from a keyframe prelude, not from chunk 0.
    expect(chunks.some((c) => c.keyframeChunk > 0 && c.prelude > 0)).toBe(true);
  }, 300_000);

  it('a corrupt image in the recording does not stop the display: later frames still draw', async () => {
    // Stock guacamole-common-js decodes through createImageBitmap with no rejection handler, so one bad
    // image would block every later frame; the player must go on.
    const text = readFileSync(join(GUAC, 'guacd160-vnc-xterm-keys.guac'), 'latin1');
    const blobs = [...text.matchAll(/4\.blob,1\.\d,(\d+)\.([A-Za-z0-9+/=]+);/g)];
    const victim = blobs[3]!;
    const start = victim.index! + victim[0].indexOf(victim[2]!);
    const broken = `${text.slice(0, start)}${'A'.repeat(64)}${text.slice(start + 64)}`;
    const file = join(scratch, 'corrupt-image.guac');
    writeFileSync(file, broken, 'latin1');
    await open(page, file);
    // Every point seekable first: a seek made while indexing waits up to 5 s for the index, and on a
    // loaded machine that wait (not the bad image) is what the seek's time would measure.
    await seekableEverywhere(page);
    await page.keyboard.press('End');
    // The seek to the end settles (on a loaded machine the key's seek may still be starting right after it).
    const end = syncTimes(file).at(-1)!;
    await page.waitForFunction(([p, t]) => Number(document.querySelector(p)!.getAttribute('data-time-ms')) === t && document.querySelector(p)!.getAttribute('data-seeking') === 'false', [P, end] as const);
    await drawn(page);
    expect(await timeMs(page)).toBe(end);
    // Drawn, not given up on: the player's 10 s watchdog for lost frames did not have to step in
    // (it would have made the seek's drawing take at least FLUSH_GIVE_UP_MS).
    expect(Number(await playerAttr(page, 'data-last-seek-write-ms'))).toBeLessThan(FLUSH_GIVE_UP_MS * 0.8);
    expect(await distinctColours(page, await page.locator(D).screenshot())).toBeGreaterThan(2);
    // And stepping through the frames right after the bad image still draws each of them.
    await goTo(page, 0);
    for (let i = 0; i < 8; i++) {
      const before = await timeMs(page);
      await page.keyboard.press('.');
      await page.waitForFunction(([p, t]) => Number(document.querySelector(p)!.getAttribute('data-time-ms')) > t, [P, before] as const);
      await drawn(page);
    }
  });

  it('looks calm in both themes (screenshots kept for review)', async () => {
    const shots = process.env.TRAILVIEW_SHOTS;
    await page.locator('[data-testid="library-item"]', { hasText: 'replay.gz' }).click();
    await page.waitForSelector('[data-testid="library-item"][aria-selected="true"]:has-text("replay.gz")');
    await drawn(page);
    await page.keyboard.press('7');
    await settledTime(page);
    await drawn(page);
    for (const theme of ['light', 'dark']) {
      if ((await page.locator('[data-testid="app"]').getAttribute('data-theme')) !== theme) {
        await page.locator('[data-testid="theme-toggle"]').click();
        await page.waitForSelector(`[data-testid="app"][data-theme="${theme}"]`);
      }
      const png = await page.screenshot();
      if (shots) writeFileSync(join(shots, `guac-player-${theme}.png`), png);
      // The side panel's five tabs (the longest labels: Keystrokes, Commands, Bookmarks) are all in sight, uncut.
      const tabs = await page.evaluate(() => {
        const panel = document.querySelector('.side-panel')!.getBoundingClientRect();
        return [...document.querySelectorAll<HTMLElement>('.side-panel [role="tab"]')].map((t) => {
          const r = t.getBoundingClientRect();
          return { label: t.textContent, inSight: r.left >= panel.left && r.right <= panel.right, cut: t.scrollWidth > t.clientWidth };
        });
      });
      expect(tabs).toHaveLength(5);
      expect(tabs.filter((t) => !t.inSight || t.cut)).toEqual([]);
      expect(await distinctColours(page, png)).toBeGreaterThan(8);
    }
  });
});

describe.skipIf(skip !== null)('a JumpServer part recording in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let scratch: string;

  beforeAll(async () => {
    // Three parts, each a complete dump of its own: VNC, SSH, VNC again; the manifest lists them.
    scratch = mkdtempSync(join(tmpdir(), 'trailview-e2e-parts-'));
    copyFileSync(join(GUAC, 'guacd160-vnc-xterm-keys.replay.gz'), join(scratch, 'sess.0.part.gz'));
    writeFileSync(join(scratch, 'sess.1.part.gz'), gzipSync(readFileSync(join(GUAC, 'guacd160-ssh-keys.guac'))));
    copyFileSync(join(GUAC, 'guacd160-vnc-xterm-keys.replay.gz'), join(scratch, 'sess.2.part.gz'));
    const files = ['sess.0.part.gz', 'sess.1.part.gz', 'sess.2.part.gz'].map((name) => ({ name }));
    writeFileSync(join(scratch, 'sess.replay.json'), JSON.stringify({ id: 'sess', user: 'alice', asset: 'web-01', files }));
    host = await startHost([join(scratch, 'sess.replay.json')]);
    browserCtl = await launchBrowser();
    page = await browserCtl.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(host.url);
    await page.waitForSelector(`${P}[data-kind="display"][data-index-state="ready"]`);
    await drawn(page);
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('plays the parts as one timeline, boundaries on the seek bar, and seeking into a part matches playing into it', async () => {
    const ticks = page.locator('[data-testid="seek-part"]');
    expect(await ticks.count()).toBe(2);
    const [second, third] = (await Promise.all([0, 1].map((i) => ticks.nth(i).getAttribute('data-time-ms')))).map(Number) as [number, number];
    const vncMs = syncTimes(join(GUAC, 'guacd160-vnc-xterm-keys.replay.gz')).at(-1)!;
    expect(second).toBeGreaterThanOrEqual(vncMs);
    expect(third).toBeGreaterThan(second);
    expect(Number(await playerAttr(page, 'data-duration-ms'))).toBeGreaterThanOrEqual(third + vncMs);
    // Play frame by frame from the end of part 1 into part 2, remembering a few screens there.
    await goTo(page, vncMs - 1);
    expect(await page.locator(D).getAttribute('data-width')).toBe('1024');
    const played: number[] = [];
    while ((await timeMs(page)) < second + 3000) {
      const before = await timeMs(page);
      await page.keyboard.press('.');
      await page.waitForFunction(([p, t]) => Number(document.querySelector(p)!.getAttribute('data-time-ms')) > t, [P, before] as const);
      await drawn(page);
      const t = await timeMs(page);
      if (t >= second && played.length < 6) {
        await shoot(page, `part@play:${t}`);
        played.push(t);
      }
    }
    expect(played.length).toBeGreaterThan(2);
    await page.keyboard.press('End');
    await drawn(page);
    for (const t of played.reverse()) {
      await goTo(page, t);
      await shoot(page, `part@seek:${t}`);
      const d = await diff(page, `part@play:${t}`, `part@seek:${t}`);
      expect({ t, ...d }).toEqual({ t, pixels: 0, maxDelta: 0 });
    }
  });
});
