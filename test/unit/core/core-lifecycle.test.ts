/**
 * The core's life cycle on a recording big enough to watch it work: open returns before indexing ends,
 * progress comes, requests beyond the indexed part wait, cancel keeps what was indexed, screenAt equals
 * playing from 0, and the worker-thread mode runs the same code.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheRoot } from '../../../main/core/cache';
import { createCore } from '../../../main/core/core';
import { SpareWorker, warmUpGuac } from '../../../main/core/spare-worker';
import { replay, visibleScreen } from '../../../main/core/screen';
import { writeSyntheticCast, type SyntheticCastStats } from '../../../main/core/testing/synthetic-cast';
import { createTerminal } from '../../../main/core/terminal/xterm-internals';
import { CORPUS_FILES, HAVE_CORPUS, loadCast, NO_CORPUS_MESSAGE, REPO_ROOT } from './helpers/corpus';
import { copyOfCorpus, inlineCore, tempDir } from './helpers/temp';
import { terminalSummary, terminalChunk } from './helpers/kinds';
import type { RecordingSummary } from '../../../shared/model';

let big = '';
let stats: SyntheticCastStats;
beforeAll(async () => {
  big = join(tempDir(), 'big-session.cast');
  stats = await writeSyntheticCast(big, { durationMs: 20 * 60_000, targetBytes: 12e6, seed: 3 });
}, 60_000);

describe('open, progress, waiting, cancel', () => {
  it('open resolves with chunk 0 while indexing goes on; later chunks and search wait or say partial', async () => {
    const core = inlineCore();
    const progress: number[] = [];
    core.on('progress', (p) => progress.push(p.progress));
    const s = await core.open(big);
    expect(s.index.state).toBe('indexing');
    expect(s.index.indexedUntilMs).toBeLessThan(stats.durationMs);
    const first = terminalChunk(await core.chunk(s.id, { chunkIndex: 0 }));
    expect(first.keyframe.eventIndex).toBe(0);
    const partial = await core.search({ id: s.id, query: 'admin' });
    expect(partial.partial).toBe(true);
    // Far beyond what is indexed: resolves once indexing reaches it.
    const late = await core.chunk(s.id, { atMs: stats.durationMs - 1000 });
    expect(late.endMs).toBeGreaterThan(stats.durationMs - 1000);
    const done = await core.whenIndexed(s.id);
    expect(done.index).toMatchObject({ state: 'ready', progress: 1, fromCache: false });
    expect(done.durationMs).toBeCloseTo(stats.durationMs, 3);
    // Every event of the (valid) file arrives intact across the 256 KiB read boundaries.
    expect(done.warnings).toEqual([]);
    expect(done.events).toBe(stats.events);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p, i) => p > 0 && p <= 1 && (i === 0 || p >= progress[i - 1]!))).toBe(true);
    const rare = await core.search({ id: s.id, query: stats.rareWord });
    expect(rare.total).toBe(stats.rareCount);
    expect(rare.partial).toBe(false);
    for (const hit of rare.hits) expect((await core.screenAt(s.id, hit.timeMs)).lines.join('\n')).toContain(stats.rareWord);
    // Chunks tile the recording.
    let prevEnd = 0;
    let events = 0;
    for (let i = 0, last = false; !last; i++) {
      const c = terminalChunk(await core.chunk(s.id, { chunkIndex: i }));
      expect(c.keyframe.timeMs).toBe(prevEnd);
      expect(c.keyframe.eventIndex).toBe(events);
      events += c.events.length;
      prevEnd = c.endMs;
      last = c.last;
    }
    expect(events).toBe(done.events);
    expect(prevEnd).toBe(done.durationMs);
    await core.dispose();
  });

  it('cancel stops indexing, keeps the indexed part playable, and leaves no cache behind', async () => {
    const core = inlineCore();
    const s = await core.open(big);
    expect(await core.cancel(s.id)).toBe(true);
    const after = terminalSummary(core.summary(s.id));
    expect(after.index.state).toBe('cancelled');
    expect(after.index.indexedUntilMs).toBeGreaterThan(0);
    expect(after.index.indexedUntilMs).toBeLessThan(stats.durationMs);
    const lastChunk = await core.chunk(s.id, { atMs: stats.durationMs });
    expect(lastChunk.last).toBe(true);
    expect(lastChunk.endMs).toBe(after.index.indexedUntilMs);
    expect((await core.screenAt(s.id, after.index.indexedUntilMs)).lines.length).toBe(after.terminal.rows);
    expect((await core.search({ id: s.id, query: 'admin' })).partial).toBe(false);
    expect(await core.cancel(s.id)).toBe(false);
    await core.close(s.id);
    expect(readdirSync(cacheRoot(core.dataDir))).toEqual([]);
    // Not cached: the next open indexes again.
    const again = await core.open(big);
    expect(again.index.fromCache).toBe(false);
    await core.dispose();
  });
});

describe.skipIf(!HAVE_CORPUS)(`screenAt equals playing from 0${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`, () => {
  const core = inlineCore();
  for (const name of HAVE_CORPUS ? CORPUS_FILES : []) {
    it(name, async () => {
      const { header, events } = loadCast(name);
      const s = terminalSummary(await core.whenIndexed((await core.open(copyOfCorpus(name))).id));
      const times = new Set<number>([0, s.durationMs, ...s.resizes.map((r) => r.timeMs)]);
      for (let k = 1; k < 12; k++) times.add(events[Math.floor((k * events.length) / 12)]?.timeMs ?? 0);
      for (const t of times) {
        const ref = createTerminal(header.terminal.cols, header.terminal.rows);
        replay(ref, events, t);
        expect(await core.screenAt(s.id, t), `${name} at ${t} ms`).toEqual(visibleScreen(ref, t));
        ref.dispose();
      }
    });
  }
});

const WORKER = resolve(REPO_ROOT, 'out/main/worker.js');
const HAVE_WORKER = existsSync(WORKER);
describe.skipIf(!HAVE_WORKER || !HAVE_CORPUS)(
  `thread mode${HAVE_WORKER ? '' : ` (skipped: ${WORKER} does not exist; run \`npm run build\` first)`}${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`,
  () => {
    it('indexes in a worker and answers the same as inline', async () => {
      const file = copyOfCorpus('10-v2-welcome-bash-output-only.cast.gz');
      const thread = createCore({ dataDir: join(tempDir(), 'data'), worker: 'thread', workerPath: WORKER });
      const inline = inlineCore();
      try {
        const a = await thread.whenIndexed((await thread.open(file)).id);
        const b = await inline.whenIndexed((await inline.open(file)).id);
        expect({ ...a, index: undefined }).toEqual({ ...b, index: undefined });
        const q = { query: 'asciinema' };
        expect({ ...(await thread.search({ id: a.id, ...q })), tookMs: 0 }).toEqual({ ...(await inline.search({ id: b.id, ...q })), tookMs: 0 });
        expect(await thread.chunk(a.id, { atMs: 50_000 })).toEqual(await inline.chunk(b.id, { atMs: 50_000 }));
        expect(await thread.screenAt(a.id, 70_000)).toEqual(await inline.screenAt(b.id, 70_000));
        await expect(thread.search({ id: a.id, query: '(', regex: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
        expect(await thread.close(a.id)).toBe(true);
      } finally {
        await thread.dispose();
        await inline.dispose();
      }
    });

    it('recordings opened one after another (the spare worker, then fresh ones) each answer on their own', async () => {
      const thread = createCore({ dataDir: join(tempDir(), 'data'), worker: 'thread', workerPath: WORKER });
      try {
        const names = ['10-v2-welcome-bash-output-only.cast.gz', '08-v2-misc-real-session.cast', '01-v1-demo-vim.json'];
        const opened = [];
        for (const name of names) opened.push(await thread.whenIndexed((await thread.open(copyOfCorpus(name))).id));
        expect(new Set(opened.map((s) => s.id)).size).toBe(names.length);
        expect(await thread.close(opened[0]!.id)).toBe(true);
        for (const s of opened.slice(1)) {
          expect(s.index.state).toBe('ready');
          expect((await thread.chunk(s.id, { chunkIndex: 0 })).chunkIndex).toBe(0);
        }
      } finally {
        await thread.dispose();
      }
      expect(thread.list()).toEqual([]);
    });

    it('a worker that cannot start makes open() fail with a typed error, spare or not', async () => {
      const thread = createCore({ dataDir: join(tempDir(), 'data'), worker: 'thread', workerPath: join(tempDir(), 'missing-worker.js') });
      try {
        await expect(thread.open(copyOfCorpus('10-v2-welcome-bash-output-only.cast.gz'))).rejects.toMatchObject({ code: 'INTERNAL' });
        await expect(thread.open(copyOfCorpus('10-v2-welcome-bash-output-only.cast.gz'))).rejects.toMatchObject({ code: 'INTERNAL' });
      } finally {
        await thread.dispose();
      }
    });
  },
);

describe.skipIf(!HAVE_WORKER || !HAVE_CORPUS)(`spare worker${HAVE_WORKER && HAVE_CORPUS ? '' : ' (skipped: needs the built worker and the corpus)'}`, () => {
  it('warms up on a recording of its own, outside the data dir, then serves a real one like a fresh worker', async () => {
    const spare = new SpareWorker(WORKER);
    try {
      await spare.ready();
      const host = await spare.take(() => undefined);
      const dataDir = join(tempDir(), 'data');
      const file = copyOfCorpus('10-v2-welcome-bash-output-only.cast.gz');
      const warm = (await host.call('open', file, dataDir)) as RecordingSummary;
      const warmDone = (await host.call('whenIndexed')) as RecordingSummary;
      await host.call('close');
      await host.terminate();
      const fresh = inlineCore(join(tempDir(), 'data'));
      const ref = await fresh.whenIndexed((await fresh.open(copyOfCorpus('10-v2-welcome-bash-output-only.cast.gz'))).id);
      await fresh.dispose();
      expect(warm.fileName).toBe('10-v2-welcome-bash-output-only.cast.gz');
      expect({ ...warmDone, index: undefined }).toEqual({ ...ref, index: undefined });
      // Only the real recording's cache: the warm-up's went to a temp dir of its own.
      expect(readdirSync(cacheRoot(dataDir))).toEqual([warm.sha256]);
    } finally {
      await spare.dispose();
    }
  });
});

describe('replacing a taken spare', () => {
  it('waits until nothing is busy (indexing, a recording in use), checking again while something is', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // No worker here: only when a new spare would start.
    const start = vi.spyOn(SpareWorker.prototype as unknown as { start(): void }, 'start').mockImplementation(() => undefined);
    try {
      const spare = new SpareWorker('no-worker.js');
      expect(start).toHaveBeenCalledTimes(1);
      // take() found no spare: the next one starts later.
      (spare as unknown as { spare: undefined }).spare = undefined;
      let busy = true;
      spare.replaceLater(() => busy);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(start).toHaveBeenCalledTimes(1);
      busy = false;
      await vi.advanceTimersByTimeAsync(2_000);
      expect(start).toHaveBeenCalledTimes(2);
      await spare.dispose();
    } finally {
      start.mockRestore();
      vi.useRealTimers();
    }
  });
});

describe('the spare worker\'s Guacamole warm-up dump', () => {
  it('is valid protocol that indexes like a real dump: every frame, typed lines, the title, no warnings', async () => {
    const core = inlineCore(join(tempDir(), 'data'));
    try {
      const file = join(tempDir(), 'warm-up.guac');
      writeFileSync(file, warmUpGuac());
      const s = await core.whenIndexed((await core.open(file)).id);
      expect(s.index.state).toBe('ready');
      expect(s.warnings).toEqual([]);
      if (s.kind !== 'display') throw new Error(`not a display recording: ${s.kind}`);
      expect(s.display.frames).toBe(3000);
      expect({ width: s.display.width, height: s.display.height }).toEqual({ width: 640, height: 480 });
      // Keys a..s then Return, 150 times: typed lines; the chord is Ctrl+c.
      const typed = await core.search({ id: s.id, query: 'abcdefghijklmnopqrs', regex: false, caseSensitive: true, wholeWord: false, limit: 1000 });
      expect(typed.total).toBeGreaterThan(100);
      const chord = await core.search({ id: s.id, query: '<Ctrl+c>', regex: false, caseSensitive: true, wholeWord: false, limit: 10 });
      expect(chord.total).toBeGreaterThan(0);
      const title = await core.search({ id: s.id, query: 'warm-up', regex: false, caseSensitive: true, wholeWord: false, limit: 10 });
      expect(title.hits.map((h) => h.kind)).toContain('title');
    } finally {
      await core.dispose();
    }
  });
});
