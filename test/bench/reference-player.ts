/**
 * The reference: asciinema-player 3.17 (npm), in the same Chromium, on the same file. It is served by a
 * throwaway loopback server; the .cast.gz goes out with Content-Encoding: gzip so the browser inflates it
 * (the player itself cannot read gzip).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { sampleHeap } from './heap';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/player.css"></head>
<body><div id="player"></div><script src="/player.js"></script></body></html>`;

export interface ReferenceResult {
  loadMs: number;
  durationMs: number;
  seekMs: number[];
  peakHeapBytes: number;
}

function serve(root: string, castGz: string): Promise<Server> {
  const bundle = join(root, 'node_modules/asciinema-player/dist/bundle');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else if (path === '/player.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(bundle, 'asciinema-player.min.js')));
    } else if (path === '/player.css') {
      res.writeHead(200, { 'content-type': 'text/css' }).end(readFileSync(join(bundle, 'asciinema-player.css')));
    } else if (path === '/rec.cast') {
      res.writeHead(200, { 'content-type': 'application/x-asciicast', 'content-encoding': 'gzip' });
      createReadStream(castGz).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

export async function runReference(root: string, browser: BrowserContext, castGz: string, seekPointsMs: number[]): Promise<ReferenceResult> {
  const server = await serve(root, castGz);
  const port = (server.address() as AddressInfo).port;
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    const heap = await sampleHeap(page);
    const load = await page.evaluate(async () => {
      const t0 = performance.now();
      const AP = (window as unknown as { AsciinemaPlayer: { create: (...a: unknown[]) => unknown } }).AsciinemaPlayer;
      const player = AP.create('/rec.cast', document.getElementById('player'), { preload: true, fit: 'width' }) as {
        addEventListener(n: string, cb: () => void): void;
        getDuration(): number | undefined;
      };
      (window as unknown as { benchPlayer: unknown }).benchPlayer = player;
      await new Promise<void>((r) => player.addEventListener('ready', () => r()));
      return { loadMs: performance.now() - t0, durationMs: (player.getDuration() ?? 0) * 1000 };
    });
    const seekMs = await page.evaluate(async (points) => {
      const player = (window as unknown as { benchPlayer: { seek(s: number): Promise<unknown> } }).benchPlayer;
      const out: number[] = [];
      for (const ms of points) {
        const t0 = performance.now();
        await player.seek(ms / 1000);
        // Let the frame that shows the result be painted before stopping the clock.
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        out.push(performance.now() - t0);
      }
      return out;
    }, seekPointsMs);
    const peakHeapBytes = await heap.stop();
    return { ...load, seekMs, peakHeapBytes };
  } finally {
    await page.close();
    server.close();
  }
}
