/**
 * Terminal clips in asciinema's own player (asciinema-player 3.17, its own terminal emulator, in Chromium):
 * the clip loads, lasts exactly the range, and its first screen shows the text the core's screenAt reads
 * at the in-point of the source; at the end, the text screenAt reads at the out-point.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, HAVE_CORPUS } from '../unit/core/helpers/corpus';
import { copyOfCorpus, inlineCore, tempDir } from '../unit/core/helpers/temp';
import { CHROMIUM, launchBrowser } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'node_modules/asciinema-player/dist/bundle');
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/player.css"></head>
<body><div id="player"></div><script src="/player.js"></script></body></html>`;
const unavailable = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing` : !HAVE_CORPUS ? `${CORPUS_DIR} is missing` : !existsSync(BUNDLE) ? `${BUNDLE} is missing` : null;
if (unavailable) console.warn(`asciinema-player export e2e skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('terminal clips in asciinema-player (Chromium)', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let server: Server;
  let clip = '';
  const core = inlineCore();
  beforeAll(async () => {
    browser = await launchBrowser();
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      else if (path === '/player.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(BUNDLE, 'asciinema-player.min.js')));
      else if (path === '/player.css') res.writeHead(200, { 'content-type': 'text/css' }).end(readFileSync(join(BUNDLE, 'asciinema-player.css')));
      else if (path === '/clip.cast') res.writeHead(200, { 'content-type': 'application/x-asciicast' }).end(readFileSync(clip));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    server?.close();
    await browser?.close();
    await core.dispose();
  });

  for (const [name, version] of [['08-v2-misc-real-session.cast', 2], ['01-v1-demo-vim.json', 3], ['10-v2-welcome-bash-output-only.cast.gz', 2]] as const) {
    it(`${name} as asciicast v${version}`, async () => {
      const summary = await core.whenIndexed((await core.open(copyOfCorpus(name))).id);
      const fromMs = Math.round(summary.durationMs * 0.4);
      const toMs = Math.round(summary.durationMs * 0.7);
      clip = join(tempDir('tv-asciinema-'), 'clip.cast');
      await core.exportClip(summary.id, { fromMs, toMs, format: 'cast', outPath: clip, castVersion: version });
      const page = await browser.newPage();
      try {
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        const durationS = await page.evaluate(async () => {
          const AP = (window as unknown as { AsciinemaPlayer: { create: (...a: unknown[]) => unknown } }).AsciinemaPlayer;
          const player = AP.create('/clip.cast', document.getElementById('player'), { preload: true }) as { addEventListener(n: string, cb: () => void): void; getDuration(): number | undefined };
          (window as unknown as { clipPlayer: unknown }).clipPlayer = player;
          await new Promise<void>((r) => player.addEventListener('ready', () => r()));
          return player.getDuration() ?? -1;
        });
        expect(durationS * 1000).toBeCloseTo(toMs - fromMs, 0);
        const screenAfterSeek = (seconds: number) =>
          page.evaluate(async (s) => {
            const player = (window as unknown as { clipPlayer: { seek(s: number): Promise<unknown> } }).clipPlayer;
            await player.seek(s);
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))));
            return [...document.querySelectorAll('.ap-line')].map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
          }, seconds);
        const trim = (lines: string[]) => lines.map((l) => l.trimEnd());
        const first = await screenAfterSeek(0);
        expect(first.filter((l) => l.trim()).length, 'the first screen has text').toBeGreaterThan(2);
        expect(first, 'first screen').toEqual(trim((await core.screenAt(summary.id, fromMs)).lines));
        expect(await screenAfterSeek((toMs - fromMs) / 1000), 'last screen').toEqual(trim((await core.screenAt(summary.id, toMs)).lines));
      } finally {
        await page.close();
      }
    }, 120_000);
  }
});
