/**
 * The index cache: a second open loads it; a damaged cache (flipped byte, truncated file, bad JSON) is
 * thrown away and rebuilt without a word, giving identical results.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheRoot } from '../../../main/core/cache';
import type { Core } from '../../../main/core/types';
import type { RecordingSummary } from '../../../shared/model';
import { HAVE_CORPUS, NO_CORPUS_MESSAGE } from './helpers/corpus';
import { copyOfCorpus, inlineCore, tempDir } from './helpers/temp';
import { terminalChunk } from './helpers/kinds';

const FILE = '08-v2-misc-real-session.cast';

/** Everything observable about an indexed recording, minus how it was obtained. */
async function observe(core: Core, s: RecordingSummary) {
  const { index: _index, ...summary } = s;
  const chunks = [];
  for (let i = 0, last = false; !last; i++) {
    const c = terminalChunk(await core.chunk(s.id, { chunkIndex: i }));
    chunks.push(c);
    last = c.last;
  }
  const search = await core.search({ id: s.id, query: 'cargo' });
  const lines = [];
  for await (const l of core.transcript(s.id)) lines.push(l);
  return { summary, chunks, search: { ...search, tookMs: 0 }, lines };
}

async function openIndexed(dataDir: string, file: string) {
  const core = inlineCore(dataDir);
  const s = await core.whenIndexed((await core.open(file)).id);
  return { core, s };
}

describe.skipIf(!HAVE_CORPUS)(`index cache${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`, () => {
  it('second open loads from the cache, with identical results', async () => {
    const dataDir = join(tempDir(), 'data');
    const file = copyOfCorpus(FILE);
    const first = await openIndexed(dataDir, file);
    expect(first.s.index.fromCache).toBe(false);
    const expected = await observe(first.core, first.s);
    await first.core.dispose();

    const dir = join(cacheRoot(dataDir), first.s.sha256);
    expect(readdirSync(dir).sort()).toEqual(['index.json', 'segments.bin', 'text.txt', 'times.bin']);
    // No temp dirs left behind.
    expect(readdirSync(cacheRoot(dataDir))).toEqual([first.s.sha256]);

    const second = await openIndexed(dataDir, file);
    expect(second.s.index).toMatchObject({ state: 'ready', fromCache: true, progress: 1 });
    expect(await observe(second.core, second.s)).toEqual(expected);
    await second.core.dispose();
  });

  const damages: [string, (dir: string) => void][] = [
    ['a flipped byte in the segments', (dir) => flip(join(dir, 'segments.bin'), 100)],
    ['a flipped byte in the text', (dir) => flip(join(dir, 'text.txt'), 10)],
    ['a truncated times file', (dir) => truncateSync(join(dir, 'times.bin'), 8)],
    ['bad JSON in index.json', (dir) => writeFileSync(join(dir, 'index.json'), '{"formatVersion": 1, "sha')],
    ['a missing file', (dir) => rmSync(join(dir, 'text.txt'))],
    ['an older format version', (dir) => rewriteIndex(dir, (j) => ({ ...j, formatVersion: 0 }))],
    ['a chunk table that does not tile the segments', (dir) => rewriteIndex(dir, (j) => ({ ...j, chunks: (j.chunks as unknown[]).slice(1) }))],
  ];
  for (const [what, damage] of damages) {
    it(`rebuilds silently after ${what}`, async () => {
      const dataDir = join(tempDir(), 'data');
      const file = copyOfCorpus(FILE);
      const first = await openIndexed(dataDir, file);
      const expected = await observe(first.core, first.s);
      await first.core.dispose();

      damage(join(cacheRoot(dataDir), first.s.sha256));
      const second = await openIndexed(dataDir, file);
      expect(second.s.index.fromCache).toBe(false);
      expect(second.s.warnings).toEqual(first.s.warnings);
      expect(await observe(second.core, second.s)).toEqual(expected);
      await second.core.dispose();

      // And the rebuilt cache is good again.
      const third = await openIndexed(dataDir, file);
      expect(third.s.index.fromCache).toBe(true);
      await third.core.dispose();
    });
  }

  it('a chunk found damaged when it is read triggers a rebuild, and the chunk still comes back right', async () => {
    const dataDir = join(tempDir(), 'data');
    const file = copyOfCorpus(FILE);
    const first = await openIndexed(dataDir, file);
    const expected = await observe(first.core, first.s);
    await first.core.dispose();
    expect(expected.chunks.length).toBeGreaterThan(2);

    // Damage the last chunk: open() checks only the table and sizes, so the damage shows at read time.
    const dir = join(cacheRoot(dataDir), first.s.sha256);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { chunks: { offsetBytes: number; lengthBytes: number }[] };
    const last = index.chunks[index.chunks.length - 1]!;
    flip(join(dir, 'segments.bin'), last.offsetBytes + Math.floor(last.lengthBytes / 2));

    const core = inlineCore(dataDir);
    const opened = await core.open(file);
    expect(opened.index.fromCache).toBe(true);
    const lastIndex = expected.chunks.length - 1;
    const chunk = terminalChunk(await core.chunk(opened.id, { chunkIndex: lastIndex }));
    expect(chunk.keyframe).toEqual(expected.chunks[lastIndex]!.keyframe);
    expect(chunk.events).toEqual(expected.chunks[lastIndex]!.events);
    const done = await core.whenIndexed(opened.id);
    expect(done.index).toMatchObject({ state: 'ready', fromCache: false });
    expect(await observe(core, done)).toEqual(expected);
    await core.dispose();

    const third = await openIndexed(dataDir, file);
    expect(third.s.index.fromCache).toBe(true);
    await third.core.dispose();
  });

  it('a cache dir without index.json (a crash before the end) is not used', async () => {
    const dataDir = join(tempDir(), 'data');
    const file = copyOfCorpus(FILE);
    const first = await openIndexed(dataDir, file);
    await first.core.dispose();
    const dir = join(cacheRoot(dataDir), first.s.sha256);
    writeFileSync(join(dir, 'index.json'), '');
    const second = await openIndexed(dataDir, file);
    expect(second.s.index.fromCache).toBe(false);
    expect(existsSync(join(dir, 'index.json'))).toBe(true);
    expect(statSync(join(dir, 'index.json')).size).toBeGreaterThan(100);
    await second.core.dispose();
  });
});

function flip(path: string, at: number): void {
  const b = readFileSync(path);
  b[at] = b[at]! ^ 0xff;
  writeFileSync(path, b);
}

function rewriteIndex(dir: string, change: (j: Record<string, unknown>) => Record<string, unknown>): void {
  const path = join(dir, 'index.json');
  writeFileSync(path, JSON.stringify(change(JSON.parse(readFileSync(path, 'utf8')))));
}
