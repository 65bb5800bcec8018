/**
 * `npm run bench -- --only export`: 10 minutes exported out of a 1-hour recording of each kind (the bench's
 * 1-hour ~100 MB asciicast, gzip; a 1-hour Guacamole dump repeated from the guacd corpus), through the built
 * worker as the app runs it: the clip, the evidence bundle (clip + transcript + CSVs, zipped) and the
 * transcript alone, each timed; then `verify` on the bundle. Indexing is done (and timed) first, apart.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../main/core/core';
import { verifyBundle } from '../../main/core/export/verify';
import { writeSyntheticCast } from '../../main/core/testing/synthetic-cast';
import { writeSyntheticGuac } from '../../main/core/testing/synthetic-guac';
import { GUAC_BENCH_SOURCES, GUAC_SEED, guacCorpusDir } from './guac-files';

const MB = 1e6;
const HOUR_MS = 3_600_000;
const FROM_MS = 25 * 60_000;
const TO_MS = 35 * 60_000;
/** The synthetic Guacamole dump runs ~9.7 KB of protocol per second of session: ~35 MB is an hour. */
const GUAC_HOUR_BYTES = 35e6;

async function ensureCast(dir: string): Promise<string> {
  const path = join(dir, 'synthetic-1h-100MB-seed7.cast.gz');
  if (!existsSync(path)) {
    console.log(`generating ${path} ...`);
    writeFileSync(`${path}.json`, JSON.stringify(await writeSyntheticCast(path, { durationMs: HOUR_MS, targetBytes: 100 * MB, seed: 7, gzip: true })));
  }
  return path;
}

/** The 1-hour Guacamole dump the export benchmarks cut from (generated once from the corpus). */
export async function ensureGuacHour(root: string, dir: string): Promise<string> {
  const path = join(dir, `synthetic-guac-1h-seed${GUAC_SEED}.guac`);
  if (!existsSync(path)) {
    console.log(`generating ${path} ...`);
    const facts = await writeSyntheticGuac(path, { targetBytes: GUAC_HOUR_BYTES, sources: GUAC_BENCH_SOURCES.map((f) => join(guacCorpusDir(root), f)), seed: GUAC_SEED });
    writeFileSync(`${path}.json`, JSON.stringify(facts));
  }
  return path;
}

interface ExportRow {
  recording: string;
  what: string;
  ms: number;
  outBytes: number;
}

export async function runExportBench(root: string): Promise<void> {
  const dir = join(tmpdir(), 'trailview-bench');
  mkdirSync(dir, { recursive: true });
  const inputs = [
    { label: 'terminal (asciicast gz)', path: await ensureCast(dir), clip: 'cast' as const },
    { label: 'Guacamole dump', path: await ensureGuacHour(root, dir), clip: 'guac' as const },
  ];
  const work = mkdtempSync(join(tmpdir(), 'tv-export-bench-'));
  const core = createCore({ dataDir: join(work, 'data'), worker: 'thread', workerPath: join(root, 'out/main/worker.js') });
  const rows: ExportRow[] = [];
  const facts: Record<string, unknown>[] = [];
  try {
    for (const input of inputs) {
      const t0 = performance.now();
      const summary = await core.whenIndexed((await core.open(input.path)).id);
      const indexMs = performance.now() - t0;
      // A Guacamole recording's keyframes are made after indexing, in the background; an export needs them
      // near its in-point (else it replays from the start). Wait for them, as a user who opened the file
      // a minute ago would have them. (A bench, not a test: polling is fine here.)
      const k0 = performance.now();
      for (let s = core.summary(summary.id); s.kind === 'display' && s.display.seekableUntilMs < s.durationMs; s = core.summary(summary.id)) {
        await new Promise((r) => setTimeout(r, 200));
      }
      const keyframesMs = performance.now() - k0;
      // The command and transfer lists are extracted once per recording (and cached): timed apart.
      const l0 = performance.now();
      await Promise.all([core.commands(summary.id), core.transfers(summary.id)]);
      const listsMs = performance.now() - l0;
      facts.push({ recording: input.label, sizeBytes: statSync(input.path).size, durationMs: summary.durationMs, indexMs, keyframesMs, listsMs });
      console.log(`${input.label}: ${(statSync(input.path).size / MB).toFixed(1)} MB, ${(summary.durationMs / 60_000).toFixed(1)} min, indexed in ${(indexMs / 1000).toFixed(1)} s, keyframes ${(keyframesMs / 1000).toFixed(1)} s more, commands + transfers listed in ${(listsMs / 1000).toFixed(1)} s`);
      for (const format of [input.clip, 'bundle', 'txt'] as const) {
        const outPath = join(work, `clip-${input.clip}.${format === 'bundle' ? 'zip' : format}`);
        const s = performance.now();
        const result = await core.exportClip(summary.id, { fromMs: FROM_MS, toMs: TO_MS, format, outPath, appVersion: 'bench' });
        rows.push({ recording: input.label, what: format, ms: performance.now() - s, outBytes: result.sizeBytes });
        if (format === 'bundle') {
          const v = performance.now();
          const verdict = await verifyBundle(outPath);
          if (!verdict.ok) throw new Error(`the bench's bundle does not verify: ${JSON.stringify(verdict.problems)}`);
          rows.push({ recording: input.label, what: 'verify bundle', ms: performance.now() - v, outBytes: statSync(outPath).size });
        }
      }
    }
  } finally {
    await core.dispose();
  }
  console.log(`\nexport of 10 min (${FROM_MS / 60_000}-${TO_MS / 60_000} min) out of 1-hour recordings (${new Date().toISOString()}, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)\n`);
  console.log(`${'recording'.padEnd(26)}${'export'.padEnd(16)}${'time'.padStart(10)}${'output'.padStart(12)}${'throughput'.padStart(14)}`);
  for (const r of rows) {
    const mbps = r.outBytes / MB / (r.ms / 1000);
    console.log(`${r.recording.padEnd(26)}${r.what.padEnd(16)}${`${(r.ms / 1000).toFixed(2)} s`.padStart(10)}${`${(r.outBytes / MB).toFixed(1)} MB`.padStart(12)}${`${mbps.toFixed(1)} MB/s`.padStart(14)}`);
  }
  console.log('(throughput: bytes written, or read for verify, per second of wall time; indexing not included)');
  const outDir = join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'bench-export-latest.json');
  writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), range: { fromMs: FROM_MS, toMs: TO_MS }, inputs: facts, rows }, null, 2));
  console.log(`\nfigures written to ${outFile}`);
  rmSync(work, { recursive: true, force: true });
}
