#!/usr/bin/env node
// postinstall: electron's own install script is disabled (package.json allowScripts) so a blocked
// download cannot fail `npm ci`. Try it here instead; on failure, say so in one line and succeed,
// because `npm start` falls back to browser mode without the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const electronDir = join(root, 'node_modules', 'electron');

function installed() {
  try {
    const rel = readFileSync(join(electronDir, 'path.txt'), 'utf8');
    return existsSync(join(electronDir, 'dist', rel));
  } catch {
    return false;
  }
}

function warn(why) {
  console.warn(`trailview: could not download the Electron binary (${why}); \`npm start\` will open browser mode instead`);
}

if (!existsSync(join(electronDir, 'install.js'))) {
  warn('node_modules/electron is missing');
} else if (!installed()) {
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (run.status !== 0 || !installed()) {
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
      warn('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    } else {
      // electron's installer prints a stack; keep only the line that names the problem.
      const lines = `${run.stderr ?? ''}\n${run.error?.message ?? ''}`.split('\n').map((l) => l.trim());
      const reason = lines.find((l) => /^(\w*Error|RequestError|HTTPError)\b/.test(l)) ?? lines.find((l) => l && !l.startsWith('at ')) ?? `exit code ${run.status}`;
      warn(reason.slice(0, 200));
    }
  }
}
process.exit(0);
