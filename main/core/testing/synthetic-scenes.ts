/**
 * Scenes for the synthetic cast: what a real admin session prints. Each scene yields events with delays
 * (ms since the previous event) and output as a terminal would receive it (CRLF, colours, redraws).
 */

export type Rng = () => number;

export interface SceneEvent {
  delayMs: number;
  data: string;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

const WORDS = ['alpha', 'config', 'deploy', 'server', 'backup', 'nginx', 'postgres', 'kernel', 'module', 'socket', 'daemon', 'cache', 'token', 'volume', 'cluster', 'replica', 'timeout', 'request', 'handler', 'session', 'upstream', 'policy', 'audit', 'vault'];
const FILES = ['README.md', 'main.go', 'Makefile', 'docker-compose.yml', 'nginx.conf', 'id_rsa.pub', 'backup.tar.gz', 'notes.txt', 'app.log', 'deploy.sh', 'src', 'bin', 'etc', 'var'];

export const PROMPT = '\x1b[1;32madmin@prod-db-01\x1b[0m:\x1b[1;34m~\x1b[0m$ ';

export interface SceneContext {
  rng: Rng;
  cols: number;
  rows: number;
  /**
   * The rare search word when it is due. Only scenes whose lines stay on screen for a while take it
   * (log lines, a few per event), so a search hit can be seen at its time.
   */
  takeInjection(): string | undefined;
}

function sentence(rng: Rng, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rng, WORDS));
  return out.join(' ');
}

/** The prompt, then a command typed one key at a time with human pauses. */
export function* typedCommand(ctx: SceneContext, cmd: string): Generator<SceneEvent> {
  yield { delayMs: int(ctx.rng, 300, 2500), data: `\r\n${PROMPT}` };
  for (const ch of cmd) yield { delayMs: int(ctx.rng, 40, 220), data: ch };
  yield { delayMs: int(ctx.rng, 100, 600), data: '\r\n' };
}

export function* lsColor(ctx: SceneContext): Generator<SceneEvent> {
  yield* typedCommand(ctx, 'ls -la --color');
  const lines: string[] = [`total ${int(ctx.rng, 8, 900)}`];
  const n = int(ctx.rng, 5, 30);
  for (let i = 0; i < n; i++) {
    const dir = ctx.rng() < 0.3;
    const name = pick(ctx.rng, FILES) + (i > 10 ? `.${i}` : '');
    const colored = dir ? `\x1b[01;34m${name}\x1b[0m` : name.endsWith('.sh') ? `\x1b[01;32m${name}\x1b[0m` : name;
    lines.push(`${dir ? 'd' : '-'}rw-r--r-- 1 admin admin ${String(int(ctx.rng, 10, 999999)).padStart(8)} Mar ${int(ctx.rng, 1, 28)} 12:${String(int(ctx.rng, 0, 59)).padStart(2, '0')} ${colored}`);
  }
  yield { delayMs: int(ctx.rng, 5, 30), data: lines.join('\r\n') };
}

/** `cat` of a big file: bulk output in ~4 KiB writes, as a pty delivers it. */
export function* catFile(ctx: SceneContext, approxBytes: number): Generator<SceneEvent> {
  yield* typedCommand(ctx, `cat ${pick(ctx.rng, FILES)}`);
  let buf = '';
  let total = 0;
  let lineNo = 0;
  while (total < approxBytes) {
    const indent = ' '.repeat(int(ctx.rng, 0, 3) * 4);
    let line = `${indent}${pick(ctx.rng, ['func', 'if', 'return', 'let', 'const', '#', 'server', 'location'])} ${sentence(ctx.rng, int(ctx.rng, 1, 8))};`;
    if (line.length > ctx.cols - 1 && ctx.rng() < 0.7) line = line.slice(0, ctx.cols - 1);
    buf += (lineNo++ ? '\r\n' : '') + line;
    if (buf.length >= 4096) {
      total += buf.length;
      yield { delayMs: int(ctx.rng, 0, 3), data: buf };
      buf = '';
    }
  }
  if (buf) yield { delayMs: 1, data: buf };
}

/** Timestamped coloured log lines, a few at a time. */
export function* logTail(ctx: SceneContext, lines: number, startEpochS: number): Generator<SceneEvent> {
  yield* typedCommand(ctx, 'tail -f /var/log/app.log');
  const levels = ['\x1b[32mINFO\x1b[0m', '\x1b[32mINFO\x1b[0m', '\x1b[32mINFO\x1b[0m', '\x1b[33mWARN\x1b[0m', '\x1b[31;1mERROR\x1b[0m', '\x1b[36mDEBUG\x1b[0m'];
  for (let i = 0; i < lines; ) {
    const n = Math.min(lines - i, int(ctx.rng, 1, 6));
    let data = '';
    for (let k = 0; k < n; k++, i++) {
      const ts = new Date((startEpochS + i) * 1000).toISOString().replace('T', ' ').slice(0, 19);
      const injected = ctx.takeInjection();
      data += `${ts} ${pick(ctx.rng, levels)} [${pick(ctx.rng, WORDS)}] ${sentence(ctx.rng, int(ctx.rng, 3, 12))}${injected ? ` ${injected}` : ''}\r\n`;
    }
    yield { delayMs: int(ctx.rng, 20, 900), data };
  }
  yield { delayMs: int(ctx.rng, 200, 1500), data: '^C' };
}

/** A full-screen editor on the alternate screen: draw, move, type, save, quit. */
export function* vimSession(ctx: SceneContext): Generator<SceneEvent> {
  const { rng, rows, cols } = ctx;
  yield* typedCommand(ctx, 'vim deploy.sh');
  let screen = '\x1b[?1049h\x1b[22;0;0t\x1b[?1h\x1b=\x1b[H\x1b[2J';
  for (let r = 1; r < rows - 1; r++) {
    screen += `\x1b[${r};1H` + (r < rows / 2 ? `\x1b[33m${String(r).padStart(3)}\x1b[0m ${sentence(rng, int(rng, 1, 6)).slice(0, cols - 5)}` : '\x1b[94m~\x1b[0m');
  }
  screen += `\x1b[${rows};1H\x1b[7m"deploy.sh" ${rows}L, ${int(rng, 200, 4000)}B\x1b[0m\x1b[1;5H`;
  yield { delayMs: int(rng, 50, 200), data: screen };
  const edits = int(rng, 5, 40);
  for (let i = 0; i < edits; i++) {
    const r = int(rng, 1, Math.max(1, Math.floor(rows / 2) - 1));
    yield { delayMs: int(rng, 80, 1200), data: `\x1b[${r};5H` };
    yield { delayMs: int(rng, 80, 400), data: `\x1b[${rows};1H\x1b[1m-- INSERT --\x1b[0m\x1b[K\x1b[${r};5H` };
    for (const ch of pick(rng, WORDS)) yield { delayMs: int(rng, 40, 200), data: `\x1b[4h${ch}\x1b[4l` };
    yield { delayMs: int(rng, 200, 800), data: `\x1b[${rows};1H\x1b[K\x1b[${r};5H` };
  }
  yield { delayMs: int(rng, 500, 2000), data: `\x1b[${rows};1H:wq` };
  yield { delayMs: int(rng, 100, 300), data: '\r\x1b[?1l\x1b>\x1b[?1049l\x1b[23;0;0t"deploy.sh" written' };
}

/** A `top`-like full-screen redraw once a second. */
export function* topLoop(ctx: SceneContext, seconds: number): Generator<SceneEvent> {
  const { rng, rows, cols } = ctx;
  yield* typedCommand(ctx, 'top');
  yield { delayMs: 50, data: '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J' };
  for (let s = 0; s < seconds; s++) {
    let frame = `\x1b[H\x1b[1mtop - 12:${String(s % 60).padStart(2, '0')}:01 up 42 days, load average: ${rng().toFixed(2)}, ${rng().toFixed(2)}, ${rng().toFixed(2)}\x1b[0m\x1b[K\r\n`;
    frame += `Tasks: ${int(rng, 100, 300)} total, ${int(rng, 1, 5)} running\x1b[K\r\n\x1b[K\r\n`;
    frame += `\x1b[7m${'  PID USER      PR  NI    VIRT    RES  %CPU  %MEM COMMAND'.padEnd(cols)}\x1b[0m\r\n`;
    for (let r = 4; r < rows - 1; r++) {
      frame += `${String(int(rng, 1, 99999)).padStart(5)} ${pick(rng, ['root', 'admin', 'postgres', 'www-data']).padEnd(9)} 20   0 ${String(int(rng, 1000, 999999)).padStart(7)} ${String(int(rng, 100, 99999)).padStart(6)} ${(rng() * 100).toFixed(1).padStart(5)} ${(rng() * 10).toFixed(1).padStart(5)} ${pick(rng, WORDS)}\x1b[K\r\n`;
    }
    yield { delayMs: s === 0 ? 100 : int(rng, 950, 1050), data: frame };
  }
  yield { delayMs: int(rng, 300, 1500), data: `\x1b[?25h\x1b[${rows};1H\x1b[?1049l` };
}

/** apt/pip-style progress bar redrawn in place with CR. */
export function* progressBar(ctx: SceneContext): Generator<SceneEvent> {
  const { rng } = ctx;
  yield* typedCommand(ctx, `apt-get install -y ${pick(rng, WORDS)}`);
  const width = 40;
  for (let p = 0; p <= 100; p += int(rng, 1, 7)) {
    const filled = Math.round((p / 100) * width);
    yield { delayMs: int(rng, 30, 400), data: `\rProgress: [\x1b[32m${'#'.repeat(filled)}\x1b[0m${'.'.repeat(width - filled)}] ${String(p).padStart(3)}%` };
  }
  yield { delayMs: 50, data: `\rProgress: [\x1b[32m${'#'.repeat(width)}\x1b[0m] 100%\r\nDone.` };
}

export { int, pick };
