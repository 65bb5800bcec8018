/**
 * Parsers take chunks in any split: feeding the same bytes cut at different offsets must produce the
 * same sink calls (headers, events, warnings with their lines and offsets) as feeding them whole.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS_SKIP_REASON, corpusBytes, corpusFiles, corpusPresent, prng, runChunked, runSplit, utf8, type RunResult } from './helpers';

const SMALL_BYTES = 8 * 1024;

/** Offsets worth cutting at: around every LF, every non-ASCII byte, every backslash, the detection window. */
function boundaryOffsets(bytes: Uint8Array, limit: number): number[] {
  const out = new Set<number>([1, 2, 3, 4, 65535, 65536, 65537]);
  for (let i = 0; i < bytes.length && out.size < limit; i++) {
    const b = bytes[i] as number;
    if (b === 0x0a || b === 0x5c || b >= 0x80 || b === 0x22) {
      out.add(i);
      out.add(i + 1);
    }
  }
  return [...out];
}

function randomOffsets(length: number, count: number, seed: number): number[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(rnd() * (length - 1)));
}

/** Cheap comparison first; the deep toEqual only runs on a mismatch, to print a readable diff. */
function expectSame(actual: RunResult, expected: RunResult, expectedJson: string, label: string): void {
  if (JSON.stringify(actual) !== expectedJson) expect(actual, label).toEqual(expected);
}

function expectSplitInvariant(bytes: Uint8Array, label: string): void {
  const whole = runSplit(bytes);
  const wholeJson = JSON.stringify(whole);
  if (bytes.length <= SMALL_BYTES) {
    for (let cut = 1; cut < bytes.length; cut++) expectSame(runSplit(bytes, [cut]), whole, wholeJson, `${label} cut at byte ${cut}`);
    expectSame(runChunked(bytes, 1), whole, wholeJson, `${label} in 1-byte chunks`);
    for (let k = 0; k < 20; k++) expectSame(runSplit(bytes, randomOffsets(bytes.length, 12, k)), whole, wholeJson, `${label} random cuts #${k}`);
    return;
  }
  // Big inputs: hundreds of random cuts per run, plus cuts at every interesting boundary.
  for (let k = 0; k < 4; k++) expectSame(runSplit(bytes, randomOffsets(bytes.length, 300, 100 + k)), whole, wholeJson, `${label} random cuts #${k}`);
  expectSame(runSplit(bytes, boundaryOffsets(bytes, 3000)), whole, wholeJson, `${label} boundary cuts`);
  for (let k = 0; k < 12; k++) {
    const cut = randomOffsets(bytes.length, 1, 500 + k);
    expectSame(runSplit(bytes, cut), whole, wholeJson, `${label} single cut at ${cut[0]}`);
  }
  expectSame(runChunked(bytes, 4093), whole, wholeJson, `${label} in 4093-byte chunks`);
}

describe('split invariance: synthetic inputs with multi-byte UTF-8, warnings and odd layouts', () => {
  const cases: Record<string, string> = {
    'v2 with é, CJK and emoji': '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "café 日本語 🎉👩‍💻"]\n[1.25, "o", "\\u001b[1mbold\\u001b[0m é"]\n[2, "i", "ü"]\n',
    'v3 with comments, blank lines and CRLF': '{"version": 3, "term": {"cols": 90, "rows": 30}}\r\n# a comment ✓\r\n\r\n[0.5, "o", "ĳ🎉"]\r\n[0.25, "m", ""]\r\n[0.25, "r", "100x40"]\r\n[1, "x", "0"]\r\n',
    'v2 with bad lines (warnings carry lines and offsets)':
      '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "ok é"]\n[abc\n["x", "o", "t"]\n[1, "o", 5]\n[1, "r", "80-24"]\n[0.2, "o", "late 🎉"]\n[3, "o"]\n[4, "o", "cut',
    'v1 pretty-printed with UTF-8': JSON.stringify({ version: 1, width: 100, height: 30, title: 'ü', env: { TERM: 'xterm' }, stdout: [[0.1, 'é\r\n'], [0.2, '日本語'], [1, '🎉 done']] }, null, 2),
    'v1 compact, stdout first, a bad frame': '{"stdout":[[0.5,"a\\"b"],[-1,"neg"],[0.5,"ü"],[1,2]],"version":1,"width":20,"height":5}',
    'koko with unsorted keys and UTF-8': '{"0.500000":"$ ","10.250000":"bye 🎉\\r\\n","2.000000":"ls é\\r\\n","abc":"x"}',
    'BOM before a v2 header': '\ufeff{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "x"]\n',
  };
  for (const [label, text] of Object.entries(cases)) {
    it(label, () => {
      const bytes = utf8(text);
      const whole = runSplit(bytes);
      expect(whole.error).toBeUndefined();
      expect(whole.events.length).toBeGreaterThan(0);
      expectSplitInvariant(bytes, label);
    });
  }

  it('a 3 MB single event line fed in 1 KiB chunks', () => {
    const data = 'ab\u00e9\u65e5'.repeat(450_000);
    const bytes = utf8(`{"version": 2, "width": 80, "height": 24}\n${JSON.stringify([1.5, 'o', data])}\n[2, "o", "z"]\n`);
    expect(bytes.length).toBeGreaterThan(3_000_000);
    const r = runChunked(bytes, 1024);
    expect(r.events).toEqual([
      { timeMs: 1500, code: 'o', data },
      { timeMs: 2000, code: 'o', data: 'z' },
    ]);
    expect(runChunked(bytes, 333_333)).toEqual(r);
  });
});

describe.skipIf(!corpusPresent)('split invariance: the corpus', () => {
  it.each(corpusFiles())('%s', (name) => {
    expectSplitInvariant(corpusBytes(name), name);
  });
});

if (!corpusPresent) it.skip(`split invariance on the corpus: ${CORPUS_SKIP_REASON}`, () => {});
