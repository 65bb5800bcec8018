/**
 * The first seek after opening a recording restores up to 64 KiB of output into xterm.js through code
 * that has not run before (chunk 0, drawn at open, is ~4 KiB): measured on the bench's cast, its write
 * took 23-65 ms against ~5 ms for every later one. So when a terminal player is made, once the page is
 * idle, a terminal that is never shown parses ~64 KiB of ordinary output (prompts, coloured listings,
 * long lines, scrolling past its scrollback): the parser, the print and scroll paths and the buffer's
 * line handling are the same code the visible terminal then runs, already compiled. (Done once at page
 * load instead, it helped less: the first seek's write still took 22-36 ms.)
 */
import { Terminal } from '@xterm/xterm';

/** Roughly one chunk's worth, as a seek writes. */
const WARM_UP_LINES = 1500;

/** Parses generated output in an unopened terminal (no DOM), then disposes of it. Returns the chars written. */
export function warmUpXterm(scrollback: number): number {
  const term = new Terminal({ cols: 120, rows: 36, scrollback, allowProposedApi: false, logLevel: 'off' });
  try {
    const core = (term as unknown as { _core?: { writeSync?: (data: string) => void } })._core;
    if (typeof core?.writeSync !== 'function') return 0;
    const data = warmUpOutput(WARM_UP_LINES);
    // In pieces, as a restore's events come.
    for (let at = 0; at < data.length; at += 2048) core.writeSync(data.slice(at, at + 2048));
    return data.length;
  } finally {
    term.dispose();
  }
}

function warmUpOutput(lines: number): string {
  let out = '\x1b[?25l\x1b[H\x1b[2J';
  for (let i = 0; i < lines; i++) {
    if (i % 12 === 0) out += `\x1b[1;32muser@host\x1b[0m:\x1b[1;34m~/project\x1b[0m$ ls -la --color\r\n`;
    else if (i % 12 === 6) out += `${'a long line that wraps past the right edge of the screen '.repeat(3)}\r\n`;
    else out += `-rw-r--r-- 1 user user ${String(1000 + i * 37).padStart(8)} Mar ${1 + (i % 28)} 12:${String(i % 60).padStart(2, '0')} \x1b[0;3${i % 8}mfile-${i}.txt\x1b[0m\r\n`;
  }
  return `${out}\x1b[K\x1b[1A\x1b[5G\x1b[?25h`;
}

/** Runs `cb` once the page is idle (or after a short while where it cannot tell); returns a cancel. */
export function whenIdle(cb: () => void): () => void {
  const w = globalThis as { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };
  if (typeof w.requestIdleCallback === 'function' && typeof w.cancelIdleCallback === 'function') {
    const id = w.requestIdleCallback(cb, { timeout: 2000 });
    return () => w.cancelIdleCallback!(id);
  }
  const timer = setTimeout(cb, 500);
  return () => clearTimeout(timer);
}
