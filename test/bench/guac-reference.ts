/**
 * The Guacamole reference: guacamole-common-js 1.5.0's Guacamole.SessionRecording in the same Chromium,
 * on the same 100 MB dump. Given a Blob, 1.5.0 throws (its Blob path reads a variable it never set), so it
 * gets the way that works: a Guacamole.StaticHTTPTunnel streaming the file from a throwaway loopback
 * server. SessionRecording then parses every instruction as it arrives, keeps a copy in a Blob, and fires
 * onload when the tunnel closes. Every measurement has a time cap; past it the page is closed.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { sampleHeap } from './heap';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head>
<body><div id="display" style="isolation:isolate"></div>
<script type="module">import Guacamole from '/guacamole-common.js'; window.Guacamole = Guacamole; window.guacReady = true;</script>
</body></html>`;

export interface GuacReferenceResult {
  /** How the recording reached SessionRecording. */
  feed: string;
  /** connect() until onload (every frame parsed); null when it gave up or failed. */
  loadMs: number | null;
  /** seek(duration) until its callback and the next painted frame; null when it gave up, failed or never loaded. */
  seekToEndMs: number | null;
  /** What SessionRecording reports as the duration (ms), to check it read the whole file. */
  durationMs: number | null;
  heapAfterLoadBytes: number | null;
  peakHeapBytes: number | null;
  timeoutMs: number;
  /** "gave up after N s" or the error, per step. */
  notes: string[];
}

function serve(root: string, file: string): Promise<Server> {
  const lib = join(root, 'node_modules/guacamole-common-js/dist/esm/guacamole-common.js');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else if (path === '/guacamole-common.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(lib));
    } else if (path === '/rec.guac') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; why: string };

/** Resolves with the step's value, or with why it did not finish within `ms`. */
async function capped<T>(step: Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome<T>>((r) => (timer = setTimeout(() => r({ ok: false, why: `> ${ms / 1000} s (gave up)` }), ms)));
  const done = step.then(
    (value): Outcome<T> => ({ ok: true, value }),
    (e: unknown): Outcome<T> => ({ ok: false, why: `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` }),
  );
  try {
    return await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function heapAfterGc(page: Page): Promise<number | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m: { name: string }) => m.name === 'JSHeapUsedSize')?.value ?? null;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** What 1.5.0 does with a Blob (a tiny valid one): the reason it is fed through a tunnel instead. */
async function blobPath(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const G = (window as unknown as { Guacamole: typeof import('guacamole-common-js') }).Guacamole;
    try {
      const recording = new G.SessionRecording(new Blob(['4.size,1.0,2.64,2.64;4.sync,1.0;4.sync,3.100;']));
      const loaded = await new Promise<boolean>((r) => {
        recording.onload = () => r(true);
        setTimeout(() => r(false), 2000);
      });
      return loaded ? `loaded (duration ${recording.getDuration()} ms)` : 'no onload within 2 s';
    } catch (e) {
      return `throws ${String(e)}`;
    }
  });
}

export async function runGuacReference(root: string, browser: BrowserContext, file: string, timeoutMs: number): Promise<GuacReferenceResult> {
  const server = await serve(root, file);
  const port = (server.address() as AddressInfo).port;
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const result: GuacReferenceResult = {
    feed: 'Guacamole.StaticHTTPTunnel(url) from a loopback HTTP server, passed to new Guacamole.SessionRecording(tunnel), then connect()',
    loadMs: null,
    seekToEndMs: null,
    durationMs: null,
    heapAfterLoadBytes: null,
    peakHeapBytes: null,
    timeoutMs,
    notes: [],
  };
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as unknown as { guacReady?: boolean }).guacReady === true);
    result.notes.push(`Blob path: ${await blobPath(page)}`);
    const heap = await sampleHeap(page);
    // A page still busy replaying may answer DevTools late: do not wait for it forever.
    const stopHeap = () => capped(heap.stop(), 10_000).then((o) => (o.ok ? o.value : null));
    const load = await capped(
      page.evaluate(async () => {
        const G = (window as unknown as { Guacamole: typeof import('guacamole-common-js') }).Guacamole;
        const t0 = performance.now();
        const recording = new G.SessionRecording(new G.StaticHTTPTunnel('/rec.guac'));
        (window as unknown as { benchRecording: unknown }).benchRecording = recording;
        document.getElementById('display')!.appendChild(recording.getDisplay().getElement());
        await new Promise<void>((resolve, reject) => {
          recording.onload = () => resolve();
          recording.onerror = (message: string) => reject(new Error(message));
          recording.connect();
        });
        return { loadMs: performance.now() - t0, durationMs: recording.getDuration() };
      }),
      timeoutMs,
    );
    if (!load.ok) {
      result.notes.push(`load ${load.why}`);
      result.peakHeapBytes = await stopHeap();
      return result;
    }
    result.loadMs = load.value.loadMs;
    result.durationMs = load.value.durationMs;
    result.heapAfterLoadBytes = await heapAfterGc(page);

    const seek = await capped(
      page.evaluate(async () => {
        const recording = (window as unknown as { benchRecording: import('guacamole-common-js').SessionRecording }).benchRecording;
        const t0 = performance.now();
        await new Promise<void>((resolve) => recording.seek(recording.getDuration(), () => resolve()));
        // Stop the clock once the frame showing the result has been painted.
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        return performance.now() - t0;
      }),
      timeoutMs,
    );
    if (seek.ok) result.seekToEndMs = seek.value;
    else result.notes.push(`seek to end ${seek.why}`);
    result.peakHeapBytes = await stopHeap();
    return result;
  } finally {
    if (pageErrors.length > 0) result.notes.push(`page errors: ${[...new Set(pageErrors)].slice(0, 3).join(' | ')}`);
    // A seek that gave up is still replaying frames: closing the page ends it.
    await page.close({ runBeforeUnload: false }).catch(() => undefined);
    server.close();
    server.closeAllConnections();
  }
}
