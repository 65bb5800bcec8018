/** `npm run web` / `trailview web`: start browser mode, open files (or the samples), print the URL. */
import { spawn } from 'node:child_process';
import { findAppRoot, listSamples, samplesDirOf } from '../host/app-root';
import { parseArgs, parsePort, UsageError } from '../host/args';
import { resolveDataDir } from '../host/data-dir';
import { startWebHost } from './start';

export const WEB_USAGE = 'usage: trailview web [FILE...] [--port N] [--data-dir DIR] [--no-open] [--no-samples]';

export interface WebIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: WebIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), env: process.env };

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    // No browser to open is fine: the URL is printed.
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // same
  }
}

/** Runs until SIGINT/SIGTERM. Returns the exit code for usage errors only. */
export async function runWeb(args: string[], io: WebIo = defaultIo): Promise<number> {
  let parsed;
  let port: number | undefined;
  try {
    parsed = parseArgs(args, {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-open': { type: 'boolean' },
      'no-samples': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    port = parsePort(parsed.flags.port);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`trailview: ${err.message}`);
    io.err(WEB_USAGE);
    return 2;
  }
  if (parsed.flags.help) {
    io.out(WEB_USAGE);
    return 0;
  }
  const dataDir = resolveDataDir(parsed.flags['data-dir'] as string | undefined, io.env);
  let host;
  try {
    host = await startWebHost({ dataDir, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    io.err(`trailview: cannot listen on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}`);
    return 1;
  }
  const files = parsed.positionals;
  const samples = files.length === 0 && !parsed.flags['no-samples'] ? listSamples(samplesDirOf(findAppRoot(import.meta.dirname))) : [];
  const result = await host.openFiles(files.length > 0 ? files : samples, files.length > 0);
  for (const f of result.failed) io.err(`trailview: ${f.path}: ${f.message}`);

  io.out(host.url);
  if (!io.env.CI && !parsed.flags['no-open']) openBrowser(host.url);

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  return 0;
}
