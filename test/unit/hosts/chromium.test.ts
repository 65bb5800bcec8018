/**
 * Finding and running the CLI's headless Chromium: the search order and its error, and the launcher
 * against a stand-in browser (a small Node script that speaks the DevTools pipe): the sandbox fallback,
 * a browser that dies while starting, and close() always ending it and removing its profile.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium, launchChromiumSandboxedIfPossible } from '../../../main/host/chromium';

const FAKE = `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(process.env.FAKE_ARGS, JSON.stringify({ args, pid: process.pid }));
if (process.env.FAKE_MODE === 'needs-no-sandbox' && !args.includes('--no-sandbox')) {
  process.stderr.write('[1:1:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox!\\n');
  process.exit(1);
}
if (process.env.FAKE_MODE === 'crash') {
  process.stderr.write('[1:1:ERROR:dbus/bus.cc:405] Failed to connect to the bus\\n[1:1:FATAL:something.cc] it broke\\n');
  process.exit(3);
}
const out = fs.createWriteStream(null, { fd: 4 });
let buf = '';
fs.createReadStream(null, { fd: 3 }).on('data', (d) => {
  buf += d;
  for (let i = buf.indexOf('\\0'); i >= 0; i = buf.indexOf('\\0')) {
    const m = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (m.method === 'Browser.close' && process.env.FAKE_MODE !== 'stubborn') process.exit(0);
    out.write(JSON.stringify({ id: m.id, result: {} }) + '\\0');
  }
}).on('end', () => process.exit(0));
setInterval(() => undefined, 1000);
`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('findChromium', () => {
  const only = (...paths: string[]) => (p: string) => paths.includes(p);

  it('takes $TRAILVIEW_CHROMIUM first, and refuses one that is not there instead of looking elsewhere', () => {
    const env = { TRAILVIEW_CHROMIUM: '/opt/chrome/chrome', PATH: '/usr/bin' };
    expect(findChromium({ env, platform: 'linux', isExecutable: only('/opt/chrome/chrome', '/usr/bin/chromium') })).toBe('/opt/chrome/chrome');
    expect(() => findChromium({ env, platform: 'linux', isExecutable: only('/usr/bin/chromium') })).toThrow(/TRAILVIEW_CHROMIUM is set to \/opt\/chrome\/chrome, which is not an executable file/);
  });

  it('then /usr/bin/chromium, then the usual names on PATH in order', () => {
    const env = { PATH: '/a:/b' };
    expect(findChromium({ env, platform: 'linux', isExecutable: only('/usr/bin/chromium', '/a/google-chrome') })).toBe('/usr/bin/chromium');
    expect(findChromium({ env, platform: 'linux', isExecutable: only('/b/chromium-browser', '/a/google-chrome') })).toBe('/b/chromium-browser');
    expect(findChromium({ env, platform: 'linux', isExecutable: only('/b/google-chrome-stable') })).toBe('/b/google-chrome-stable');
  });

  it('none: an UNSUPPORTED_HERE error saying where it looked and what to do', () => {
    let error: unknown;
    try {
      findChromium({ env: { PATH: '/a' }, platform: 'linux', isExecutable: () => false });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'UNSUPPORTED_HERE' });
    expect((error as Error).message).toMatch(/none was found \(looked for \$TRAILVIEW_CHROMIUM, \/usr\/bin\/chromium, and chromium, chromium-browser, google-chrome, google-chrome-stable on PATH\): install Chromium or Chrome, or set TRAILVIEW_CHROMIUM/);
  });
});

describe('launchChromium (a stand-in browser on the DevTools pipe)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tv-chromium-'));
  const fake = join(dir, 'fake-chromium');
  writeFileSync(fake, FAKE);
  chmodSync(fake, 0o755);
  const argsFile = join(dir, 'args.json');
  const env = (mode = '') => ({ ...process.env, FAKE_ARGS: argsFile, FAKE_MODE: mode });
  const launched = () => JSON.parse(readFileSync(argsFile, 'utf8')) as { args: string[]; pid: number };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts headless on a fresh profile with the pipe, opens a page, and close() ends it and removes the profile', async () => {
    const browser = await launchChromium(fake, { env: env() });
    const { args, pid } = launched();
    expect(args).toEqual(expect.arrayContaining(['--headless', '--remote-debugging-pipe', `--user-data-dir=${browser.profileDir}`]));
    expect(args).not.toContain('--no-sandbox');
    // The page's URL (and its token) goes through the pipe, never onto the command line.
    await browser.open('http://127.0.0.1:1/video-job.html?token=secret');
    expect(args.join(' ')).not.toContain('secret');
    expect(existsSync(browser.profileDir)).toBe(true);
    await browser.close();
    expect(alive(pid)).toBe(false);
    expect(existsSync(browser.profileDir)).toBe(false);
    await browser.close();
  });

  it('a browser that ignores Browser.close is killed after the grace period', async () => {
    const browser = await launchChromium(fake, { env: env('stubborn'), quitGraceMs: 100 });
    const { pid } = launched();
    await browser.close();
    expect((await browser.exited).signal).toBe('SIGKILL');
    expect(alive(pid)).toBe(false);
    expect(existsSync(browser.profileDir)).toBe(false);
  });

  it('one that dies while starting: an error with its own last words (not the D-Bus noise), and no profile left', async () => {
    await expect(launchChromium(fake, { env: env('crash') })).rejects.toThrow(/fake-chromium\) exited \(code 3\) while starting: \[1:1:FATAL:something\.cc\] it broke$/);
    const profile = launched().args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    expect(existsSync(profile)).toBe(false);
  });

  it('no usable sandbox: tried once more without it, saying so; as root, without it from the start', async () => {
    const notes: string[] = [];
    const browser = await launchChromiumSandboxedIfPossible(fake, { env: env('needs-no-sandbox'), root: false, note: (l) => notes.push(l) });
    expect(launched().args).toContain('--no-sandbox');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/sandbox cannot run here.*No usable sandbox/);
    await browser.close();
    const asRoot = await launchChromiumSandboxedIfPossible(fake, { env: env(), root: true, note: (l) => notes.push(l) });
    expect(launched().args).toContain('--no-sandbox');
    expect(notes).toHaveLength(1);
    await asRoot.close();
  });
});
