/**
 * Search on two threads (main/core/terminal/search-helper.ts): an index whose later half lives in a
 * helper answers every query exactly as the whole index on one thread does, serves transcript lines
 * from both halves, and says so when the helper is lost.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TextIndex, type PartResult } from '../../../main/core/terminal/text-index';
import { HelperLostError, setSearchSpawner, SplitSearch, type HelperChannel, type HelperReply, type HelperRequest } from '../../../main/core/terminal/search-helper';
import { serveSearch } from '../../../main/core/terminal/search-thread';
import type { SearchRequest } from '../../../shared/model';
import { REPO_ROOT } from './helpers/corpus';
import { inlineCore, tempDir } from './helpers/temp';
import { writeSyntheticCast } from '../../../main/core/testing/synthetic-cast';

const WORDS = ['alpha', 'kernel', 'Timeout', 'socket', 'café', 'İstanbul', 'x_y', 'error:', 'deploy'];

/** ~2.5 MiB of lines (three blocks), times one ms apart; every 997th line has a rare word. */
function bigIndex(): TextIndex {
  const t = new TextIndex();
  for (let i = 0; i < 60_000; i++) {
    const words = Array.from({ length: 4 + (i % 5) }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]);
    t.append(`${i % 997 === 0 ? `quokka${i} ` : ''}${words.join(' ')} #${i}`, i);
  }
  return t;
}

const QUERIES: SearchRequest[] = [
  { id: 'x', query: 'timeout' },
  { id: 'x', query: 'quokka' },
  { id: 'x', query: 'quokka59' },
  { id: 'x', query: 'CAFÉ' },
  { id: 'x', query: 'istanbul' },
  { id: 'x', query: 'error', wholeWord: true },
  { id: 'x', query: 'Timeout', caseSensitive: true },
  { id: 'x', query: 'ker(nel|xx) #\\d+7$', regex: true },
  { id: 'x', query: 'deploy', limit: 5000 },
  { id: 'x', query: 'socket', limit: 3 },
  { id: 'x', query: 'no such text anywhere' },
  { id: 'x', query: '' },
];

/** A helper in this thread: the same code the helper thread runs, answering a turn of the event loop later. */
function inProcessChannel(): HelperChannel & { kill(): void; posted: number } {
  const listeners: ((m: HelperRequest) => void)[] = [];
  let reply: (r: HelperReply) => void = () => {};
  let lost: (e: Error) => void = () => {};
  let dead = false;
  serveSearch({
    on: ((_: 'message', fn: (m: HelperRequest) => void) => listeners.push(fn)) as never,
    postMessage: ((r: HelperReply) => setImmediate(() => !dead && reply(r))) as never,
  });
  const channel = {
    posted: 0,
    post(m: HelperRequest) {
      channel.posted++;
      setImmediate(() => !dead && listeners.forEach((fn) => fn(structuredClone(m))));
    },
    listen(onReply: (r: HelperReply) => void, onLost: (e: Error) => void) {
      reply = onReply;
      lost = onLost;
    },
    stop() {
      dead = true;
    },
    kill() {
      dead = true;
      lost(new Error('killed'));
    },
  };
  return channel;
}

const strip = (r: { tookMs: number }) => ({ ...r, tookMs: 0 });

afterEach(() => {
  setSearchSpawner(undefined);
  delete process.env.TRAILVIEW_SEARCH_SPLIT;
});

describe('a text index handed off in part', () => {
  it('answers every query as the whole index does on one thread', async () => {
    const whole = bigIndex();
    const split = bigIndex();
    const remoteBlocks: Parameters<Parameters<TextIndex['handOff']>[0]>[0][] = [];
    const handed = split.handOff((b) => remoteBlocks.push(b))!;
    expect(handed.from).toBeGreaterThan(0);
    expect(remoteBlocks.length).toBeGreaterThan(0);
    const { scanBlocks, scannerFor } = await import('../../../main/core/terminal/text-index');
    const remote = (req: SearchRequest) => async (limit: number): Promise<PartResult> => scanBlocks(remoteBlocks, scannerFor(req), limit);
    for (const req of QUERIES) {
      const want = whole.search(req, false);
      const got = await split.searchSplit(req, false, remote(req));
      expect(strip(got), JSON.stringify(req)).toEqual(strip(want));
    }
    // The hits of a common word come from both halves, in line order.
    const all = await split.searchSplit({ id: 'x', query: 'quokka' }, false, remote({ id: 'x', query: 'quokka' }));
    expect(all.total).toBe(61);
    expect(all.hits.some((h) => h.lineIndex >= handed.firstLine)).toBe(true);
    expect(all.hits.map((h) => h.lineIndex)).toEqual([...all.hits.map((h) => h.lineIndex)].sort((a, b) => a - b));
  });

  it('keeps no text of the handed lines, and says so instead of answering wrong', async () => {
    const split = bigIndex();
    const handed = split.handOff(() => {})!;
    expect(split.isLocal(handed.firstLine - 1)).toBe(true);
    expect(split.isLocal(handed.firstLine)).toBe(false);
    expect(() => split.textAt(handed.firstLine)).toThrow(/handed/);
    expect(() => split.search({ id: 'x', query: 'a' }, false)).toThrow(/searchSplit/);
    expect(() => split.exportParts()).toThrow(/handed/);
    // A bad regex is refused before the helper is asked.
    let asked = false;
    await expect(split.searchSplit({ id: 'x', query: '(', regex: true }, false, async () => ((asked = true), { hits: [], total: 0 }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(asked).toBe(false);
  });

  it('an index of one block is not handed off', () => {
    const small = new TextIndex();
    small.append('one line', 0);
    expect(small.handOff(() => {})).toBeUndefined();
    expect(small.search({ id: 'x', query: 'one' }, false).total).toBe(1);
  });
});

describe('SplitSearch', () => {
  it('searches and reads lines across both halves like the whole index', async () => {
    const whole = bigIndex();
    const index = bigIndex();
    const channel = inProcessChannel();
    setSearchSpawner({ spawn: () => channel });
    const split = SplitSearch.start(index, 0)!;
    expect(split).toBeDefined();
    for (const req of QUERIES) expect(strip(await split.search(req, false)), JSON.stringify(req)).toEqual(strip(whole.search(req, false)));
    const first = [...whole.lines()].findIndex((_, i) => !index.isLocal(i));
    // The helper answers for the lines it holds: of [first - 2, first + 3), those from `first` on.
    expect(await split.lines(first - 2, 5)).toEqual([0, 1, 2].map((k) => whole.textAt(first + k)));
    expect(await split.lines(first, 4)).toEqual([0, 1, 2, 3].map((k) => whole.textAt(first + k)));
    expect(await split.lines(whole.lineCount - 2, 10)).toEqual([whole.textAt(whole.lineCount - 2), whole.textAt(whole.lineCount - 1)]);
    split.stop();
  });

  it('a lost helper fails pending and later calls with HelperLostError; a bad query still fails as itself', async () => {
    const index = bigIndex();
    const channel = inProcessChannel();
    setSearchSpawner({ spawn: () => channel });
    const split = SplitSearch.start(index, 0)!;
    await expect(split.search({ id: 'x', query: '[', regex: true }, false)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const pending = split.search({ id: 'x', query: 'kernel' }, false);
    channel.kill();
    await expect(pending).rejects.toBeInstanceOf(HelperLostError);
    await expect(split.search({ id: 'x', query: 'kernel' }, false)).rejects.toBeInstanceOf(HelperLostError);
    await expect(split.lines(0, 1)).rejects.toBeInstanceOf(HelperLostError);
  });

  it('is not started below the size threshold, or without a way to start helpers', () => {
    const index = bigIndex();
    expect(SplitSearch.start(index, 0)).toBeUndefined();
    setSearchSpawner({ spawn: () => inProcessChannel() });
    expect(SplitSearch.start(index, Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(index.isLocal(index.lineCount - 1)).toBe(true);
  });

  const BUILT = resolve(REPO_ROOT, 'out/main/search-worker.js');
  it.skipIf(!existsSync(BUILT))('the built helper thread (out/main/search-worker.js) answers like the whole index', async () => {
    const whole = bigIndex();
    setSearchSpawner({ script: BUILT });
    const split = SplitSearch.start(bigIndex(), 0)!;
    try {
      for (const req of QUERIES) expect(strip(await split.search(req, false)), JSON.stringify(req)).toEqual(strip(whole.search(req, false)));
      expect(await split.lines(whole.lineCount - 1, 1)).toEqual([whole.textAt(whole.lineCount - 1)]);
    } finally {
      split.stop();
    }
  });
});

describe('a recording session with a search helper', () => {
  async function everything(core: ReturnType<typeof inlineCore>, id: string) {
    const searches = [];
    for (const q of ['timeout', 'quokka', 'TIME', 'café', 'x']) searches.push(strip(await core.search({ id, query: q, limit: 5000 })));
    searches.push(strip(await core.search({ id, query: 'sess?ion \\w+$', regex: true })));
    const pages = [];
    for (let from = 0; ; from += 3000) {
      const page = await core.transcriptPage(id, from, 3000);
      pages.push(page);
      if (page.done) break;
    }
    return { searches, pages };
  }

  it('answers searches and transcript pages as one thread does, from a fresh index, from the cache, and after losing the helper', async () => {
    const dir = tempDir();
    const file = resolve(dir, 'big.cast');
    await writeSyntheticCast(file, { durationMs: 600_000, targetBytes: 3_000_000, seed: 5 });
    const single = inlineCore();
    const channels: ReturnType<typeof inProcessChannel>[] = [];
    process.env.TRAILVIEW_SEARCH_SPLIT = '0';
    setSearchSpawner({ spawn: () => (channels.push(inProcessChannel()), channels.at(-1)!) });
    const splitCore = inlineCore();
    try {
      process.env.TRAILVIEW_SEARCH_SPLIT = 'off';
      const a = await single.whenIndexed((await single.open(file)).id);
      const want = await everything(single, a.id);
      process.env.TRAILVIEW_SEARCH_SPLIT = '0';

      const b = await splitCore.whenIndexed((await splitCore.open(file)).id);
      expect(channels).toHaveLength(1);
      expect(channels[0]!.posted).toBeGreaterThan(0);
      expect(await everything(splitCore, b.id)).toEqual(want);

      // The helper dies: the text comes back from the cache, and the answers stay the same.
      channels[0]!.kill();
      expect(await everything(splitCore, b.id)).toEqual(want);
      await splitCore.close(b.id);

      // Opened again: the text loads from the cache and is split again.
      const c = await splitCore.whenIndexed((await splitCore.open(file)).id);
      expect(c.index.fromCache).toBe(true);
      await expect.poll(() => channels.length).toBe(2);
      expect(await everything(splitCore, c.id)).toEqual(want);
    } finally {
      await single.dispose();
      await splitCore.dispose();
    }
  });
});
