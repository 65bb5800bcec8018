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

describe('electron-builder file associations', () => {
  /**
   * Read through electron-builder's own config loader and schema check (the same code the packaging run
   * uses), so a typo in a key fails here; the names checked against are the corpus's own files.
   */
  it('registers the recording types people download, and electron-builder accepts the config', { timeout: 60_000 }, async () => {
    const req = createRequire(join(ROOT, 'node_modules/electron-builder/package.json'));
    const { getConfig, validateConfiguration } = req('app-builder-lib/out/util/config/config') as {
      getConfig(dir: string, path: string | null, opts: null): Promise<{ fileAssociations?: { ext: string | string[]; mimeType?: string; rank?: string }[]; nsis?: { perMachine?: boolean } }>;
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
    await validateConfiguration(config, { isEnabled: false, add: () => undefined });
    const assoc = config.fileAssociations ?? [];
    const exts = assoc.flatMap((a) => (Array.isArray(a.ext) ? a.ext : [a.ext]));
    expect(exts.sort()).toEqual(['cast', 'cast.gz', 'guac', 'replay.gz', 'replay.mp4', 'tar']);
    for (const a of assoc) expect(a.mimeType, String(a.ext)).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/);
    // Generic containers never take over the OS default; Windows registers associations only per machine.
    expect(assoc.filter((a) => a.rank !== 'Alternate').map((a) => a.ext)).not.toContain('tar');
    expect(config.nsis?.perMachine).toBe(true);
    // Independent facts: how the corpus and the samples are named (what a download button produces).
    const names = ['resources/samples', '../shared/corpus/asciicast', '../shared/corpus/guacamole']
      .filter((d) => existsSync(join(ROOT, d)))
      .flatMap((d) => readdirSync(join(ROOT, d)))
      .filter((n) => /\.(cast|cast\.gz|guac|replay\.gz)$/.test(n));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(exts.some((e) => n.endsWith(`.${e}`)), n).toBe(true);
  });
});

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

    for (const p of ['/package.json', '/out/main/index.js', '/out/main/cli.js', '/out/main/web.js', '/out/main/worker.js', '/out/main/search-worker.js', '/out/preload/preload.cjs', '/out/renderer/index.html']) {
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

    // The workers and the terminal they import are unpacked for worker_threads (see main/host/worker-path.ts).
    for (const p of ['out/main/worker.js', 'out/main/search-worker.js', 'node_modules/@xterm/headless/package.json']) {
      expect(existsSync(join(resources, 'app.asar.unpacked', p)), `${p} unpacked`).toBe(true);
    }

    // The samples travel next to the archive, not inside it.
    expect(readdirSync(join(resources, 'samples')).sort()).toEqual(readdirSync(join(ROOT, 'resources', 'samples')).sort());
  });
});
