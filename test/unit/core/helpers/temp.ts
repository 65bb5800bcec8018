/** Temp dirs for tests: fixtures are copied here before anything reads them through the core. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll } from 'vitest';
import { createCore } from '../../../../main/core/core';
import type { Core } from '../../../../main/core/types';
import { corpusPath } from './corpus';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'trailview-core-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A copy of a corpus file in a fresh temp dir. */
export function copyOfCorpus(name: string, dir = tempDir()): string {
  const to = join(dir, basename(name));
  copyFileSync(corpusPath(name), to);
  return to;
}

export function writeTemp(name: string, content: string | Uint8Array, dir = tempDir()): string {
  const to = join(dir, name);
  writeFileSync(to, content);
  return to;
}

export function inlineCore(dataDir = join(tempDir(), 'data')): Core & { dataDir: string } {
  return Object.assign(createCore({ dataDir, worker: 'inline' }), { dataDir });
}
