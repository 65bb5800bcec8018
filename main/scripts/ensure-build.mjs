#!/usr/bin/env node
// Runs `npm run build` when out/ is missing or older than any source (main/, renderer/, shared/, the
// build config, package.json); otherwise does nothing. `npm test`, `npm start` and the bench call it.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUTPUTS = ['out/main/index.js', 'out/main/cli.js', 'out/main/web.js', 'out/main/worker.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];
const SOURCES = ['main', 'renderer', 'shared', '.config/electron.vite.config.ts', 'package.json'];

function newestMtimeMs(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    // Scripts under main/scripts run as they are; they are not part of the build.
    if (name === 'node_modules' || name.startsWith('.') || join(path, name) === join(root, 'main', 'scripts')) continue;
    newest = Math.max(newest, newestMtimeMs(join(path, name)));
  }
  return newest;
}

function oldestOutputMtimeMs() {
  let oldest = Infinity;
  for (const rel of OUTPUTS) {
    try {
      oldest = Math.min(oldest, statSync(join(root, rel)).mtimeMs);
    } catch {
      return null;
    }
  }
  return oldest;
}

const builtAt = oldestOutputMtimeMs();
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtimeMs(join(root, s))));
if (builtAt !== null && builtAt >= sourcesAt) process.exit(0);

const why = builtAt === null ? 'out/ is missing' : 'sources changed since the last build';
console.error(`trailview: building (${why})`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Build chatter goes to stderr: stdout stays for what the caller prints (browser mode's one URL line).
const run = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: [0, 2, 2], shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
