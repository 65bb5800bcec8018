/**
 * One worker kept ready for the next open(). A worker needs ~100-300 ms (more on a busy machine) to
 * boot and load the session code, and its first recording runs through cold (interpreted) code: chunk 0
 * of a recording took ~50 ms instead of ~5. So the spare, once idle, opens a small generated recording
 * of its own (in a temp dir, not the cache) and closes it again before anyone takes it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeInstruction } from '../../shared/formats/guacamole/encode';
import type { SessionEvent } from './session';
import { ThreadHost } from './worker-hosts';

/**
 * A replacement spare starts this long after indexing has stopped everywhere and no recording was used
 * (checked again as often while they go on): it does not compete with indexing or someone seeking for
 * the CPU, and a short-lived CLI run is over before it would start.
 */
const REPLACE_DELAY_MS = 2000;

export class SpareWorker {
  private spare: ThreadHost | undefined;
  /** Set while the spare warms up; whoever takes it waits for that. */
  private warming: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly workerPath: string) {
    this.start();
  }

  /** The spare (warm, or a fresh worker if it broke), put to use with `onEvent` for its events. */
  async take(onEvent: (e: SessionEvent) => void): Promise<ThreadHost> {
    const spare = this.spare;
    const warming = this.warming;
    this.spare = undefined;
    this.warming = undefined;
    if (warming) {
      // Wanted now: stop the warm-up where it is (it only waits for its close then).
      void spare?.call('cancel').catch(() => undefined);
      await warming;
    }
    if (spare?.usable) return spare.adopt(onEvent);
    if (spare) void spare.terminate();
    return new ThreadHost(this.workerPath).adopt(onEvent);
  }

  /** Resolves once the current spare runs and has warmed up (tests and tools wait on this). */
  async ready(): Promise<void> {
    const spare = this.spare;
    if (!spare) return;
    await spare.online;
    await this.warming;
  }

  /** Indexing may have stopped: replace a taken spare once `busy()` (indexing, a recording in use) is false. */
  replaceLater(busy: () => boolean): void {
    if (this.disposed || this.spare || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.disposed || this.spare) return;
      if (busy()) this.replaceLater(busy);
      else this.start();
    }, REPLACE_DELAY_MS);
    this.timer.unref();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    const spare = this.spare;
    this.spare = undefined;
    await spare?.terminate();
  }

  private start(): void {
    const spare = new ThreadHost(this.workerPath);
    this.spare = spare;
    // Only once the worker runs: a CLI that opens a file right away takes the spare before this, and
    // does not wait for a warm-up.
    void spare.online.then(() => {
      if (this.spare === spare && !this.warming) this.warming = warmUp(spare);
    });
  }
}

/**
 * Fast passes over the ~1 MB warm-up dump. After one, the optimising compiler is not done with the fast
 * pass's code: a 100 MB dump opened next was indexed in 427-647 ms (median 578, 8 runs), after four in
 * 439-594 ms (median 522). Generating a 4 MB dump instead would cost the host's main thread ~150 ms;
 * indexing the same 1 MB again costs it nothing.
 */
const GUAC_WARM_UP_PASSES = 4;

/** Opens, indexes and closes a small generated recording in `host`, so its code is compiled. */
async function warmUp(host: ThreadHost): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trailview-warm-up-'));
  try {
    // Both kinds a worker indexes: a terminal recording, then a Guacamole dump (its fast pass runs at
    // ~300 MB/s once compiled, a third of that before: a 100 MB dump would be half over before).
    const cast = join(dir, 'warm-up.cast.gz');
    writeFileSync(cast, gzipSync(warmUpCast()));
    await host.call('open', cast, join(dir, 'data'));
    await host.call('whenIndexed');
    // Command extraction runs its own emulator over the index once it is complete: compiled too.
    await host.call('commands');
    await host.call('close');
    const guac = join(dir, 'warm-up.guac');
    writeFileSync(guac, warmUpGuac());
    for (let pass = 0; pass < GUAC_WARM_UP_PASSES; pass++) {
      if (pass > 0) await host.call('close');
      // A data dir per pass: the same content in the same dir would come from the cache.
      await host.call('open', guac, join(dir, `data-${pass}`));
      await host.call('whenIndexed');
    }
    // Last, so the warm-up's own opens do not let it go: the next open's tail need not boot.
    await host.call('prepareTail');
  } catch {
    // Only a head start (and cancelled when the spare is wanted): a spare that did not warm up is
    // still a spare (take() checks it still works).
  } finally {
    await host.call('close').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * ~10 KB of ordinary terminal output as asciicast v2: coloured prompts and listings that scroll, a
 * wrapped line, a screen clear, a full-screen program on the alternate screen, a resize, input and a
 * marker: the paths every recording takes.
 */
function warmUpCast(): string {
  const lines = [JSON.stringify({ version: 2, width: 80, height: 24 })];
  let t = 0;
  const out = (code: string, data: string): void => {
    t += 0.05;
    lines.push(JSON.stringify([Number(t.toFixed(3)), code, data]));
  };
  for (let i = 0; i < 20; i++) {
    out('o', `\x1b[1;32muser@host\x1b[0m:\x1b[1;34m~/src\x1b[0m$ `);
    out('i', 'ls -la\r');
    for (let j = 0; j < 8; j++) out('o', `-rw-r--r-- 1 user user ${1000 + i * j} \x1b[0;3${j % 8}mfile-${i}-${j}.txt\x1b[0m\r\n`);
    if (i % 10 === 5) out('o', `${'a wrapped line '.repeat(8)}\r\n\x1b[2J\x1b[H`);
  }
  out('m', 'warm-up');
  out('o', '\x1b[?1049h\x1b[H\x1b[7m editor \x1b[27m\x1b[2;1Hé ± ✓ 中文\x1b[10;5Hstatus\x1b[?1049l');
  out('r', '100x30');
  out('o', 'done\r\n');
  return `${lines.join('\n')}\n`;
}

const ins = (opcode: string, ...args: (string | number)[]): string => encodeInstruction(opcode, args);

/** A 1x1 PNG (base64), for img + blob + end. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/**
 * ~1 MB of Guacamole protocol: a screen, drawing (rectangles, images, copies), typed keys with Return and
 * a chord, mouse moves, a window title and clipboard text, a sync per frame: what a real dump holds.
 */
export function warmUpGuac(): string {
  const out: string[] = [ins('size', 0, 640, 480), ins('name', 'warm-up')];
  let t = 1000;
  let stream = 1;
  for (let f = 0; f < 3000; f++) {
    t += 40;
    out.push(ins('rect', 0, f % 600, f % 440, 32, 24), ins('cfill', 14, 0, 40, 80, 120, 255));
    if (f % 3 === 0) {
      out.push(ins('img', stream, 14, 0, 'image/png', (f * 7) % 600, (f * 5) % 440), ins('blob', stream, PIXEL_PNG), ins('end', stream));
      stream = (stream % 8) + 1;
    }
    if (f % 5 === 0) out.push(ins('copy', 0, 0, 0, 64, 64, 14, 0, 100, 100));
    out.push(ins('mouse', (f * 3) % 640, (f * 2) % 480, f % 2, t));
    const key = f % 20 === 19 ? 0xff0d : 0x61 + (f % 20);
    out.push(ins('key', key, 1, t), ins('key', key, 0, t + 5));
    if (f % 500 === 250) out.push(ins('key', 0xffe3, 1, t), ins('key', 0x63, 1, t), ins('key', 0x63, 0, t), ins('key', 0xffe3, 0, t));
    if (f % 1000 === 500) out.push(ins('clipboard', stream, 'text/plain'), ins('blob', stream, Buffer.from('copied text é').toString('base64')), ins('end', stream));
    out.push(ins('sync', t, t));
  }
  return out.join('');
}
