/**
 * A private copy of the build for one bench run. The Guacamole bench starts a fresh host per file over an
 * hour or more; if out/ is rebuilt meanwhile (by `npm run build`, a test run, another checkout's work),
 * later files would be measured on different code. The copy holds out/main, out/renderer and
 * package.json (how the host finds its root); node_modules is linked, not copied.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BuildSnapshot {
  root: string;
  dispose(): void;
}

export function snapshotBuild(root: string): BuildSnapshot {
  const dir = mkdtempSync(join(tmpdir(), 'trailview-bench-build-'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const part of ['out/main', 'out/renderer']) cpSync(join(root, part), join(dir, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { root: dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
