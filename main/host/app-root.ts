/**
 * Locating the app's own files (out/renderer, resources/samples) from wherever the code runs: the
 * sources under vitest, out/main (or a chunk folder below it) after a build, or an asar archive.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findAppRoot(startDir: string): string {
  let dir = startDir;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'trailview') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Trailview's package.json above ${startDir}`);
    dir = parent;
  }
}

export const rendererDirOf = (appRoot: string) => join(appRoot, 'out', 'renderer');
export const samplesDirOf = (appRoot: string) => join(appRoot, 'resources', 'samples');

/** The recordings in a samples folder (everything but the provenance README), sorted by name. */
export function listSamples(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => !/^readme/i.test(n) && !n.startsWith('.'))
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile())
    .sort();
}
