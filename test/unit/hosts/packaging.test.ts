/**
 * Packs the built app with electron-builder (--dir, offline: a stub "electron" executable stands in for
 * the Electron distribution, which cannot be downloaded here) and checks what goes into app.asar.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const built = ['out/main/index.js', 'out/preload/preload.cjs', 'out/renderer/index.html'].every((p) => existsSync(join(ROOT, p)));
if (!built) console.warn('packaging test skipped: out/ is missing (run npm run build)');

describe.skipIf(!built)('electron-builder package', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('contains the built app and runtime dependencies, and nothing else of ours', { timeout: 300_000 }, () => {
    const stub = join(work, 'electron-dist');
    const stubExe = join(stub, 'electron');
    mkdirSync(stub, { recursive: true });
    writeFileSync(stubExe, '#!/bin/sh\nexit 0\n');
    chmodSync(stubExe, 0o755);
    const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const outDir = join(work, 'dist');
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/electron-builder/cli.js'), '--dir', '--linux', `-c.electronDist=${stub}`, `-c.electronVersion=${electronVersion}`, `-c.directories.output=${outDir}`],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const resources = join(outDir, 'linux-unpacked', 'resources');
    const asar = createRequire(import.meta.url)('@electron/asar') as { listPackage(p: string, o: { isPack: boolean }): string[] };
    const files = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.replace(/\\/g, '/'));
    const has = (p: string) => files.includes(p);

    for (const p of ['/package.json', '/out/main/index.js', '/out/main/cli.js', '/out/main/web.js', '/out/main/worker.js', '/out/preload/preload.cjs', '/out/renderer/index.html']) {
      expect(has(p), p).toBe(true);
    }
    for (const dep of ['@xterm/headless', 'electron-store']) expect(has(`/node_modules/${dep}/package.json`), dep).toBe(true);

    const ours = files.filter((p) => !p.startsWith('/node_modules/'));
    expect(ours.filter((p) => /\.(ts|tsx|map|tsbuildinfo)$/.test(p))).toEqual([]);
    expect(ours.filter((p) => /^\/(test|main|renderer|shared|resources|\.config|\.ci|out\/types)(\/|$)/.test(p))).toEqual([]);
    const topModules = new Set(files.filter((p) => p.startsWith('/node_modules/')).map((p) => p.split('/').slice(2, p.split('/')[2]!.startsWith('@') ? 4 : 3).join('/')));
    for (const dev of ['vitest', 'react', 'react-dom', 'electron', 'electron-builder', 'typescript', 'vite', 'eslint', 'playwright-core', '@xterm/xterm']) {
      expect(topModules.has(dev), `devDependency ${dev} packed`).toBe(false);
    }

    // The worker and the terminal it imports are unpacked for worker_threads (see main/host/worker-path.ts).
    for (const p of ['out/main/worker.js', 'node_modules/@xterm/headless/package.json']) {
      expect(existsSync(join(resources, 'app.asar.unpacked', p)), `${p} unpacked`).toBe(true);
    }

    // The samples travel next to the archive, not inside it.
    expect(readdirSync(join(resources, 'samples')).sort()).toEqual(readdirSync(join(ROOT, 'resources', 'samples')).sort());
  });
});
