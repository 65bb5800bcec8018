/**
 * The Guacamole part of `npm run bench`: ~100 MB and ~1 GB dumps (and the 1 GB one gzipped) made from the
 * guacd corpus, indexed and played by Trailview, and the 100 MB one loaded and seeked by
 * guacamole-common-js's SessionRecording in the same Chromium. Prints one table, writes JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { mulberry32 } from '../../main/core/testing/synthetic-scenes';
import { ensureGuacFiles, GUAC_BENCH_SOURCES, GUAC_SEED } from './guac-files';
import { intoPageCache, settle } from './quiet';
import { runGuacReference, type GuacReferenceResult } from './guac-reference';
import { snapshotBuild } from './guac-build';
import { runGuacTrailview, SEEK_TIMEOUT_MS, type GuacTrailviewResult } from './guac-trailview';
import { percentile, table, type Row } from './report';

const MB = 1e6;
const SEEKS = 30;

export interface GuacBenchOptions {
  /** Size of the large dump (default 1 GB). */
  largeBytes: number;
  /** Cap on each reference measurement. */
  referenceTimeoutMs: number;
  /** How long Trailview may take to make every point seekable before seeks are measured anyway. */
  seekableCapMs: number;
  skipReference: boolean;
}

/** Seek targets anywhere in the recording, in a random order (not a sweep the player could exploit). */
function seekFractions(n: number, seed: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => 0.01 + next() * 0.98);
}

const perSecond = (bytes: number, ms: number | null) => (ms ? bytes / MB / (ms / 1000) : null);
const mb = (bytes: number | null) => (bytes === null ? null : bytes / MB);
const orNull = (xs: number[], p: number) => (xs.length > 0 ? percentile(xs, p) : null);
const kilo = (n: number | null) => (n === null ? null : n / 1e3);
const quotient = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);

/** The reference's cell for a time: its figure, or why there is none ('> 180 s (gave up)' counts as a lower bound). */
function refTime(ref: GuacReferenceResult | null, ms: number | null, gaveUpAfterMs: number | null): Partial<Row> {
  if (!ref) return { reference: null, referenceText: 'skipped' };
  if (ms !== null) return { reference: ms };
  if (gaveUpAfterMs === null) return { reference: null, referenceText: 'never loaded' };
  return { reference: gaveUpAfterMs, referenceText: `> ${(gaveUpAfterMs / 1000).toFixed(0)} s (gave up)`, referenceAtLeast: true };
}

function rows(tv: GuacTrailviewResult[], ref: GuacReferenceResult | null, seekableCapMs: number): Row[] {
  const [s, l, g] = tv as [GuacTrailviewResult, GuacTrailviewResult, GuacTrailviewResult];
  const loaded = ref?.loadMs ?? null;
  const refLoad = refTime(ref, loaded, ref?.timeoutMs ?? null);
  const refSeekEnd = refTime(ref, ref?.seekToEndMs ?? null, loaded !== null ? ref!.timeoutMs : null);
  // SessionRecording reaches any point fast only once it has replayed up to it: load, then seek to the end.
  const refSeekable =
    loaded === null ? refLoad : refTime(ref, ref!.seekToEndMs !== null ? loaded + ref!.seekToEndMs : null, loaded + ref!.timeoutMs);
  const failed = (r: GuacTrailviewResult) => (r.notes.length > 0 ? 'failed (see notes)' : '—');
  // Memory of a run that stopped early says nothing: the host's counts once it indexed everything, the
  // page's once every seek was made.
  const heap = (r: GuacTrailviewResult) => (r.uiSeekMs.length === SEEKS ? mb(r.rendererPeakHeapBytes) : null);
  const rss = (r: GuacTrailviewResult) => (r.indexMs !== null ? mb(r.hostPeakRssBytes) : null);
  const seekable = (r: GuacTrailviewResult): Partial<Row> =>
    r.seekableMs === null && r.indexMs !== null ? { trailviewText: `> ${seekableCapMs / 60_000} min (capped)` } : {};
  const none = { reference: null };
  const row = (metric: string, r: GuacTrailviewResult, value: number | null, unit: string, better: Row['better'], extra: Partial<Row> = none): Row => ({
    metric: `${metric} (${r.label})`,
    trailview: value,
    trailviewText: failed(r),
    unit,
    better,
    reference: null,
    ...extra,
  });
  const refThroughput = ref?.loadMs != null ? { reference: perSecond(s.outputBytes, ref.loadMs) } : none;
  return [
    row('index throughput', s, perSecond(s.outputBytes, s.indexMs), 'MB/s', 'higher', { ...refThroughput, target: '>= 200' }),
    row('index throughput', l, perSecond(l.outputBytes, l.indexMs), 'MB/s', 'higher', { reference: null, target: '>= 200' }),
    row('index throughput, protocol bytes', g, perSecond(g.outputBytes, g.indexMs), 'MB/s', 'higher'),
    row('time until playable (open)', s, s.openMs, 'ms', 'lower'),
    row('time until playable (open)', l, l.openMs, 'ms', 'lower'),
    row('time until playable (open)', g, g.openMs, 'ms', 'lower'),
    row('full index / reference load', s, s.indexMs, 'ms', 'lower', refLoad),
    row('time until every point is seekable', s, s.seekableMs, 'ms', 'lower', { ...refSeekable, ...seekable(s) }),
    row('time until every point is seekable', l, l.seekableMs, 'ms', 'lower', { reference: null, ...seekable(l) }),
    row('time until every point is seekable', g, g.seekableMs, 'ms', 'lower', { reference: null, ...seekable(g) }),
    ...[s, l, g].map((r) => row('keyframe pass: protocol bytes until seekable', r, perSecond(r.outputBytes, r.seekableMs), 'MB/s', 'higher', seekable(r))),
    row('first seek to the end, player UI', s, s.uiSeekToEndMs, 'ms', 'lower', { ...refSeekEnd, target: '<= 250' }),
    ...[s, l, g].flatMap((r) => {
      const late = r.uiSeekTimeouts > 0 ? `, ${r.uiSeekTimeouts} over ${SEEK_TIMEOUT_MS / 1000} s counted as that` : '';
      return [
        row(`seek p50, ${SEEKS} random points${late}, player UI`, r, orNull(r.uiSeekMs, 50), 'ms', 'lower'),
        row(`seek p95, ${SEEKS} random points${late}, player UI`, r, orNull(r.uiSeekMs, 95), 'ms', 'lower', { reference: null, target: '<= 250' }),
      ];
    }),
    ...[s, l, g].flatMap((r) => [
      row('core: chunks for a seek, p50', r, orNull(r.chunkSeekMs, 50), 'ms', 'lower'),
      row('core: chunks for a seek, p95', r, orNull(r.chunkSeekMs, 95), 'ms', 'lower'),
      row('core: protocol text a seek replays, p50', r, kilo(orNull(r.chunkSeekChars, 50)), 'K chars', 'lower'),
    ]),
    row('peak memory: core process RSS (incl. worker)', s, rss(s), 'MB', 'lower'),
    row('peak memory: core process RSS (incl. worker)', l, rss(l), 'MB', 'lower', { reference: null, target: '<= 600' }),
    row('peak memory: core process RSS (incl. worker)', g, rss(g), 'MB', 'lower', { reference: null, target: '<= 600' }),
    { metric: `core RSS ${l.label} / ${s.label} (flat = 1)`, trailview: quotient(rss(l), rss(s)), reference: null, unit: 'x', better: 'lower', target: '<= 1.25' },
    row('peak memory: page JS heap', s, heap(s), 'MB', 'lower', { reference: mb(ref?.peakHeapBytes ?? null) }),
    row('peak memory: page JS heap', l, heap(l), 'MB', 'lower'),
    { metric: `page JS heap ${l.label} / ${s.label} (flat = 1)`, trailview: quotient(heap(l), heap(s)), reference: null, unit: 'x', better: 'lower', target: '<= 1.25' },
    { metric: 'reference: JS heap after load, after GC (100 MB)', trailview: null, trailviewText: '', reference: mb(ref?.heapAfterLoadBytes ?? null), unit: 'MB', better: 'lower' },
  ];
}

/** The commit the measured build came from ('+dirty' when the tree had changes), for reading old JSON. */
function commitOf(root: string): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

export async function runGuacBench(root: string, browser: BrowserContext, opts: GuacBenchOptions): Promise<void> {
  const files = await ensureGuacFiles(root, opts.largeBytes);
  for (const f of [files.small, files.large, files.largeGz]) {
    const { fileBytes, outputBytes, frames, durationMs, pieces } = f.facts;
    console.log(`${f.label}: ${(fileBytes / MB).toFixed(1)} MB on disk, ${(outputBytes / MB).toFixed(1)} MB protocol, ${frames} frames, ${(durationMs / 3_600_000).toFixed(2)} h, ${pieces} pieces`);
  }
  const fractions = seekFractions(SEEKS, GUAC_SEED);
  const tv: GuacTrailviewResult[] = [];
  const build = snapshotBuild(root);
  try {
    for (const f of [files.small, files.large, files.largeGz]) {
      console.log(`Trailview: ${f.label} ...`);
      await intoPageCache(f.path);
      tv.push(await runGuacTrailview(build.root, browser, f, fractions, opts.seekableCapMs));
    }
  } finally {
    build.dispose();
  }
  let ref: GuacReferenceResult | null = null;
  if (!opts.skipReference) {
    console.log(`guacamole-common-js SessionRecording: ${files.small.label} (each step capped at ${opts.referenceTimeoutMs / 1000} s) ...`);
    await intoPageCache(files.small.path);
    await settle('SessionRecording');
    ref = await runGuacReference(root, browser, files.small.path, opts.referenceTimeoutMs);
  }
  const [, , g] = tv as [GuacTrailviewResult, GuacTrailviewResult, GuacTrailviewResult];
  const table1 = rows(tv, ref, opts.seekableCapMs);
  console.log(`\nGuacamole: Trailview vs guacamole-common-js 1.5.0 SessionRecording, same Chromium (${new Date().toISOString()})\n`);
  console.log(table(table1, 'SessionRecording (100 MB)'));
  console.log(`\nsources repeated: ${GUAC_BENCH_SOURCES.join(', ')} (seed ${GUAC_SEED}); seeks: ${SEEKS} random points, same for every file`);
  console.log(`gzip: ${(perSecond(g.fileBytes, g.indexMs) ?? NaN).toFixed(1)} MB/s of compressed input`);
  if (ref) console.log(`reference fed by: ${ref.feed}; its duration ${ref.durationMs ?? '—'} ms vs ${files.small.facts.durationMs} ms written`);
  for (const r of tv) console.log(`core peak RSS after each phase (${r.label}): ${r.peakRssAfter.map((p) => `${p.phase} ${(p.bytes / 1e6).toFixed(0)} MB`).join(', ')}`);
  for (const r of tv) for (const n of r.notes) console.log(`note (${r.label}): ${n}`);
  for (const n of ref?.notes ?? []) console.log(`note (reference): ${n}`);

  const outDir = join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'bench-guac-latest.json');
  const env = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, commit: commitOf(root) };
  const json = { date: new Date().toISOString(), env, files: { small: files.small, large: files.large, largeGz: files.largeGz }, rows: table1, trailview: tv, reference: ref };
  writeFileSync(outFile, JSON.stringify(json, null, 2));
  console.log(`\nfigures written to ${outFile}`);
}
