#!/usr/bin/env node
// The `trailview` command (package.json "bin"): runs the built CLI.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('trailview: the command line is not built yet: run `npm run build` first');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
