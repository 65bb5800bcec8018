/**
 * CacheWriter's write paths: a chunk someone waits for (chunk 0, for open()) is on disk before
 * appendChunk returns when nothing is queued before it; otherwise it keeps its place in the queue.
 * Either way every chunk reads back as written, in order, tiling the segments file.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheWriter, readChunk, type ChunkEntry, type StoredChunk } from '../../../main/core/cache';
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
});
