// `npm run bench`: bundles test/bench/bench.ts with Vite (so it can use the TypeScript synthetic-cast
// generator from main/core) and runs it. Not a test: it prints a table and writes JSON figures.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../..');
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'test/bench/bench.ts'),
    outDir: resolve(root, 'out/bench'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'bench.js' } },
  },
});
await import(pathToFileURL(resolve(root, 'out/bench/bench.js')).href);
