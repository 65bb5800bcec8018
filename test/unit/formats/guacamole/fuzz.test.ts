/**
 * Mutated dumps (bytes changed, cut, repeated, windows starting mid-instruction): the parser never
 * throws or hangs, the outcome does not depend on the chunking, everything it emits is a real
 * instruction of the input, and damage costs only the instructions it touches.
 */
import { describe, expect, it } from 'vitest';
import { createGuacParser } from '../../../../shared/formats/guacamole/parser';
import { GUAC_CORPUS_SKIP_REASON, guacCorpusBytes, guacCorpusFiles, guacCorpusPresent, prng, runGuac, utf8, type GuacRun } from './helpers';

/** Bytes that matter to the syntax, and UTF-8 leads and continuations. */
const SPECIAL = [0x2c, 0x3b, 0x2e, 0x30, 0x31, 0x39, 0xc3, 0xa9, 0xf0, 0x9f, 0x0a, 0xef];

function mutate(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const out = Array.from(bytes);
  const edits = 1 + Math.floor(rnd() * 6);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(rnd() * out.length);
    const kind = Math.floor(rnd() * 5);
    if (kind === 0) out[at] = Math.floor(rnd() * 256);
    else if (kind === 1) out.splice(at, Math.floor(rnd() * 40));
    else if (kind === 2) out.splice(at, 0, ...out.slice(Math.max(0, at - 30), at));
    else if (kind === 3) out.length = at;
    else out[at] = SPECIAL[Math.floor(rnd() * SPECIAL.length)]!;
  }
  return new Uint8Array(out);
}

function randomCuts(length: number, rnd: () => number): number[] {
  return Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => Math.floor(rnd() * length));
}

/** Emitted instructions are in order, end in ';', and each one alone parses to itself. */
function expectSound(bytes: Uint8Array, run: GuacRun, label: string): void {
  let previousEnd = 0;
  for (const ins of run.instructions) {
    expect(ins.offsetBytes, label).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = ins.offsetBytes + ins.lengthBytes;
    expect(previousEnd, label).toBeLessThanOrEqual(bytes.length);
    expect(bytes[previousEnd - 1], label).toBe(0x3b);
    const alone = runGuac(bytes.slice(ins.offsetBytes, previousEnd));
    expect(alone.warnings, label).toEqual([]);
    expect(alone.instructions.map((i) => [i.opcode, i.args]), label).toEqual([[ins.opcode, ins.args]]);
  }
  for (const w of run.warnings) {
    expect(w.offsetBytes, label).toBeGreaterThanOrEqual(0);
    expect(w.offsetBytes, label).toBeLessThanOrEqual(bytes.length);
  }
  expect(run.warnings.length, label).toBeLessThanOrEqual(101);
}

const SEEDS = [
  '4.name,12.Tést 😀 title;4.sync,6.695078,1.0;3.img,1.1,2.14,1.0,9.image/png,1.0,1.0;4.blob,1.1,8.iVBORw0K;3.end,1.1;',
  '3.key,5.65293,1.1,6.705484;5.mouse,3.100,3.200,1.1,6.705500;4.sync,6.706440,1.0;3.log,5.日本語🎉é;',
];

describe('mutation fuzz', () => {
  it('mutated synthetic dumps', () => {
    const rnd = prng(7);
    for (let k = 0; k < 1500; k++) {
      const bytes = mutate(utf8(SEEDS[k % SEEDS.length]!), rnd);
      const label = `mutation ${k}: ${Buffer.from(bytes).toString('latin1')}`;
      const whole = runGuac(bytes, [], { maxElementCodePoints: 64 });
      expect(runGuac(bytes, randomCuts(bytes.length, rnd), { maxElementCodePoints: 64 }), label).toEqual(whole);
      expectSound(bytes, whole, label);
    }
  });

  it.skipIf(!guacCorpusPresent)(`mutated windows of the corpus${guacCorpusPresent ? '' : ` (${GUAC_CORPUS_SKIP_REASON})`}`, () => {
    const rnd = prng(11);
    const files = guacCorpusFiles().map((name) => guacCorpusBytes(name));
    for (let k = 0; k < 120; k++) {
      const file = files[k % files.length]!;
      const from = Math.floor(rnd() * (file.length - 1));
      const bytes = mutate(file.subarray(from, from + 1024 + Math.floor(rnd() * 30000)), rnd);
      const label = `file ${k % files.length}, window at ${from}, mutation ${k}`;
      const whole = runGuac(bytes);
      expect(runGuac(bytes, randomCuts(bytes.length, rnd)), label).toEqual(whole);
      expectSound(bytes, whole, label);
    }
  });

  it.skipIf(!guacCorpusPresent)('one changed byte costs at most the instructions next to it', () => {
    const rnd = prng(13);
    for (const name of guacCorpusFiles()) {
      const original = guacCorpusBytes(name);
      const count = runGuac(original).instructions.length;
      for (let k = 0; k < 60; k++) {
        const bytes = original.slice();
        const at = Math.floor(rnd() * bytes.length);
        bytes[at] = k % 2 ? SPECIAL[k % SPECIAL.length]! : Math.floor(rnd() * 256);
        const run = runGuac(bytes);
        expect(run.instructions.length, `${name}: byte ${at} set to ${bytes[at]}`).toBeGreaterThanOrEqual(count - 2);
        expect(run.warnings.length, `${name}: byte ${at} set to ${bytes[at]}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('random bytes end promptly, in any chunking', () => {
    const rnd = prng(17);
    for (let k = 0; k < 50; k++) {
      const bytes = new Uint8Array(20000).map(() => (rnd() < 0.3 ? SPECIAL[Math.floor(rnd() * SPECIAL.length)]! : Math.floor(rnd() * 256)));
      const whole = runGuac(bytes);
      expect(runGuac(bytes, randomCuts(bytes.length, rnd))).toEqual(whole);
      expectSound(bytes, whole, `random ${k}`);
    }
  });

  // Each `3.abc,90000.` claims 90 000 code points, runs over many later instructions and fails; the
  // non-ASCII makes skipping mean counting. Unbudgeted rescans took 21 s per MB here.
  it('wrong lengths that overlap do not make the time quadratic', { timeout: 10_000 }, () => {
    const bytes = utf8('3.abc,90000.1.a;1.é;'.repeat(200_000));
    const run = runGuac(bytes);
    expect(run.instructions.length).toBeGreaterThan(0);
    expect(run.warnings[0]?.code).toBe('BAD_INSTRUCTION');
  });

  it('push after end starts a new stream rather than throwing', () => {
    const names: string[] = [];
    const parser = createGuacParser({ instruction: (i) => names.push(i.opcode), warning: () => undefined });
    parser.push(utf8('4.sync,1.0;4.sy'));
    parser.end();
    parser.push(utf8('3.end,1.1;'));
    parser.end();
    expect(names).toEqual(['sync', 'end']);
  });
});
