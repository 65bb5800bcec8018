/**
 * A deterministic (by seed) realistic asciicast v2 recording of any length: shell prompts with typed
 * commands, coloured `ls`, bulk `cat`, log tails, a vim-like editor on the alternate screen, a `top`-like
 * redraw loop and progress bars, with idle gaps. Output volume follows `targetBytes` over `durationMs`:
 * when the session is behind on bytes it cats a big file, when ahead the user pauses.
 * Used by the index throughput test and by `npm run bench`.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import {
  catFile,
  int,
  logTail,
  lsColor,
  mulberry32,
  progressBar,
  topLoop,
  typedCommand,
  vimSession,
  type SceneContext,
  type SceneEvent,
} from './synthetic-scenes';

export interface SyntheticCastOptions {
  durationMs: number;
  /** Terminal output bytes to produce (UTF-8 of the "o" event data). */
  targetBytes: number;
  seed: number;
  cols?: number;
  rows?: number;
}

export interface SyntheticCastStats {
  outputBytes: number;
  events: number;
  durationMs: number;
  /** Appears exactly `rareCount` times in the output (a search target). */
  rareWord: string;
  rareCount: number;
  /** Appears in a large share of lines. */
  commonWord: string;
}

const RARE_AT = [0.17, 0.5, 0.83];

export function rareWordFor(seed: number): string {
  return `quokka${(seed * 7919 + 13) % 100000}xq`;
}

/**
 * The lines of the cast file (header first), each ending with "\n". `stats` is complete once the
 * generator has finished.
 */
export function generateCastLines(opts: SyntheticCastOptions, stats: SyntheticCastStats = emptyStats(opts.seed)): Generator<string> {
  return castLines(opts, stats);
}

/** Async form of {@link generateCastLines}. */
export async function* generateCast(opts: SyntheticCastOptions, stats?: SyntheticCastStats): AsyncIterable<string> {
  yield* generateCastLines(opts, stats);
}

function emptyStats(seed: number): SyntheticCastStats {
  return { outputBytes: 0, events: 0, durationMs: 0, rareWord: rareWordFor(seed), rareCount: 0, commonWord: 'timeout' };
}

function* castLines(opts: SyntheticCastOptions, stats: SyntheticCastStats): Generator<string> {
  const cols = opts.cols ?? 120;
  const rows = opts.rows ?? 36;
  const rng = mulberry32(opts.seed);
  const msPerByte = opts.durationMs / opts.targetBytes;
  let pendingRare = 0;
  let nextRare = 0;
  const ctx: SceneContext = {
    rng,
    cols,
    rows,
    takeInjection: () => {
      if (pendingRare === 0) return undefined;
      pendingRare--;
      stats.rareCount++;
      return stats.rareWord;
    },
  };
  const startEpochS = 1_700_000_000 + (opts.seed % 1000) * 86_400;
  yield `${JSON.stringify({ version: 2, width: cols, height: rows, timestamp: startEpochS, title: `synthetic session ${opts.seed}`, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' } })}\n`;

  let timeMs = 0;
  let gapMs = 0;
  const emit = (e: SceneEvent): string => {
    timeMs += e.delayMs + gapMs;
    gapMs = 0;
    stats.events++;
    stats.outputBytes += Buffer.byteLength(e.data);
    return `[${(timeMs / 1000).toFixed(6)}, "o", ${JSON.stringify(e.data)}]\n`;
  };

  yield emit({ delayMs: 5, data: `Last login: Mon Mar  4 09:12:55 2024 from 10.0.0.7\r\n${'\x1b[1;32madmin@prod-db-01\x1b[0m:\x1b[1;34m~\x1b[0m$ '}` });
  while (stats.outputBytes < opts.targetBytes) {
    while (nextRare < RARE_AT.length && stats.outputBytes >= RARE_AT[nextRare]! * opts.targetBytes) {
      pendingRare++;
      nextRare++;
    }
    const behindBytes = timeMs / msPerByte - stats.outputBytes;
    const scene = chooseScene(ctx, behindBytes, opts.targetBytes - stats.outputBytes, startEpochS + Math.floor(timeMs / 1000));
    for (const e of scene) yield emit(e);
    // Ahead of the byte schedule: the admin reads, thinks, goes for coffee.
    const aheadMs = stats.outputBytes * msPerByte - timeMs;
    if (aheadMs > 0) gapMs = Math.round(aheadMs);
  }
  if (timeMs < opts.durationMs) yield emit({ delayMs: opts.durationMs - timeMs, data: '\r\nlogout\r\n' });
  stats.durationMs = timeMs;
}

function chooseScene(ctx: SceneContext, behindBytes: number, remainingBytes: number, epochS: number): Iterable<SceneEvent> {
  const { rng } = ctx;
  if (behindBytes > 64 * 1024) return catFile(ctx, Math.min(behindBytes, remainingBytes, 2 * 1024 * 1024));
  const r = rng();
  if (r < 0.2) return lsColor(ctx);
  if (r < 0.35) return logTail(ctx, int(rng, 10, 200), epochS);
  if (r < 0.47) return vimSession(ctx);
  if (r < 0.57) return topLoop(ctx, int(rng, 3, 30));
  if (r < 0.67) return progressBar(ctx);
  if (r < 0.8) return catFile(ctx, Math.min(remainingBytes, int(rng, 2_000, 60_000)));
  return typedCommand(ctx, pickSimple(rng));
}

function pickSimple(rng: () => number): string {
  const cmds = ['df -h', 'uptime', 'whoami', 'git status', 'sudo systemctl restart nginx', 'history | tail', 'free -m'];
  return cmds[Math.floor(rng() * cmds.length)]!;
}

/** Write a synthetic cast to `path` (gzip when asked), honouring stream back-pressure. */
export async function writeSyntheticCast(path: string, opts: SyntheticCastOptions & { gzip?: boolean }): Promise<SyntheticCastStats> {
  const stats = emptyStats(opts.seed);
  const file = createWriteStream(path);
  const gzip = opts.gzip ? createGzip({ level: 6 }) : undefined;
  const sink = gzip ?? file;
  if (gzip) gzip.pipe(file);
  const done = once(file, 'close');
  let batch = '';
  for (const line of generateCastLines(opts, stats)) {
    batch += line;
    if (batch.length >= 1 << 16) {
      if (!sink.write(batch)) await once(sink, 'drain');
      batch = '';
    }
  }
  sink.end(batch);
  await done;
  return stats;
}
