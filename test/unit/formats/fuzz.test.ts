/**
 * Mutated real recordings (bytes flipped, ranges cut or repeated): the parser must end with a typed
 * result — events and warnings, or a TrailviewError — never another exception or a hang, and the
 * outcome must not depend on the chunking.
 */
import { expect, it } from 'vitest';
import { CORPUS_SKIP_REASON, corpusBytes, corpusPresent, prng, runChunked, runSplit, utf8 } from './helpers';

function mutate(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const out = Array.from(bytes);
  const edits = 1 + Math.floor(rnd() * 6);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(rnd() * out.length);
    const kind = Math.floor(rnd() * 4);
    if (kind === 0) out[at] = Math.floor(rnd() * 256);
    else if (kind === 1) out.splice(at, Math.floor(rnd() * 40));
    else if (kind === 2) out.splice(at, 0, ...out.slice(Math.max(0, at - 30), at));
    else out[at] = [0x22, 0x5c, 0x5b, 0x5d, 0x7b, 0x7d, 0x0a, 0x2c, 0x3a][Math.floor(rnd() * 9)] as number;
  }
  return new Uint8Array(out);
}

const SEEDS = [
  '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "a\\u001b[1mé"]\n[1, "i", "x"]\n[1.5, "m", "mark"]\n[2, "r", "90x30"]\n[3, "x", "0"]\n',
  '{"version": 3, "term": {"cols": 80, "rows": 24}}\n# c\n[0.5, "o", "日本"]\n\n[1, "o", "🎉"]\n',
  '{"version": 1, "width": 80, "height": 24, "stdout": [[0.5, "a\\"b"], [0.5, "c"], [1, "d"]]}',
  '{"0.5": "a", "10.25": "c\\r\\n", "2.0": "b"}',
];

it('mutated synthetic recordings of every format', () => {
  const rnd = prng(2024);
  for (let k = 0; k < 1500; k++) {
    const bytes = mutate(utf8(SEEDS[k % SEEDS.length] as string), rnd);
    const whole = runSplit(bytes); // throws if the parser throws anything but a TrailviewError
    const chunked = runChunked(bytes, 1 + (k % 7));
    expect(chunked, `seed ${k % SEEDS.length}, mutation ${k}: ${new TextDecoder().decode(bytes)}`).toEqual(whole);
  }
});

it.skipIf(!corpusPresent)('mutated corpus files', () => {
  const rnd = prng(99);
  for (const name of ['01-v1-demo-vim.json', '02-v2-demo-input.cast', '04-v3-full-term-theme-input-resize.cast', '05-v3-comments-blank-lines.cast']) {
    const original = corpusBytes(name);
    for (let k = 0; k < 150; k++) {
      const bytes = mutate(original, rnd);
      expect(runChunked(bytes, 1 + Math.floor(rnd() * 500)), `${name} mutation ${k}`).toEqual(runSplit(bytes));
    }
  }
});

if (!corpusPresent) it.skip(`mutated corpus files: ${CORPUS_SKIP_REASON}`, () => {});
