// Build of all three Electron targets. Node-side entries (cli, web, worker, search-worker) are bundled with the
// main process so the CLI, browser mode and the worker run the exact code the desktop app runs.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = resolve(import.meta.dirname, '..');
const at = (p: string) => resolve(root, p);

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: at('main/index.ts'),
          cli: at('main/cli.ts'),
          web: at('main/web/serve.ts'),
          worker: at('main/core/worker.ts'),
          'search-worker': at('main/core/search-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      rollupOptions: {
        input: { preload: at('main/preload.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: at('out/renderer'),
      // The app, and the page the CLI's video export runs in a headless Chromium (no UI).
      rollupOptions: { input: { index: at('renderer/index.html'), 'video-job': at('renderer/video-job.html') } },
    },
  },
});
