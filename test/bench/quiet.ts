/**
 * Waits for the machine to be quiet before a measurement: Chromium's start-up (its GPU, network and
 * storage services) keeps both cores of a small machine busy for a few seconds, and a measurement taken
 * meanwhile (the Guacamole fast pass on 100 MB takes ~0.5 s) measures Chromium as much as Trailview.
 * Reads the whole machine's CPU time from /proc/stat; elsewhere it just waits a few seconds. Also puts
 * a recording into the page cache before it is measured (intoPageCache).
 */
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

const WINDOW_MS = 500;
/** Busy share of all cores below which a window counts as quiet. */
const QUIET_SHARE = 0.15;
const QUIET_WINDOWS = 2;
const FALLBACK_MS = 3000;

function cpuTimes(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [, ...fields] = line.trim().split(/\s+/);
    const n = fields.map(Number);
    // user nice system idle iowait irq softirq steal ...
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once two windows in a row used under 15% of the machine, or after `capMs`; says how long it took. */
export async function untilQuiet(capMs = 20_000): Promise<{ waitedMs: number; busyShare: number | null }> {
  const t0 = performance.now();
  let prev = cpuTimes();
  if (!prev) {
    await sleep(FALLBACK_MS);
    return { waitedMs: performance.now() - t0, busyShare: null };
  }
  let quiet = 0;
  let share = 1;
  while (performance.now() - t0 < capMs) {
    await sleep(WINDOW_MS);
    const now = cpuTimes()!;
    share = now.total > prev.total ? (now.busy - prev.busy) / (now.total - prev.total) : 0;
    prev = now;
    quiet = share < QUIET_SHARE ? quiet + 1 : 0;
    if (quiet >= QUIET_WINDOWS) break;
  }
  return { waitedMs: performance.now() - t0, busyShare: share };
}

/** untilQuiet with one log line, for the bench's console. */
export async function settle(what: string): Promise<void> {
  const q = await untilQuiet();
  const busy = q.busyShare === null ? '' : `, ${(q.busyShare * 100).toFixed(0)}% busy`;
  console.log(`  (waited ${(q.waitedMs / 1000).toFixed(1)} s for a quiet machine before ${what}${busy})`);
}

/**
 * Reads `path` once, so the measurement that follows reads it from the OS's page cache: the figures are
 * about the players, not about the disk. This machine's page cache does not keep files for long (the
 * 1 GB dump, generated half an hour before, came from the disk at ~70 MB/s in one run).
 */
export async function intoPageCache(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(8 * 2 ** 20);
    while ((await handle.read(buf, 0, buf.length, null)).bytesRead > 0);
  } finally {
    await handle.close();
  }
}
