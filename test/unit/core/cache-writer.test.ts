/**
 * CacheWriter's write paths: a chunk someone waits for (chunk 0, for open()) is on disk before
 * appendChunk returns when nothing is queued before it; otherwise it keeps its place in the queue.
 * Either way every chunk reads back as written, in order, tiling the segments file. The text files are
 * written as the text index seals blocks, and the cache they make loads back as the index it was.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheWriter, loadCache, loadCacheText, readChunk, type ChunkEntry, type StoredChunk } from '../../../main/core/cache';
import { TextIndex } from '../../../main/core/terminal/text-index';
import type { RecordingSummary } from '../../../shared/model';
import { tempDir } from './helpers/temp';

function chunk(i: number, text: string): StoredChunk {
  return {
    keyframe: { timeMs: i * 1000, eventIndex: i * 2, cols: 80, rows: 24, state: `\x1bc\x1b[${i + 1}H state ${i}` },
    events: [
      { timeMs: i * 1000 + 1, code: 'o', data: `${text}\r\n` },
      { timeMs: i * 1000 + 2, code: 'o', data: `\x1b[1m${text.repeat(50)}\x1b[0m é ✓` },
    ],
  };
}

describe('CacheWriter', () => {
  it('writes a chunk asked for "now" before appendChunk returns, when nothing is queued', () => {
    const writer = new CacheWriter(join(tempDir(), 'data'), 'a'.repeat(64));
    const seen: ChunkEntry[] = [];
    void writer.appendChunk(chunk(0, 'first'), 1000, 0, (e) => seen.push(e), true);
    expect(seen).toHaveLength(1);
    expect(statSync(writer.segmentsPath).size).toBe(seen[0]!.lengthBytes);
    expect(readChunk(writer.segmentsPath, seen[0]!)).toEqual(chunk(0, 'first'));
    writer.abort();
  });

  it('keeps the order when "now" comes after chunks still being compressed', async () => {
    const writer = new CacheWriter(join(tempDir(), 'data'), 'b'.repeat(64));
    const order: number[] = [];
    const all = [0, 1, 2, 3].map((i) => writer.appendChunk(chunk(i, `c${i}`), (i + 1) * 1000, i * 2, () => order.push(i), i === 2));
    // Chunk 2 asked for "now" but 0 and 1 were queued first: it must not jump ahead of them.
    expect(order).toEqual([]);
    const entries = await Promise.all(all);
    await writer.drain();
    expect(order).toEqual([0, 1, 2, 3]);
    let offset = 0;
    for (const [i, e] of entries.entries()) {
      expect(e.offsetBytes).toBe(offset);
      offset += e.lengthBytes;
      expect(readChunk(writer.segmentsPath, e)).toEqual(chunk(i, `c${i}`));
    }
    expect(statSync(writer.segmentsPath).size).toBe(offset);
    writer.abort();
  });

  it('goes on asynchronously after a chunk written "now"', async () => {
    const writer = new CacheWriter(join(tempDir(), 'data'), 'c'.repeat(64));
    const first = await writer.appendChunk(chunk(0, 'x'), 1000, 0, undefined, true);
    const second = await writer.appendChunk(chunk(1, 'y'), 2000, 2);
    expect(second.offsetBytes).toBe(first.lengthBytes);
    expect(readChunk(writer.segmentsPath, second)).toEqual(chunk(1, 'y'));
    writer.abort();
  });

  /** ~3.5 MB of numbered lines (several sealed blocks, three time pages) with a non-Latin-1 line now and then. */
  function fill(text: TextIndex, from: number, to: number): void {
    for (let i = from; i < to; i++) text.append(i % 997 === 0 ? `line ${i} é ✓ 中文` : `line ${i} ${'x'.repeat(i % 40)}`, i * 10);
  }

  it('writes the text files while the index grows; the cache loads back as the same index', async () => {
    const dataDir = join(tempDir(), 'data');
    const sha = 'd'.repeat(64);
    const writer = new CacheWriter(dataDir, sha);
    await writer.appendChunk(chunk(0, 'only'), 1000, 0);
    const text = new TextIndex();
    const textPath = join(writer.dir, 'text.txt');
    for (const [from, to] of [[0, 50_000], [50_000, 120_000], [120_000, 150_000]] as const) {
      fill(text, from, to);
      writer.writeSealedText(text);
    }
    // Sealed blocks are on disk before finish(); the unsealed lines are not.
    const early = statSync(textPath).size;
    expect(early).toBeGreaterThan(2_000_000);
    expect(early).toBeLessThan(Buffer.byteLength(text.exportText().text, 'utf8'));
    expect(statSync(join(writer.dir, 'times.bin')).size).toBe(2 * 65536 * 8);
    await writer.drain();
    writer.finish({ id: sha } as unknown as RecordingSummary, text, { bucketMs: 1000, screen: [], input: [] } as never);
    const loaded = loadCache(dataDir, sha)!;
    expect(loaded).toBeDefined();
    const back = await loadCacheText(loaded);
    expect(back.lineCount).toBe(150_000);
    expect(back.exportText().text).toBe(text.exportText().text);
    expect(Array.from(back.exportText().times)).toEqual(Array.from(text.exportText().times));
  });

  it('a text file that cannot be written fails finish(), not indexing', async () => {
    const writer = new CacheWriter(join(tempDir(), 'data'), 'e'.repeat(64));
    await writer.appendChunk(chunk(0, 'only'), 1000, 0);
    mkdirSync(join(writer.dir, 'text.txt'));
    const text = new TextIndex();
    fill(text, 0, 60_000);
    expect(() => writer.writeSealedText(text)).not.toThrow();
    await writer.drain();
    expect(() => writer.finish({ id: 'x' } as unknown as RecordingSummary, text, { bucketMs: 1000, screen: [], input: [] } as never)).toThrow(/EISDIR|illegal operation on a directory/);
    writer.abort();
    expect(existsSync(writer.dir)).toBe(false);
  });
});
