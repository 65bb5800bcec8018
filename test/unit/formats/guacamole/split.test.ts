/**
 * The byte parser takes chunks in any split: the same bytes cut anywhere (inside lengths, separators,
 * values and multi-byte characters, or pushed one byte at a time) give the same instructions and
 * warnings, offsets included, as the bytes pushed whole.
 */
import { isAscii } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  GUAC_CORPUS_SKIP_REASON,
  guacCorpusBytes,
  guacCorpusFiles,
  guacCorpusPresent,
  prng,
  runGuac,
  runGuacChunked,
  utf8,
  type GuacRun,
} from './helpers';

function randomOffsets(length: number, count: number, seed: number): number[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(rnd() * (length - 1)));
}

/** Cheap comparison first; the deep toEqual only runs on a mismatch, to print a readable diff. */
function expectSame(actual: GuacRun, expectedJson: string, expected: GuacRun, label: string): void {
  if (JSON.stringify(actual) !== expectedJson) expect(actual, label).toEqual(expected);
}

function expectSplitInvariant(bytes: Uint8Array, label: string, opts?: { maxElementCodePoints?: number }): GuacRun {
  const whole = runGuac(bytes, [], opts);
  const json = JSON.stringify(whole);
  expectSame(runGuacChunked(bytes, 1, opts), json, whole, `${label} in 1-byte pushes`);
  if (bytes.length <= 4096) {
    for (let cut = 1; cut < bytes.length; cut++) expectSame(runGuac(bytes, [cut], opts), json, whole, `${label} cut at byte ${cut}`);
  } else {
    for (let k = 0; k < 40; k++) {
      const cut = randomOffsets(bytes.length, 1, 900 + k);
      expectSame(runGuac(bytes, cut, opts), json, whole, `${label} cut at byte ${cut[0]}`);
    }
  }
  for (let k = 0; k < 8; k++) expectSame(runGuac(bytes, randomOffsets(bytes.length, 200, k), opts), json, whole, `${label} random cuts #${k}`);
  for (const size of [2, 3, 7, 64, 4093, 65536]) expectSame(runGuacChunked(bytes, size, opts), json, whole, `${label} in ${size}-byte chunks`);
  return whole;
}

describe('split invariance: synthetic inputs', () => {
  const cases: Record<string, string> = {
    'code points: accents, CJK, emoji, a lone continuation in a value': '4.name,12.Tést 😀 title;3.log,5.日本語🎉é;4.sync,3.100;',
    'empty elements and no arguments': '3.nop;4.sync,0.,1.5;0.;',
    'bad length, missing dot, wrong separator, garbage': '4.sync,1x5;4.size,1.0,3.1024;garbage here;4.sync,2.5;3.end,1.1;4.rect1.0;4.sync,3.200;',
    'a wrong length that runs over the ";"': '4.sync,9.5;3.key,2.65,1.1;4.sync,3.300;',
    'oversized elements (limit 20)': '4.blob,1.1,30.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;3.end,1.1;4.blob,1.1,25.ééééééééééééééééééééééééé;3.end,1.2;',
    'whitespace and BOM between instructions': '\ufeff4.sync,1.0;\n4.sync,1.1;\r\n  4.sync,1.2;',
    'cut off at the end': '4.sync,1.0;4.blob,1.1,10.abcd',
    'garbage that never resynchronises': '4.sync,1.0;#!&*(%$',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      const whole = expectSplitInvariant(utf8(text), name, { maxElementCodePoints: 20 });
      expect(whole.calls.length, 'something was parsed').toBeGreaterThan(0);
    });
  }
});

describe.skipIf(!guacCorpusPresent)(guacCorpusPresent ? 'split invariance: every corpus file' : GUAC_CORPUS_SKIP_REASON, () => {
  it('the corpus holds the dumps its README describes', () => {
    expect(guacCorpusFiles().length).toBeGreaterThanOrEqual(4);
  });

  for (const name of guacCorpusFiles()) {
    it(name, () => {
      const bytes = guacCorpusBytes(name);
      const whole = expectSplitInvariant(bytes, name);
      expect(whole.warnings).toEqual([]);
      // Cuts right before, inside and after every multi-byte character.
      const inside: number[] = [];
      for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) inside.push(i, i + 1);
      const json = JSON.stringify(whole);
      for (const cut of inside) expectSame(runGuac(bytes, [cut]), json, whole, `${name} cut at byte ${cut}`);
      expectSame(runGuac(bytes, inside), json, whole, `${name} cut around every non-ASCII byte`);
    });
  }

  it('the é at byte 262143 across a 256 KiB read boundary', () => {
    const name = 'synthetic-utf8-straddles-256KiB-boundary.guac';
    const bytes = guacCorpusBytes(name);
    expect([bytes[262143], bytes[262144]], 'the README says an é starts at byte 262143').toEqual([0xc3, 0xa9]);
    const whole = runGuac(bytes);
    for (const chunk of [256 * 1024, 128 * 1024, 65536]) expect(runGuacChunked(bytes, chunk)).toEqual(whole);
    for (const cut of [262143, 262144, 262145]) expect(runGuac(bytes, [cut])).toEqual(whole);
    const log = whole.instructions.find((i) => i.opcode === 'log');
    expect(log?.args[0]?.endsWith('xé-boundary')).toBe(true);
  });

  it('the Unicode window title cut inside each of its characters', () => {
    const name = 'guacd160-ssh-unicode-name.guac';
    const bytes = guacCorpusBytes(name);
    const at = Buffer.from(bytes).indexOf('4.name,12.');
    expect(at).toBeGreaterThan(0);
    const whole = runGuac(bytes);
    const json = JSON.stringify(whole);
    // The instruction is 27 bytes: cut at every one of them, and at every pair of them.
    for (let i = 0; i <= 27; i++) {
      expectSame(runGuac(bytes, [at + i]), json, whole, `cut at title byte ${i}`);
      for (let j = i + 1; j <= 27; j++) expectSame(runGuac(bytes, [at + i, at + j]), json, whole, `cuts at title bytes ${i}, ${j}`);
    }
    expect(whole.instructions.filter((i) => i.opcode === 'name').map((i) => i.args)).toEqual([['Tést 😀 title']]);
  });
});

describe("with a native ASCII test (the core passes Node's buffer.isAscii)", () => {
  const withNative = { isAscii };
  const longAscii = 'QUJD'.repeat(300);
  const cases: Record<string, string> = {
    'long base64 blobs, all ASCII': `3.img,1.1,2.14,1.0,9.image/png,1.0,1.0;4.blob,1.1,${longAscii.length}.${longAscii};3.end,1.1;4.sync,3.100;`,
    'non-ASCII after a long ASCII run, and base64 after it': `4.blob,1.1,${longAscii.length + 3}.${longAscii}é😀x;3.log,${longAscii.length}.${longAscii};4.sync,1.5;`,
    'a value dense with multi-byte characters': `3.log,600.${'é中😀'.repeat(200)};4.sync,1.5;`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: the same instructions and warnings in any split`, () => {
      const bytes = utf8(text);
      const whole = runGuac(bytes);
      const json = JSON.stringify(whole);
      for (const size of [1, 7, 64, 65, 1000, 4093, bytes.length]) expectSame(runGuacChunked(bytes, size, withNative), json, whole, `${name} in ${size}-byte chunks`);
      for (let k = 0; k < 8; k++) expectSame(runGuac(bytes, randomOffsets(bytes.length, 20, k), withNative), json, whole, `${name} random cuts #${k}`);
    });
  }

  it.skipIf(!guacCorpusPresent)('every corpus file, in read-sized and odd chunks', () => {
    for (const name of guacCorpusFiles()) {
      const bytes = guacCorpusBytes(name);
      const json = JSON.stringify(runGuac(bytes));
      for (const size of [256 * 1024, 65536, 4093]) expect(JSON.stringify(runGuacChunked(bytes, size, withNative)), `${name} in ${size}-byte chunks`).toBe(json);
    }
  });

  it('tests a buffer natively at most once after it found a non-ASCII byte', () => {
    // 2000 values, each with a non-ASCII character, in one push: testing the rest of the buffer again
    // after each of them would read it 2000 times.
    const bytes = utf8(Array.from({ length: 2000 }, (_, i) => `3.log,70.${'a'.repeat(68)}é${i % 10};`).join(''));
    let calls = 0;
    const counted = { isAscii: (b: Uint8Array) => (calls++, isAscii(b)) };
    expect(JSON.stringify(runGuac(bytes, [], counted))).toBe(JSON.stringify(runGuac(bytes)));
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(1);
  });
});
