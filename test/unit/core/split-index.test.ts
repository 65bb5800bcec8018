/**
 * Split indexing (main/core/terminal/split.ts): a recording indexed by a head and a tail must give the
 * same screens at every time as one thread, and the same text index as one thread that cuts a chunk at
 * the split event too (a cut scans the screen, which can change when a line is first indexed), whether
 * the two join, never join, or join and then disagree. The tail runs inline here (the thread version
 * runs the same runTail).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChunkEntry } from '../../../main/core/cache';
import { readChunk } from '../../../main/core/cache';
import { IndexRun, type SplitPlan } from '../../../main/core/index-run';
import { screenFromChunk } from '../../../main/core/screen';
import { findChunk, RecordingSession } from '../../../main/core/session';
import { writeSyntheticCast } from '../../../main/core/testing/synthetic-cast';
import { runTail, SIGNED_CHUNKS, SPILL_CHUNKS, SPILL_LINES, splitPoint, type TailMessage, type TailSpawner } from '../../../main/core/terminal/split';
import { SplitDivergedError } from '../../../main/core/terminal/tail-join';
import { hasStandbyTail, prepareStandbyTail, setTailSpawner, tailSpawner } from '../../../main/core/terminal/tail-thread';
import { SessionRouter } from '../../../main/core/session-router';
import { REPO_ROOT } from './helpers/corpus';
import { tempDir, writeTemp } from './helpers/temp';

/** The tail runs to its end first, then its messages arrive at once: it is always ahead of the head. */
function aheadSpawner(log: TailMessage[] = []): TailSpawner {
  return (opts, onMessage) => {
    let stopped = false;
    const ready = runTail(opts, (m) => log.push(m));
    void ready.then(() => {
      for (const m of log) if (!stopped) onMessage(m);
    });
    return { stop: () => void (stopped = true) };
  };
}

/**
 * The tail ran to its end before the head started: its messages all arrive at once, so the head joins at
 * its first chance and stops reading there.
 */
async function finishedTail(path: string, splitAtBytes: number, opts: { factsEveryMs?: number; doneWhen?: Promise<void> } = {}): Promise<TailSpawner> {
  const dir = tempDir();
  const log: TailMessage[] = [];
  const every = opts.factsEveryMs !== undefined ? { factsEveryMs: opts.factsEveryMs } : {};
  await runTail({ path, fileName: 'test.cast', splitAtBytes, signChunks: SIGNED_CHUNKS, spillDir: dir, ...every }, (m) => log.push(m));
  const done = log.pop()!;
  expect(done.type).toBe('done');
  return (spawned, onMessage) => {
    for (const f of [SPILL_CHUNKS, SPILL_LINES]) copyFileSync(join(dir, f), join(spawned.spillDir, f));
    let stopped = false;
    setImmediate(() => {
      for (const m of log) if (!stopped) onMessage(m);
      void (opts.doneWhen ?? Promise.resolve()).then(() => !stopped && onMessage(done));
    });
    return { stop: () => void (stopped = true) };
  };
}

/** ~3 MB (40,000 lines) of numbered output with markers, input, idle gaps, a resize and a broken line spread over it. */
function markedCast(count = 40_000): { text: string; durationMs: number; markers: number } {
  const lines = [JSON.stringify({ version: 2, width: 80, height: 24, idle_time_limit: 1 })];
  let t = 0;
  for (let n = 0; n < count; n++) {
    t += n % 997 === 0 ? 5 : 0.01;
    lines.push(JSON.stringify([Number(t.toFixed(3)), 'o', `line ${n} \x1b[3${n % 8}mcoloured ${'x'.repeat(n % 50)}\x1b[0m\r\n`]));
    if (n % 5000 === 4999) lines.push(JSON.stringify([Number(t.toFixed(3)), 'm', `marker ${n}`]));
    if (n % 3000 === 0) lines.push(JSON.stringify([Number(t.toFixed(3)), 'i', 'ls\r']));
    if (n === 30_000) lines.push(JSON.stringify([Number(t.toFixed(3)), 'r', '100x30']));
    // A broken event line in the second half: a warning with its line number.
    if (n === 35_000) lines.push('[1.5, "o", "unterminated');
  }
  return { text: lines.join('\n') + '\n', durationMs: Math.round(t * 1000), markers: Math.floor(count / 5000) };
}

interface Indexed {
  run: IndexRun;
  entries: ChunkEntry[];
  outcome: string;
  error?: unknown;
}

async function index(path: string, plan?: SplitPlan, made?: (run: IndexRun) => void): Promise<Indexed> {
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  const entries: ChunkEntry[] = [];
  const dataDir = tempDir();
  const run = new IndexRun(path, 'test.cast', sha, dataDir, { chunk: (e) => entries.push(e), progress: () => undefined }, plan);
  made?.(run);
  const result = await run.run();
  // The tail's spill files go when the run ends, whatever the outcome.
  expect(readdirSync(dataDir, { recursive: true }).filter((f) => String(f).includes('tail-'))).toEqual([]);
  return { run, entries, outcome: result.outcome, error: result.error };
}

function screenAt(x: Indexed, atMs: number): string {
  const chunk = readChunk(x.run.writer.segmentsPath, x.entries[findChunk(x.entries, atMs)]!);
  return JSON.stringify(screenFromChunk(chunk, atMs));
}

/** `split` against one thread cutting where it cuts (`alone`: text, chunks) and one that does not (screens). */
async function expectSameIndex(split: Indexed, path: string, splitAtBytes: number, durationMs: number): Promise<void> {
  expect(split.outcome).toBe('done');
  const single = await index(path);
  const alone = await index(path, { splitAtBytes });
  const a = alone.run.indexer.text.exportText();
  const b = split.run.indexer.text.exportText();
  expect(b.text).toBe(a.text);
  expect([...b.times]).toEqual([...a.times]);
  expect(split.entries.map((e) => [e.firstEvent, e.count, e.startMs, e.endMs])).toEqual(alone.entries.map((e) => [e.firstEvent, e.count, e.startMs, e.endMs]));
  expect(split.run.indexer.facts).toEqual(single.run.indexer.facts);
  expect(split.run.indexer.activity.snapshot()).toEqual(single.run.indexer.activity.snapshot());
  // Chunks tile the recording: each starts where the one before ended.
  for (let i = 1; i < split.entries.length; i++) expect(split.entries[i]!.firstEvent).toBe(split.entries[i - 1]!.firstEvent + split.entries[i - 1]!.count);
  for (let i = 0; i < 40; i++) {
    const t = Math.round(((i + 0.5) / 40) * durationMs);
    expect(screenAt(split, t), `screen at ${t} ms`).toBe(screenAt(single, t));
  }
}

/** asciicast v2 lines (header first) from [seconds, data] output events. */
function cast(cols: number, rows: number, events: [number, string][]): string {
  return [JSON.stringify({ version: 2, width: cols, height: rows }), ...events.map(([t, d]) => JSON.stringify([t, 'o', d]))].join('\n') + '\n';
}

/** Numbered shell output: ~`bytes` of scrolling lines, one event per line from `startS` on. */
function scrolling(bytes: number, startS: number, tag: string): [number, string][] {
  const out: [number, string][] = [];
  let t = startS;
  for (let n = 0, size = 0; size < bytes; n++) {
    const line = `${tag} line ${n} \x1b[3${n % 8}mcoloured ${'x'.repeat(n % 50)}\x1b[0m\r\n`;
    out.push([Number(t.toFixed(3)), line]);
    size += line.length;
    t += 0.01;
  }
  return out;
}

afterEach(() => setTailSpawner(undefined));

describe('split indexing', () => {
  it('joins the tail and builds the same index as one thread (generated shell, vim and top sessions)', async () => {
    const path = join(tempDir(), 'big.cast');
    const stats = await writeSyntheticCast(path, { durationMs: 20 * 60_000, targetBytes: 6 * 2 ** 20, seed: 5 });
    const at = Math.floor(readFileSync(path).length / 2);
    const split = await index(path, { splitAtBytes: at, spawn: aheadSpawner() });
    expect(split.run.join?.state).toBe('joined');
    expect(split.run.join!.taken).toBeGreaterThan(10);
    await expectSameIndex(split, path, at, stats.durationMs);
  });

  it('stops reading where it joins: the tail read the rest, and its counts, markers, resizes, idle stretches, activity and warnings are the whole file\'s', async () => {
    const { text, durationMs, markers } = markedCast();
    for (const gzip of [false, true]) {
      const path = join(tempDir(), gzip ? 'marked.cast.gz' : 'marked.cast');
      // The gzip one is cut short: the warning for that comes from the tail's read.
      writeFileSync(path, gzip ? gzipSync(text).subarray(0, -2000) : text);
      const at = Math.floor(text.length / 2);
      const split = await index(path, { splitAtBytes: at, spawn: await finishedTail(path, at) });
      expect(split.run.join?.state).toBe('joined');
      // (The gzip file is read in one go: the head stops after it, before its parser reaches the end.)
      expect(split.run.stoppedAtBytes).toBeLessThanOrEqual(gzip ? readFileSync(path).length : 0.8 * text.length);
      expect(split.run.indexer.facts.markers.length).toBe(gzip ? markers - 1 : markers);
      expect(split.run.indexer.facts.warnings.map((w) => w.code)).toEqual(gzip ? ['BAD_EVENT', 'TRUNCATED', 'TRUNCATED'] : ['BAD_EVENT']);
      await expectSameIndex(split, path, at, gzip ? split.run.indexer.facts.durationMs : durationMs);
    }
  });

  it('while the tail works, the joined head shows its counts: markers, events and activity past where the head stopped', async () => {
    const { text, markers } = markedCast();
    const path = writeTemp('counted.cast', text);
    const single = await index(path);
    const at = Math.floor(text.length / 2);
    let release = (): void => undefined;
    const doneWhen = new Promise<void>((r) => (release = r));
    let run: IndexRun | undefined;
    const pending = index(path, { splitAtBytes: at, spawn: await finishedTail(path, at, { factsEveryMs: 0, doneWhen }) }, (r) => (run = r));
    // Joined, stopped reading, every chunk taken; the tail's end not sent yet.
    await vi.waitFor(() => expect(run?.stoppedAtBytes).toBeDefined(), { timeout: 20_000 });
    expect(run!.stoppedAtBytes!).toBeLessThan(0.8 * text.length);
    const facts = run!.indexer.facts;
    expect(facts.markers.length).toBe(markers);
    expect(facts.events).toBe(single.run.indexer.facts.events);
    expect(facts.durationMs).toBe(single.run.indexer.facts.durationMs);
    expect(run!.indexer.activity.snapshot()).toEqual(single.run.indexer.activity.snapshot());
    release();
    const split = await pending;
    await expectSameIndex(split, path, at, single.run.indexer.facts.durationMs);
  });

  const BUILT = resolve(REPO_ROOT, 'out/main/worker.js');
  it.skipIf(!existsSync(BUILT))('the built worker as the tail thread, sending its counts as it goes: the index of one thread', async () => {
    // ~12 MB, split late: the head emulates for a while before it reaches the split, and the thread,
    // which needs ~0.2-0.5 s to start, is ahead of it there.
    const { text, durationMs } = markedCast(160_000);
    const path = writeTemp('threaded.cast', text);
    const at = Math.floor(text.length * 0.75);
    setTailSpawner({ script: BUILT });
    // Counts after every chunk: the thread's messages go on after them (its chunks, then its end).
    const split = await index(path, { splitAtBytes: at, spawn: tailSpawner()!, factsEveryMs: 0 });
    expect(split.run.join?.state).toBe('joined');
    await expectSameIndex(split, path, at, durationMs);
  });

  it.skipIf(!existsSync(BUILT))('a standby tail, booted ahead and waiting for its options, gives the index of one thread', async () => {
    const { text, durationMs } = markedCast(160_000);
    const path = writeTemp('standby.cast', text);
    const at = Math.floor(text.length * 0.6);
    setTailSpawner({ script: BUILT });
    expect(prepareStandbyTail()).toBe(true);
    expect(hasStandbyTail()).toBe(true);
    const split = await index(path, { splitAtBytes: at, spawn: tailSpawner()!, factsEveryMs: 0 });
    // Taken by the run: the next one boots its own.
    expect(hasStandbyTail()).toBe(false);
    expect(split.run.join?.state).toBe('joined');
    await expectSameIndex(split, path, at, durationMs);
  });

  it.skipIf(!existsSync(BUILT))('an open that does not split lets the standby tail go', async () => {
    setTailSpawner({ script: BUILT });
    prepareStandbyTail();
    const router = new SessionRouter(() => undefined);
    const summary = await router.open(writeTemp('small.cast', markedCast(200).text), tempDir());
    expect(summary.format).toBe('asciicast');
    expect(hasStandbyTail()).toBe(false);
    await router.close();
  });

  it('tails that are not threads (tests, inline hosts) have no standby', () => {
    setTailSpawner({ spawn: aheadSpawner() });
    expect(prepareStandbyTail()).toBe(false);
    expect(hasStandbyTail()).toBe(false);
  });

  it('stopped at the join, it still checks that the file is the one it was asked to index (the tail hashes it all)', async () => {
    const path = writeTemp('checked.cast', cast(80, 24, scrolling(2 * 2 ** 20, 0, 'checked')));
    const spawn = await finishedTail(path, 2 ** 20);
    const run = new IndexRun(path, 'test.cast', 'f'.repeat(64), tempDir(), { chunk: () => undefined, progress: () => undefined }, { splitAtBytes: 2 ** 20, spawn });
    const result = await run.run();
    expect(run.stoppedAtBytes).toBeLessThan(1.6 * 2 ** 20);
    expect(result.outcome).toBe('failed');
    expect((result.error as Error).message).toMatch(/the file changed while it was being read/);
  });

  it('goes on alone when the states never meet (a window title set once, before the split)', async () => {
    const events: [number, string][] = [[0, '\x1b]2;set once at login\x07'], ...scrolling(3 * 2 ** 20, 0.1, 'out')];
    const path = writeTemp('titled.cast', cast(100, 30, events));
    const messages: TailMessage[] = [];
    const split = await index(path, { splitAtBytes: 1.5 * 2 ** 20, spawn: aheadSpawner(messages) });
    expect(split.run.join?.state).toBe('abandoned');
    // The tail did sign its first chunks: the title is what kept them apart.
    expect(messages.filter((m) => m.type === 'chunk' && m.signature).length).toBe(SIGNED_CHUNKS);
    await expectSameIndex(split, path, 1.5 * 2 ** 20, events.at(-1)![0] * 1000);
  });

  it('goes on alone when the tail fails before joining', async () => {
    const events = scrolling(2 * 2 ** 20, 0, 'plain');
    const path = writeTemp('plain.cast', cast(80, 24, events));
    const failing: TailSpawner = (_opts, onMessage) => {
      setImmediate(() => onMessage({ type: 'failed', message: 'the thread could not start' }));
      return { stop: () => undefined };
    };
    const split = await index(path, { splitAtBytes: 2 ** 20, spawn: failing });
    expect(split.run.join?.state).toBe('abandoned');
    await expectSameIndex(split, path, 2 ** 20, events.at(-1)![0] * 1000);
  });

  it('a tail thread that fails after the join makes the run say so (the session then indexes again alone)', async () => {
    const path = writeTemp('dies.cast', cast(80, 24, scrolling(2 * 2 ** 20, 0, 'dies')));
    // Its chunks arrive at once; its end, a failure, only once the head has joined it.
    let joined = (): boolean => false;
    const dying: TailSpawner = (opts, onMessage) => {
      const log: TailMessage[] = [];
      void runTail(opts, (m) => log.push(m)).then(() => {
        for (const m of log) if (m.type === 'chunk') onMessage(m);
        const fail = (): unknown => (joined() ? onMessage({ type: 'failed', message: 'exit code 1' }) : setTimeout(fail, 5));
        fail();
      });
      return { stop: () => undefined };
    };
    const pending = index(path, { splitAtBytes: 2 ** 20, spawn: dying }, (run) => (joined = () => run.join?.state === 'joined'));
    const split = await pending;
    expect(split.run.join?.state).toBe('joined');
    expect(split.outcome).toBe('failed');
    expect(split.error).toBeInstanceOf(SplitDivergedError);
    expect((split.error as Error).message).toMatch(/second indexing thread failed \(exit code 1\); indexing again on one thread/);
  });

  it('a cursor saved before the split and restored after the join: the run says so, and the session indexes again alone', async () => {
    // DECSC at the start, then 3 MB of scrolling output, then DECRC: the tail never saw the save.
    const events: [number, string][] = [
      [0, 'saved here>\x1b7<\r\n'],
      ...scrolling(3 * 2 ** 20, 0.1, 'body'),
      [700, '\x1b8restored'],
      ...scrolling(300 * 1024, 701, 'after'),
    ];
    const path = writeTemp('decrc.cast', cast(90, 25, events));
    const single = await index(path);
    // Where the session splits it.
    const at = splitPoint(readFileSync(path).length, 0)!;
    const split = await index(path, { splitAtBytes: at, spawn: aheadSpawner() });
    expect(split.outcome).toBe('failed');
    expect(split.error).toBeInstanceOf(SplitDivergedError);
    // The session's own run goes again on one thread and ends with the index of one thread cutting there.
    const alone = await index(path, { splitAtBytes: at });
    let spawned = 0;
    const spawner = aheadSpawner();
    setTailSpawner({ spawn: (opts, onMessage) => (spawned++, spawner(opts, onMessage)) });
    process.env.TRAILVIEW_INDEX_SPLIT = String(2 ** 20);
    try {
      const session = new RecordingSession(() => undefined);
      await session.open(path, tempDir());
      const summary = await session.whenIndexed();
      expect(summary.index.state).toBe('ready');
      expect(spawned).toBe(1);
      const query = { id: 'decrc', query: 'restored' };
      expect((await session.search(query)).hits).toEqual(alone.run.indexer.text.search(query, false).hits);
      const page = await session.transcriptPage(0, 1e6);
      expect(page.lines.map((l) => l.text).join('\n') + '\n').toBe(alone.run.indexer.text.exportText().text);
      for (const t of [699_999, 700_000, 700_500, 701_500, 720_000]) {
        const want = screenFromChunk(readChunk(single.run.writer.segmentsPath, single.entries[findChunk(single.entries, t)]!), t);
        expect(await session.screenAt(t)).toEqual(want);
      }
      await session.close();
    } finally {
      delete process.env.TRAILVIEW_INDEX_SPLIT;
    }
  });
});
