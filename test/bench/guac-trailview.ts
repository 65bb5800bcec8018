/**
 * Trailview's side of the Guacamole bench, for one file: the built browser-mode host (out/main/web.js:
 * createCore with its worker thread, in a child process of its own, so that process's peak RSS is the
 * core's, worker included) and the real player UI in Chromium. Each step that fails is noted and the
 * rest still runs, so one missing piece does not hide the other figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { DisplayChunk, PlaybackChunk, RecordingSummary } from '../../shared/model';
import type { GuacBenchFile } from './guac-files';
import { sampleHeap } from './heap';
import { startHost } from './trailview-run';

export interface GuacTrailviewResult {
  label: string;
  fileBytes: number;
  outputBytes: number;
  /** open() round trip: hash, detect, first chunk; the recording can be played from here. */
  openMs: number | null;
  /** The core's own figure for the whole index pass (summary.index.elapsedMs). */
  indexMs: number | null;
  /** From the open request until summary.display.seekableUntilMs reached durationMs. */
  seekableMs: number | null;
  durationMs: number | null;
  frames: number | null;
  /** Seek times in the player UI (data-last-seek-ms), one per point; a seek that timed out counts as the timeout. */
  uiSeekMs: number[];
  uiSeekTimeouts: number;
  /** Seek to the very end in the UI, the reference's worst case. */
  uiSeekToEndMs: number | null;
  /** Core side: the chunks a seek needs (its keyframe chunk through the target), round trip over HTTP. */
  chunkSeekMs: number[];
  /** Protocol text those chunk sets carried, per seek. */
  chunkSeekChars: number[];
  hostPeakRssBytes: number | null;
  rendererPeakHeapBytes: number | null;
  /** Once a second from the open request on: how far indexing and keyframes got, and the host's RSS. */
  timeline: { atMs: number; progress: number; seekableUntilMs: number; durationMs: number; rssBytes: number }[];
  /** The host's peak RSS as each phase ended (it only grows): which phase raised it. */
  peakRssAfter: { phase: string; bytes: number }[];
  notes: string[];
}

const POLL_MS = 20;
const SAMPLE_EVERY_MS = 1000;
const LOG_EVERY_MS = 30_000;
export const SEEK_TIMEOUT_MS = 60_000;

const why = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

type Host = Awaited<ReturnType<typeof startHost>>;

/**
 * Polls the summary until every point is seekable (or the cap), noting when indexing ended and sampling
 * progress and the host's RSS once a second for the JSON. Past the cap the run goes on with what is
 * seekable by then, and says so.
 */
async function untilSeekable(host: Host, id: string, t0: number, capMs: number, out: GuacTrailviewResult): Promise<void> {
  let nextSampleMs = 0;
  let nextLogMs = LOG_EVERY_MS;
  for (;;) {
    const s = await host.call<RecordingSummary>('summary', { id });
    const elapsedMs = performance.now() - t0;
    if (s.kind !== 'display') throw new Error(`opened as ${s.kind} (${s.format}), not as a Guacamole recording`);
    if (s.index.state === 'failed' || s.index.state === 'cancelled') throw new Error(`indexing ${s.index.state}: ${s.index.error?.message ?? ''}`);
    if (s.index.state === 'ready' && out.indexMs === null) out.indexMs = s.index.elapsedMs ?? elapsedMs;
    const done = s.index.state === 'ready' && s.display.seekableUntilMs >= s.durationMs;
    if (elapsedMs >= nextSampleMs || done) {
      out.timeline.push({ atMs: Math.round(elapsedMs), progress: s.index.progress, seekableUntilMs: s.display.seekableUntilMs, durationMs: s.durationMs, rssBytes: host.rss() });
      nextSampleMs = elapsedMs + SAMPLE_EVERY_MS;
    }
    if (elapsedMs >= nextLogMs) {
      console.log(`  ${(elapsedMs / 1000).toFixed(0)} s: indexed ${(s.index.progress * 100).toFixed(0)}%, seekable until ${clock(s.display.seekableUntilMs)} of ${clock(s.durationMs)}`);
      nextLogMs += LOG_EVERY_MS;
    }
    out.durationMs = s.durationMs;
    out.frames = s.display.frames;
    if (done) {
      out.seekableMs = elapsedMs;
      return;
    }
    if (elapsedMs > capMs) {
      if (s.index.state !== 'ready') throw new Error(`indexing not finished after ${capMs / 60_000} min (${(s.index.progress * 100).toFixed(0)}%)`);
      out.notes.push(`not seekable everywhere after ${capMs / 60_000} min (until ${clock(s.display.seekableUntilMs)} of ${clock(s.durationMs)}); seeks measured from there`);
      return;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** What the player has to fetch to show `atMs`: the chunk holding it and every chunk back to its keyframe. */
async function chunksForSeek(call: <T>(m: string, r: unknown) => Promise<T>, id: string, atMs: number): Promise<number> {
  const target = await call<PlaybackChunk>('chunk', { id, atMs });
  if (target.kind !== 'display') throw new Error(`chunk at ${atMs} ms is ${target.kind}, not display`);
  let chars = target.instructions.length + (target.prelude?.length ?? 0);
  for (let i = target.keyframeChunk; i < target.chunkIndex; i++) {
    const c = await call<DisplayChunk>('chunk', { id, chunkIndex: i });
    chars += c.instructions.length + (c.prelude?.length ?? 0);
  }
  return chars;
}

/** Click the seek bar at `fraction`; the player's own figure once it has settled, or null past `timeoutMs`. */
async function seekInUi(page: Page, fraction: number, timeoutMs: number): Promise<number | null> {
  const player = page.locator('[data-testid="player"]');
  const box = (await page.locator('[data-testid="seek-bar"]').boundingBox())!;
  const before = await player.getAttribute('data-last-seek-id');
  await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
  const settled = (prev: string | null) => {
    const el = document.querySelector('[data-testid="player"]')!;
    return el.getAttribute('data-seeking') === 'false' && el.getAttribute('data-last-seek-id') !== prev;
  };
  try {
    await page.waitForFunction(settled, before, { timeout: timeoutMs });
  } catch {
    // Let the late seek finish before the next one starts, so it does not slow that one down.
    await page.waitForFunction(settled, before, { timeout: timeoutMs * 4 });
    return null;
  }
  return Number(await player.getAttribute('data-last-seek-ms'));
}

async function openInUi(page: Page, url: string, id: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="app"]');
  await page.locator(`[data-testid="library-item"][data-id="${id}"]`).click({ timeout: 30_000 });
  await page.waitForSelector('[data-testid="player"][data-state="paused"], [data-testid="player"][data-state="ready"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="player"][data-last-seek-ms]', { timeout: 60_000 });
}

export async function runGuacTrailview(
  root: string,
  browser: BrowserContext,
  file: GuacBenchFile,
  fractions: number[],
  seekableCapMs: number,
): Promise<GuacTrailviewResult> {
  const out: GuacTrailviewResult = {
    label: file.label,
    fileBytes: file.facts.fileBytes,
    outputBytes: file.facts.outputBytes,
    openMs: null, indexMs: null, seekableMs: null, durationMs: null, frames: null,
    uiSeekMs: [], uiSeekTimeouts: 0, uiSeekToEndMs: null, chunkSeekMs: [], chunkSeekChars: [],
    hostPeakRssBytes: null, rendererPeakHeapBytes: null, timeline: [], peakRssAfter: [], notes: [],
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'trailview-bench-guac-data-'));
  const host = await startHost(root, dataDir);
  const phaseEnded = (phase: string) => out.peakRssAfter.push({ phase, bytes: host.peakRss() });
  try {
    phaseEnded('host started');
    const t0 = performance.now();
    let summary: RecordingSummary;
    try {
      summary = await host.call<RecordingSummary>('open', { source: { kind: 'path', path: file.path } });
      out.openMs = performance.now() - t0;
    } catch (e) {
      out.notes.push(`open failed: ${why(e)}`);
      return out;
    }
    try {
      await untilSeekable(host, summary.id, t0, seekableCapMs, out);
      phaseEnded('indexed and seekable');
    } catch (e) {
      out.notes.push(why(e));
      return out;
    }
    if (out.frames !== file.facts.frames) out.notes.push(`frames: core says ${out.frames}, the generator wrote ${file.facts.frames}`);
    if (out.durationMs !== file.facts.durationMs) out.notes.push(`duration: core says ${out.durationMs} ms, the generator wrote ${file.facts.durationMs} ms`);

    const pointsMs = fractions.map((f) => Math.round(f * out.durationMs!));
    try {
      for (const atMs of pointsMs) {
        const t = performance.now();
        out.chunkSeekChars.push(await chunksForSeek(host.call, summary.id, atMs));
        out.chunkSeekMs.push(performance.now() - t);
      }
    } catch (e) {
      out.notes.push(`chunk fetch failed: ${why(e)}`);
    }
    phaseEnded('chunks fetched');

    const page = await browser.newPage();
    const heap = await sampleHeap(page);
    try {
      await openInUi(page, host.url, summary.id);
      phaseEnded('opened in the player');
      for (const f of fractions) {
        const ms = await seekInUi(page, f, SEEK_TIMEOUT_MS);
        if (ms === null) out.uiSeekTimeouts++;
        out.uiSeekMs.push(ms ?? SEEK_TIMEOUT_MS);
      }
      out.uiSeekToEndMs = await seekInUi(page, 0.9995, SEEK_TIMEOUT_MS);
      phaseEnded('seeks in the player');
      if (out.uiSeekToEndMs === null) out.notes.push(`seek to the end took over ${SEEK_TIMEOUT_MS / 1000} s`);
    } catch (e) {
      out.notes.push(`player UI: ${why(e)}`);
    } finally {
      out.rendererPeakHeapBytes = await heap.stop();
      await page.close();
    }
    return out;
  } finally {
    out.hostPeakRssBytes = host.peakRss();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
