/**
 * The Guacamole bench's input files: ~100 MB and ~1 GB dumps repeated from the guacd corpus, plus the
 * 1 GB one gzipped. Generated once into the OS temp dir and reused while their parameters (and the
 * generator's version) stay the same.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSyntheticGuac, type SyntheticGuacFacts } from '../../main/core/testing/synthetic-guac';

/** Bump when the generator's output changes, so cached files are not reused. */
const GENERATOR_VERSION = 1;
export const GUAC_SEED = 11;

/**
 * The ASCII-only corpus recordings (VNC and SSH). guacd160-ssh-unicode-name.guac is left out on purpose:
 * SessionRecording 1.5.0 slices its Blob by UTF-16 offsets, so after the first non-ASCII title every
 * later frame starts at the wrong byte and its seeks fail; the reference would then be measured on a bug,
 * not on its speed. Trailview's code-point handling is covered by the tests instead.
 */
export const GUAC_BENCH_SOURCES = ['guacd160-vnc-xterm-keys.guac', 'guacd160-ssh-keys.guac'];

export interface GuacBenchFile {
  label: string;
  path: string;
  facts: SyntheticGuacFacts;
}

export function guacCorpusDir(root: string): string {
  return resolve(root, '../shared/corpus/guacamole');
}

async function ensure(dir: string, root: string, label: string, targetBytes: number, gzip: boolean): Promise<GuacBenchFile> {
  const mb = Math.round(targetBytes / 1e6);
  const path = join(dir, `synthetic-guac-${mb}MB-seed${GUAC_SEED}-v${GENERATOR_VERSION}.guac${gzip ? '.gz' : ''}`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const facts = JSON.parse(readFileSync(metaPath, 'utf8')) as SyntheticGuacFacts;
    if (facts.fileBytes === statSync(path).size) {
      console.log(`using ${path}`);
      return { label, path, facts };
    }
  }
  console.log(`generating ${path} ...`);
  const t0 = performance.now();
  const sources = GUAC_BENCH_SOURCES.map((f) => join(guacCorpusDir(root), f));
  const facts = await writeSyntheticGuac(path, { targetBytes, sources, gzip, seed: GUAC_SEED });
  writeFileSync(metaPath, JSON.stringify(facts, null, 2));
  console.log(`  ${(facts.fileBytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { label, path, facts };
}

/** The three bench files, generated if missing. `largeBytes` can be lowered for a quick run. */
export async function ensureGuacFiles(root: string, largeBytes = 1e9): Promise<{ small: GuacBenchFile; large: GuacBenchFile; largeGz: GuacBenchFile }> {
  for (const f of GUAC_BENCH_SOURCES) {
    const p = join(guacCorpusDir(root), f);
    if (!existsSync(p)) throw new Error(`the Guacamole bench needs ${p} (the shared corpus)`);
  }
  const dir = join(tmpdir(), 'trailview-bench');
  mkdirSync(dir, { recursive: true });
  const largeLabel = largeBytes >= 1e9 ? `${+(largeBytes / 1e9).toFixed(1)} GB` : `${Math.round(largeBytes / 1e6)} MB`;
  return {
    small: await ensure(dir, root, '100 MB', 100e6, false),
    large: await ensure(dir, root, largeLabel, largeBytes, false),
    largeGz: await ensure(dir, root, `${largeLabel} gzip`, largeBytes, true),
  };
}
