#!/usr/bin/env node
// `npm start` / `npm run web`: build if needed, then the desktop app, or browser mode when asked to
// (--web) or when the Electron binary is not installed here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = spawnSync(process.execPath, [join(root, 'main/scripts/ensure-build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const args = process.argv.slice(2);
const web = args.includes('--web');
const rest = args.filter((a) => a !== '--web');

/** The Electron executable, or why there is none. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return existsSync(path) ? { path } : { why: `${path} does not exist` };
  } catch (err) {
    return { why: String(err?.message ?? err).split('\n')[0] };
  }
}

let command;
let commandArgs;
if (web) {
  command = process.execPath;
  commandArgs = [join(root, 'out/main/web.js'), ...rest];
} else {
  const electron = electronBinary();
  if (electron.path) {
    command = electron.path;
    commandArgs = [join(root, 'out/main/index.js'), ...rest];
  } else {
    console.error(`Electron is not installed here (${electron.why}); opening browser mode`);
    command = process.execPath;
    commandArgs = [join(root, 'out/main/web.js'), ...rest];
  }
}

const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal; a plain `kill` of this wrapper is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
