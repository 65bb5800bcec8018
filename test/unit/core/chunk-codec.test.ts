import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ChunkDeflater, decodeChunk, encodeChunk, inflateChunk, type StoredChunk } from '../../../main/core/chunk-codec';

describe('chunk codec', () => {
  it('round-trips events of every code, with control characters, emoji and lone surrogates as UTF-8 allows', () => {
    const chunk: StoredChunk = {
      keyframe: { timeMs: 1234.5, eventIndex: 42, cols: 80, rows: 24, state: '\x1bc\x1b[31mhé 中\x1b[0m' },
      events: [
        { timeMs: 1234.5, code: 'o', data: '\x1b[?1049h\x00\x07 😀 e\u0301' },
        { timeMs: 1300.25, code: 'i', data: '\r' },
        { timeMs: 1400, code: 'm', data: 'marker: ünïcode' },
        { timeMs: 1500, code: 'r', data: '100x30' },
        { timeMs: 1600, code: 'x', data: '0' },
        { timeMs: 1700, code: 'o', data: '' },
      ],
    };
    expect(decodeChunk(encodeChunk(chunk))).toEqual(chunk);
  });

  it('rejects data with bytes left over', () => {
    const buf = encodeChunk({ keyframe: { timeMs: 0, eventIndex: 0, cols: 2, rows: 2, state: '' }, events: [] });
    expect(() => decodeChunk(Buffer.concat([buf, Buffer.from([0])]))).toThrow(/left over/);
  });
});

describe('ChunkDeflater', () => {
  it.each([1, 4])('compresses many chunks through %i stream(s), each of which inflates on its own', async (lanes) => {
    const deflater = new ChunkDeflater(1, lanes);
    // Repetitive text (long back-references), incompressible bytes, empty input and one larger than zlib's buffers.
    const inputs = [
      Buffer.from('abc '.repeat(20_000)),
      randomBytes(70_000),
      Buffer.alloc(0),
      Buffer.from('abc '.repeat(20_000)),
      Buffer.from('x'.repeat(300_000) + 'tail'),
      ...Array.from({ length: 20 }, (_, i) => Buffer.from(`chunk ${i} `.repeat(500 + i * 97))),
    ];
    // All started at once, as the cache writer does: the outputs must still come back one per input.
    const outputs = await Promise.all(inputs.map((b) => deflater.deflate(b)));
    deflater.close();
    expect(outputs).toHaveLength(inputs.length);
    for (const [i, out] of outputs.entries()) expect(inflateChunk(out).equals(inputs[i]!), `chunk ${i}`).toBe(true);
    // The fourth repeats the first (same stream when there is one): had the dictionary carried over, it
    // would be a few bytes of references.
    expect(outputs[3]!.length).toBeGreaterThan(outputs[0]!.length / 2);
  });

  it('inflateChunk still reads chunks stored as complete deflate streams', () => {
    const data = Buffer.from('hello '.repeat(1000));
    expect(inflateChunk(deflateRawSync(data)).equals(data)).toBe(true);
  });
});
