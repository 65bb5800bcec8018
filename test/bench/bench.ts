/**
 * `npm run bench`: two sections, each printing a table and writing JSON to bench-results/.
 * - terminal: one realistic 1-hour, ~100 MB asciicast v2 (gzip), generated deterministically, played by
 *   Trailview and by asciinema-player 3.17 in the same Chromium;
 * - guac: ~100 MB and ~1 GB Guacamole dumps (and the 1 GB one gzipped), Trailview vs guacamole-common-js
 *   SessionRecording (see guac-bench.ts).
 * Flags (after `npm run bench --`): --only terminal|guac, --guac-large-mb N (default 1000),
 * --ref-timeout-s N (cap on each Guacamole reference step, default 180), --skip-reference (Guacamole),
 * --seekable-cap-min N (how long Trailview may take to make every point of a Guacamole dump seekable, default 30).
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../e2e/harness';
import { writeSyntheticCast } from '../../main/core/testing/synthetic-cast';
import { mulberry32 } from '../../main/core/testing/synthetic-scenes';
import { runGuacBench } from './guac-bench';
import { runReference } from './reference-player';
import { median, percentile, table, type Row } from './report';
import { runTrailview } from './trailview-run';
import { runCommandsBench } from './commands-accuracy';
import { runExportBench } from './export-bench';
import { runVideoExportBench } from './video-export';
import { intoPageCache, settle } from './quiet';

const root = resolve(import.meta.dirname, '../..');
const MB = 1e6;
const DURATION_MS = 3_600_000;
const TARGET_BYTES = 100 * MB;
const SEED = 7;
const SEEKS = 50;

function seededFractions(n: number, seed: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => 0.02 + next() * 0.96).sort((a, b) => b - a); // backward, like the reference run
}

async function terminalBench(chrome: Awaited<ReturnType<typeof launchBrowser>>) {
  const dir = join(tmpdir(), 'trailview-bench');
  mkdirSync(dir, { recursive: true });
  const castGz = join(dir, `synthetic-1h-100MB-seed${SEED}.cast.gz`);
  let gen: { outputBytes: number; rareWord: string; commonWord: string; events: number };
  const metaPath = `${castGz}.json`;
  if (existsSync(castGz) && existsSync(metaPath)) {
    gen = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(metaPath, 'utf8')));
    console.log(`using ${castGz}`);
  } else {
    console.log(`generating ${castGz} ...`);
    gen = await writeSyntheticCast(castGz, { durationMs: DURATION_MS, targetBytes: TARGET_BYTES, seed: SEED, gzip: true });
    writeFileSync(metaPath, JSON.stringify(gen));
  }
  const sizeBytes = statSync(castGz).size;
  console.log(`file: ${(sizeBytes / MB).toFixed(1)} MB gzip, ${(gen.outputBytes / MB).toFixed(1)} MB terminal output, ${gen.events} events`);

  await intoPageCache(castGz);
  const tv = await runTrailview(root, chrome.context, castGz, seededFractions(SEEKS, SEED), [gen.rareWord, gen.commonWord]);
  await intoPageCache(castGz);
  await settle('asciinema-player');
  const ref = await runReference(root, chrome.context, castGz, tv.seekPointsMs);
  const rare = tv.search[gen.rareWord]!;
  const common = tv.search[gen.commonWord]!;
  const rows: Row[] = [
    { metric: 'time to first frame', trailview: tv.firstFrameMs, reference: ref.loadMs, unit: 'ms', target: '<= 300', better: 'lower' },
    { metric: 'index throughput (terminal output)', trailview: gen.outputBytes / MB / (tv.indexMs / 1000), reference: null, unit: 'MB/s', target: '>= 15', better: 'higher' },
    { metric: 'full index time', trailview: tv.indexMs, reference: ref.loadMs, unit: 'ms', better: 'lower' },
    { metric: `seek p50 (${SEEKS} backward seeks)`, trailview: median(tv.seekMs), reference: median(ref.seekMs), unit: 'ms', better: 'lower' },
    { metric: `seek p95 (${SEEKS} backward seeks)`, trailview: percentile(tv.seekMs, 95), reference: percentile(ref.seekMs, 95), unit: 'ms', target: '<= 50', better: 'lower' },
    { metric: `search rare word (${rare.total} hits), round trip`, trailview: rare.roundTripMs, reference: null, unit: 'ms', target: '<= 100', better: 'lower' },
    { metric: `search common word (${common.total} hits), round trip`, trailview: common.roundTripMs, reference: null, unit: 'ms', target: '<= 100', better: 'lower' },
    { metric: 'peak memory: host process RSS', trailview: tv.hostPeakRssBytes / MB, reference: null, unit: 'MB', target: '<= 400', better: 'lower' },
    { metric: 'peak memory: page JS heap', trailview: tv.rendererPeakHeapBytes / MB, reference: ref.peakHeapBytes / MB, unit: 'MB', better: 'lower' },
    { metric: 'second open (index cache)', trailview: tv.cacheOpenMs, reference: null, unit: 'ms', better: 'lower' },
  ];
  console.log(`\nTrailview vs asciinema-player 3.17, same file, same Chromium (${new Date().toISOString()})\n`);
  console.log(table(rows));
  console.log(`\nfirst frame = open ${tv.openMs.toFixed(0)} ms (hash, detect, first chunk) + UI fetch and draw ${tv.firstRenderMs.toFixed(0)} ms; reference = create() until 'ready' (whole file fetched and parsed)`);
  console.log(`search core time: rare ${rare.coreMs.toFixed(1)} ms, common ${common.coreMs.toFixed(1)} ms; durations: Trailview ${tv.durationMs} ms, reference ${ref.durationMs.toFixed(0)} ms`);
  const outDir = join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const json = { date: new Date().toISOString(), file: { sizeBytes, ...gen }, rows, trailview: tv, reference: ref };
  const outFile = join(outDir, 'bench-latest.json');
  writeFileSync(outFile, JSON.stringify(json, null, 2));
  console.log(`\nfigures written to ${outFile}`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'guac-large-mb': { type: 'string', default: '1000' },
      'ref-timeout-s': { type: 'string', default: '180' },
      'seekable-cap-min': { type: 'string', default: '30' },
      'skip-reference': { type: 'boolean', default: false },
    },
  });
  const only = values.only;
  if (only === 'export') return runExportBench(root);
  if (only === 'video-export') return runVideoExportBench(root);
  // Command/transfer accuracy (test/fixtures/commands): no browser needed; runs in a full run too.
  if (only === 'commands' || only === undefined) {
    await runCommandsBench(root, only === 'commands');
    if (only === 'commands') return;
  }
  if (only !== undefined && only !== 'terminal' && only !== 'guac') throw new Error(`--only takes terminal or guac, not ${JSON.stringify(only)}`);
  const chrome = await launchBrowser();
  try {
    if (only !== 'guac') await terminalBench(chrome);
    if (only !== 'terminal') {
      await runGuacBench(root, chrome.context, {
        largeBytes: Number(values['guac-large-mb']) * MB,
        referenceTimeoutMs: Number(values['ref-timeout-s']) * 1000,
        seekableCapMs: Number(values['seekable-cap-min']) * 60_000,
        skipReference: values['skip-reference'] === true,
      });
    }
  } finally {
    await chrome.close();
  }
}

await main();
