/**
 * Trailview's side of the benchmark: the built browser-mode host (out/main/web.js, a child process so its
 * peak RSS is its own) and the real UI in Chromium. Every figure comes from the same file the reference
 * player gets.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BrowserContext, Page } from 'playwright-core';
import type { Result } from '../../shared/api';
import type { RecordingSummary, SearchResult, TerminalChunk } from '../../shared/model';
import { sampleHeap } from './heap';
import { untilQuiet } from './quiet';
import { median } from './report';

export interface TrailviewResult {
  openMs: number;
  firstChunkMs: number;
  firstRenderMs: number;
  firstFrameMs: number;
  indexMs: number;
  durationMs: number;
  seekPointsMs: number[];
  seekMs: number[];
  search: Record<string, { roundTripMs: number; coreMs: number; total: number }>;
  hostPeakRssBytes: number;
  rendererPeakHeapBytes: number;
  cacheOpenMs: number;
}

export async function startHost(root: string, dataDir: string) {
  const child = spawn(process.execPath, [join(root, 'out/main/web.js'), '--port', '0', '--no-open', '--no-samples', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (c) => reject(new Error(`web host exited (${c})`)));
  });
  const u = new URL(url);
  const token = u.searchParams.get('token')!;
  async function call<T>(method: string, req: unknown): Promise<T> {
    const res = await fetch(`${u.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trailview-token': token },
      body: JSON.stringify(req),
    });
    const env = (await res.json()) as Result<T>;
    if (!env.ok) throw new Error(`${method}: ${env.error.code}: ${env.error.message}`);
    return env.value;
  }
  /** Peak resident set of the host process (Linux VmHWM), bytes. */
  function peakRss(): number {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  }
  async function stop() {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  /** Resident set of the host process right now (Linux VmRSS), bytes. */
  function rss(): number {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  }
  // Measured the way a person uses the app: it is open (its spare worker booted and warmed up, see
  // main/core/spare-worker.ts) before a recording is opened, not opened in the same instant.
  await untilQuiet();
  return { url, call, peakRss, rss, stop };
}

const playerTime = (page: Page) => page.locator('[data-testid="player"]').getAttribute('data-time-ms').then(Number);

async function seekByBar(page: Page, fraction: number): Promise<{ timeMs: number; seekMs: number }> {
  const box = (await page.locator('[data-testid="seek-bar"]').boundingBox())!;
  const before = await page.locator('[data-testid="player"]').getAttribute('data-last-seek-id');
  await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-testid="player"]')!;
      return el.getAttribute('data-seeking') === 'false' && el.getAttribute('data-last-seek-id') !== prev;
    },
    before,
  );
  return { timeMs: await playerTime(page), seekMs: Number(await page.locator('[data-testid="player"]').getAttribute('data-last-seek-ms')) };
}

export async function runTrailview(root: string, browser: BrowserContext, castGz: string, fractions: number[], words: string[]): Promise<TrailviewResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trailview-bench-data-'));
  const host = await startHost(root, dataDir);
  const page = await browser.newPage();
  try {
    const heap = await sampleHeap(page);
    await page.goto(host.url);
    await page.waitForSelector('[data-testid="app"]');
    // The page has loaded its code and drawn; the measurement starts from an app at rest.
    await untilQuiet();

    // First frame = open (hash, detect, first chunk indexed) + fetching and drawing chunk 0 in the UI.
    let t0 = performance.now();
    const summary = await host.call<RecordingSummary>('open', { source: { kind: 'path', path: castGz } });
    const openMs = performance.now() - t0;
    t0 = performance.now();
    await host.call<TerminalChunk>('chunk', { id: summary.id, chunkIndex: 0 });
    const firstChunkMs = performance.now() - t0;
    // The open page lists the recording when its first progress event arrives (App refreshes the library
    // for an id it does not know), as it does for a file opened by a second instance; no reload, which
    // would load the whole UI again while the file indexes.
    await page.locator(`[data-testid="library-item"][data-id="${summary.id}"]`).click();
    await page.waitForSelector('[data-testid="player"][data-state="paused"], [data-testid="player"][data-state="ready"]');
    await page.waitForSelector('[data-testid="player"][data-last-seek-ms]');
    const firstRenderMs = Number(await page.locator('[data-testid="player"]').getAttribute('data-last-seek-ms'));

    let done = summary;
    while (done.index.state === 'indexing') {
      done = await host.call<RecordingSummary>('summary', { id: summary.id });
      if (done.index.state === 'indexing') await new Promise((r) => setTimeout(r, 100));
    }
    if (done.index.state !== 'ready') throw new Error(`indexing ended ${done.index.state}: ${done.index.error?.message ?? ''}`);
    const indexMs = done.index.elapsedMs ?? NaN;

    const seekPointsMs: number[] = [];
    const seekMs: number[] = [];
    for (const f of fractions) {
      const s = await seekByBar(page, f);
      seekPointsMs.push(s.timeMs);
      seekMs.push(s.seekMs);
    }

    const search: TrailviewResult['search'] = {};
    for (const word of words) {
      const rt: number[] = [];
      const core: number[] = [];
      let total = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const r = await host.call<SearchResult>('search', { id: summary.id, query: word });
        rt.push(performance.now() - t);
        core.push(r.tookMs);
        total = r.total;
      }
      search[word] = { roundTripMs: median(rt), coreMs: median(core), total };
    }
    const rendererPeakHeapBytes = await heap.stop();
    const hostPeakRssBytes = host.peakRss();

    // A second open of the same content loads the on-disk index instead of rebuilding it.
    await host.call('close', { id: summary.id });
    t0 = performance.now();
    const again = await host.call<RecordingSummary>('open', { source: { kind: 'path', path: castGz } });
    const cacheOpenMs = performance.now() - t0;
    if (!again.index.fromCache) throw new Error('second open did not use the cache');

    return {
      openMs,
      firstChunkMs,
      firstRenderMs,
      firstFrameMs: openMs + firstRenderMs,
      indexMs,
      durationMs: done.durationMs,
      seekPointsMs,
      seekMs,
      search,
      hostPeakRssBytes,
      rendererPeakHeapBytes,
      cacheOpenMs,
    };
  } finally {
    await page.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
