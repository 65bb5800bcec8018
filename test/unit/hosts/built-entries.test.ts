/**
 * The built entry points as they ship: the sandboxed preload is plain CommonJS that needs nothing but
 * `electron`, and browser mode (out/main/web.js, also reached through `npm start` without Electron)
 * prints one URL line, serves the UI and opens the bundled samples.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const PRELOAD = join(ROOT, 'out/preload/preload.cjs');
const WEB = join(ROOT, 'out/main/web.js');
const built = existsSync(PRELOAD) && existsSync(WEB);
if (!built) console.warn('built-entry tests skipped: out/ is missing (run npm run build)');

const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{32})$/;

function startProcess(cmd: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const stdoutLines: string[] = [];
  const firstLine = new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdoutLines.push(line);
      if (stdoutLines.length === 1) resolveLine(line);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing: ${stderr}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  };
  return { child, firstLine, stdoutLines, stderr: () => stderr, stop };
}

describe.skipIf(!built)('built entries', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-entries-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the preload is sandbox-compatible CommonJS requiring only electron', () => {
    const code = readFileSync(PRELOAD, 'utf8');
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) },
      ipcRenderer: { invoke: async () => ({ ok: true, value: 1 }), on() {}, removeListener() {} },
      webUtils: { getPathForFile: () => '' },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      require: (id: string) => {
        required.push(id);
        if (id === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require "${id}"`);
      },
      module,
      exports: module.exports,
    });
    expect([...new Set(required)]).toEqual(['electron']);
    expect(Object.keys(exposed.trailview as object).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it('browser mode prints one URL line, serves the UI and opens the samples', async () => {
    const p = startProcess(process.execPath, [WEB, '--port', '0', '--no-open', '--data-dir', join(work, 'web-data')], {});
    try {
      const line = await p.firstLine;
      const m = URL_LINE.exec(line);
      expect(m, line).not.toBeNull();
      const origin = `http://127.0.0.1:${m![1]}`;
      const page = await fetch(`${origin}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const lib = (await (await fetch(`${origin}/api/library`, { method: 'POST', headers: { 'X-Trailview-Token': m![2]! }, body: '{}' })).json()) as {
        ok: boolean;
        value: { fileName: string }[];
      };
      expect(lib.ok).toBe(true);
      expect(lib.value.map((s) => s.fileName).sort()).toEqual(['08-v2-misc-real-session.cast', '10-v2-welcome-bash-output-only.cast.gz']);
    } finally {
      expect(await p.stop()).toBe(0);
    }
    expect(p.stdoutLines).toHaveLength(1);
  });

  it('npm start without an Electron binary says so in one line and opens browser mode', async () => {
    const electronInstalled = (() => {
      try {
        return existsSync(join(ROOT, 'node_modules/electron/dist', readFileSync(join(ROOT, 'node_modules/electron/path.txt'), 'utf8')));
      } catch {
        return false;
      }
    })();
    if (electronInstalled) return console.warn('skipped: an Electron binary is installed here, npm start would open the desktop app');
    const p = startProcess(process.execPath, [join(ROOT, 'main/scripts/start.mjs'), '--port', '0', '--no-open', '--no-samples', '--data-dir', join(work, 'start-data')], {});
    try {
      expect(await p.firstLine).toMatch(URL_LINE);
      expect(p.stderr()).toMatch(/^Electron is not installed here \(.+\); opening browser mode$/m);
    } finally {
      await p.stop();
    }
  }, 180_000);
});
