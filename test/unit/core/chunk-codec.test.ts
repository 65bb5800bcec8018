import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, type StoredChunk } from '../../../main/core/chunk-codec';

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
