/**
 * A headless Chromium for the CLI's video export: one already on this machine (never downloaded), run
 * with a fresh profile and driven over --remote-debugging-pipe. Only this process holds the pipe: no
 * debugging port, and the page's URL (with the host's token) is sent through it, never put on a command
 * line that other users can read. If this process dies, the pipe closes and Chromium quits on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { TrailviewError } from '../../shared/errors';

export const CHROMIUM_ENV = 'TRAILVIEW_CHROMIUM';
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const HEADLESS_FLAGS = [
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--mute-audio',
  // The export page is the only tab and must run at full speed: no timer throttling, no backgrounding.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface FindChromiumOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  isExecutable?: (path: string) => boolean;
}

/** Where Chrome installs itself outside PATH (macOS, Windows). */
function platformPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') return ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];
  if (platform !== 'win32') return [];
  const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
  return roots.map((r) => join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'));
}

/**
 * $TRAILVIEW_CHROMIUM (which must then be one), else /usr/bin/chromium, else chromium, chromium-browser,
 * google-chrome or google-chrome-stable on PATH, else Chrome where macOS or Windows installs it.
 */
export function findChromium(opts: FindChromiumOptions = {}): string {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const ok = opts.isExecutable ?? isExecutableFile;
  const given = env[CHROMIUM_ENV];
  if (given) {
    if (ok(given)) return given;
    throw new TrailviewError('NOT_FOUND', `${CHROMIUM_ENV} is set to ${given}, which is not an executable file; point it at Chromium or Chrome, or unset it`);
  }
  const exe = platform === 'win32' ? '.exe' : '';
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const candidates = ['/usr/bin/chromium', ...ON_PATH.flatMap((name) => dirs.map((d) => join(d, name + exe))), ...platformPaths(platform, env)];
  const found = candidates.find((p) => ok(p));
  if (found) return found;
  throw new TrailviewError(
    'UNSUPPORTED_HERE',
    `video is rendered in Chromium, and none was found (looked for $${CHROMIUM_ENV}, /usr/bin/chromium, and ${ON_PATH.join(', ')} on PATH): install Chromium or Chrome, or set ${CHROMIUM_ENV} to its path`,
  );
}

export interface ChromiumExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what it printed on stderr (its own diagnostics), for the error message. */
  stderrTail: string;
}

export interface Chromium {
  readonly executable: string;
  readonly profileDir: string;
  /** Opens `url` in a new tab. */
  open(url: string): Promise<void>;
  /** Settles when the browser exits, however (crash, kill, close). */
  readonly exited: Promise<ChromiumExit>;
  /** Quits the browser (politely, then by force) and removes its profile. Safe to call more than once. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Chromium refuses to run as root with its sandbox; some containers have no user namespaces for it. */
  noSandbox?: boolean;
  /** How long the browser may take to answer its pipe. */
  startTimeoutMs?: number;
  /** How long close() waits for the browser to quit before killing it. */
  quitGraceMs?: number;
  env?: NodeJS.ProcessEnv;
}

const STDERR_TAIL_BYTES = 4096;
const QUIT_GRACE_MS = 5_000;

/** The last non-empty lines of Chromium's stderr that are not its usual D-Bus noise. */
export function stderrSummary(tail: string): string {
  const lines = tail.split('\n').map((l) => l.trim()).filter((l) => l && !/dbus|Fontconfig/i.test(l));
  return lines.slice(-2).join(' / ').slice(0, 400);
}

export async function launchChromium(executable: string, opts: LaunchOptions = {}): Promise<Chromium> {
  const profileDir = mkdtempSync(join(tmpdir(), 'trailview-chromium-'));
  const args = [...HEADLESS_FLAGS, ...(opts.noSandbox ? ['--no-sandbox'] : []), `--user-data-dir=${profileDir}`, '--remote-debugging-pipe', 'about:blank'];
  let child: ChildProcess;
  try {
    // Its own process group, so a forced stop takes its helper processes with it.
    child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32', env: opts.env ?? process.env });
  } catch (err) {
    rmSync(profileDir, { recursive: true, force: true });
    throw new TrailviewError('NOT_READABLE', `could not start Chromium (${executable}): ${(err as Error).message}`);
  }
  let stderrTail = '';
  child.stderr!.on('data', (d: Buffer) => (stderrTail = (stderrTail + d.toString('utf8')).slice(-STDERR_TAIL_BYTES)));
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  toBrowser.on('error', () => undefined);
  fromBrowser.on('error', () => undefined);

  let spawnError: Error | undefined;
  let ready = false;
  const exited = new Promise<ChromiumExit>((resolveExit) => {
    child.once('error', (err) => {
      spawnError = err;
      resolveExit({ code: null, signal: null, stderrTail });
    });
    child.once('exit', (code, signal) => resolveExit({ code, signal, stderrTail }));
  });

  // The DevTools protocol over the pipe: JSON messages ended by NUL, replies matched by id.
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let buffered = '';
  fromBrowser.on('data', (d: Buffer) => {
    buffered += d.toString('utf8');
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const text = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      let msg: { id?: number; result?: unknown; error?: { message?: string } };
      try {
        msg = JSON.parse(text) as typeof msg;
      } catch {
        continue;
      }
      const waiter = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (!waiter) continue;
      pending.delete(msg.id!);
      if (msg.error) waiter.reject(new Error(msg.error.message ?? 'DevTools error'));
      else waiter.resolve(msg.result);
    }
  });
  const gone = (): Error => {
    if (spawnError) return new Error(`could not start Chromium (${executable}): ${spawnError.message}`);
    const how = child.signalCode ? `was killed (${child.signalCode})` : `exited (code ${child.exitCode})`;
    const said = stderrSummary(stderrTail);
    return new Error(`Chromium (${executable}) ${how}${ready ? '' : ' while starting'}${said ? `: ${said}` : ''}`);
  };
  void exited.then(() => {
    for (const w of pending.values()) w.reject(gone());
    pending.clear();
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolveCall, rejectCall) => {
      if (child.exitCode !== null || spawnError) return rejectCall(gone());
      const id = nextId++;
      pending.set(id, { resolve: resolveCall, reject: rejectCall });
      toBrowser.write(`${JSON.stringify({ id, method, params })}\0`);
    });

  let closing: Promise<void> | undefined;
  const kill = (): void => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      if (process.platform === 'win32') child.kill('SIGKILL');
      else process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  };
  // Last resort when this process exits without closing it (process.exit elsewhere): no browser left behind.
  const onExit = (): void => {
    kill();
    rmSync(profileDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const running = child.exitCode === null && child.signalCode === null && !spawnError;
      if (running) {
        void call('Browser.close').catch(() => undefined);
        const timer = setTimeout(kill, opts.quitGraceMs ?? QUIT_GRACE_MS);
        await exited;
        clearTimeout(timer);
        // Helpers still in its group once it has gone.
        kill();
      }
      toBrowser.destroy();
      fromBrowser.destroy();
      child.stderr?.destroy();
      process.off('exit', onExit);
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
    })());

  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      call('Browser.getVersion'),
      new Promise((_, rejectLate) => (timer = setTimeout(() => rejectLate(new Error(`Chromium (${executable}) did not start within ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
  } catch (err) {
    clearTimeout(timer);
    await close();
    throw new TrailviewError('UNSUPPORTED_HERE', (err as Error).message);
  }
  clearTimeout(timer);
  ready = true;
  return {
    executable,
    profileDir,
    exited,
    close,
    async open(url) {
      await call('Target.createTarget', { url });
    },
  };
}

/**
 * launchChromium with the sandbox when it can run: as root Chromium refuses it, and where it cannot
 * start (no user namespaces, as in many containers) the launch is tried once more without it.
 */
export async function launchChromiumSandboxedIfPossible(
  executable: string,
  opts: { env?: NodeJS.ProcessEnv; note?(line: string): void; root?: boolean } = {},
): Promise<Chromium> {
  const env = opts.env ?? process.env;
  const root = opts.root ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  if (root || env.TRAILVIEW_CHROMIUM_NO_SANDBOX === '1') return launchChromium(executable, { noSandbox: true, env });
  try {
    return await launchChromium(executable, { env });
  } catch (err) {
    if (!/sandbox|namespace/i.test((err as Error).message)) throw err;
    opts.note?.(`Chromium's sandbox cannot run here, so it runs without it (${(err as Error).message})`);
    return launchChromium(executable, { noSandbox: true, env });
  }
}
