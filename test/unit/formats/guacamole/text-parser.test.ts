/**
 * The text parser (protocol held in JS strings) against the byte parser: the same instructions from
 * every corpus file and from damaged input, code points counted the same way, and a cut-off tail
 * handed back so chunks of text can be fed one after another.
 */
import { describe, expect, it } from 'vitest';
import { parseGuacText } from '../../../../shared/formats/guacamole/text-parser';
import type { TextInstruction } from '../../../../shared/formats/guacamole/types';
import { GUAC_CORPUS_SKIP_REASON, guacCorpusBytes, guacCorpusFiles, guacCorpusPresent, prng, runGuac, utf8 } from './helpers';

function parseAll(text: string): { instructions: TextInstruction[]; warnings: [string, number][]; stoppedAt: number } {
  const instructions: TextInstruction[] = [];
  const warnings: [string, number][] = [];
  const stoppedAt = parseGuacText(text, (i) => instructions.push(i), (m, o) => warnings.push([m, o]));
  return { instructions, warnings, stoppedAt };
}

/** The byte parser's instructions, with their offsets turned into UTF-16 offsets of the decoded text. */
function byteParserAsText(bytes: Uint8Array): TextInstruction[] {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const out: TextInstruction[] = [];
  let bytePos = 0;
  let textPos = 0;
  for (const ins of runGuac(bytes).instructions) {
    textPos += decoder.decode(bytes.subarray(bytePos, ins.offsetBytes)).length;
    const start = textPos;
    textPos += decoder.decode(bytes.subarray(ins.offsetBytes, ins.offsetBytes + ins.lengthBytes)).length;
    bytePos = ins.offsetBytes + ins.lengthBytes;
    out.push({ opcode: ins.opcode, args: ins.args, start, end: textPos });
  }
  return out;
}

/** Feeds `text` in pieces cut at `cuts` the way a renderer would: keep the unparsed tail, prepend it to the next piece. */
function parseInPieces(text: string, cuts: number[]): TextInstruction[] {
  const out: TextInstruction[] = [];
  let tail = '';
  let tailStart = 0;
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(text.length)) {
    const held = tail + text.slice(from, cut);
    const base = tailStart;
    const used = parseGuacText(held, (i) => out.push({ ...i, start: i.start + base, end: i.end + base }));
    tail = held.slice(used);
    tailStart = base + used;
    from = cut;
  }
  return out;
}

describe('code points', () => {
  it('a surrogate pair is one code point, as in the README example', () => {
    expect(parseAll('4.name,12.Tést 😀 title;')).toEqual({
      instructions: [{ opcode: 'name', args: ['Tést 😀 title'], start: 0, end: 24 }],
      warnings: [],
      stoppedAt: 24,
    });
  });

  it('lone surrogates count one each', () => {
    expect(parseAll('3.log,3.a\ud800b,2.\udc00c;').instructions.map((i) => i.args)).toEqual([['a\ud800b', '\udc00c']]);
  });

  it('a cut-off instruction is handed back, also when the cut splits a surrogate pair', () => {
    expect(parseAll('4.sync,1.0;3.log,2.a\ud83d').stoppedAt).toBe(11);
    expect(parseAll('4.sync,1.0;3.log,1.\ud83d').stoppedAt).toBe(11);
    expect(parseAll('4.sync,1.0;4.sy').stoppedAt).toBe(11);
    expect(parseAll('4.sync,1.0;  ').stoppedAt).toBe(13);
  });
});

describe('damaged text: warnings, and the byte parser recovers the same instructions', () => {
  const cases = [
    '4.sync,1.0;4.sync,1x5;4.sync,1.2;',
    '4.sync,1.0;4sync,1.1;4.sync,1.2;',
    '4.sync,.5;4.sync,1.2;',
    '4.sync,1.0;4.sync,1.12;4.sync,1.3;',
    '4.sync,1.0;4.sync,9.5;3.key,2.65,1.1;4.sync,1.3;',
    '4.sync,1.0;GARBAGE;4.sync,1.1;',
    '4.sync,1.0;x;y;1.;2.ab;4.sync,1.1;',
    '\ufeff 4.sync,1.0;\r\n4.sync,1.1;\t',
  ];
  for (const text of cases) {
    it(JSON.stringify(text), () => {
      const got = parseAll(text);
      expect(got.instructions).toEqual(byteParserAsText(utf8(text)));
      expect(got.warnings.length).toBe(runGuac(utf8(text)).warnings.length);
      expect(got.stoppedAt).toBe(text.length);
    });
  }

  it('warnings give the bad instruction offset and say what was found', () => {
    expect(parseAll('4.sync,1.0;4.sync,1x5;').warnings).toEqual([["offset 19: the length of element 1 of 'sync' is not followed by '.': found 'x' after \"1\"", 11]]);
  });

  it('wrong lengths that overlap do not make the time quadratic', { timeout: 10_000 }, () => {
    // Unbudgeted rescans took 38 s for this megabyte of text.
    const got = parseAll('3.abc,90000.1.a;1.😀;'.repeat(50_000));
    expect(got.instructions.length).toBeGreaterThan(0);
    expect(got.stoppedAt).toBeGreaterThan(0);
  });

  it('agrees with the byte parser on mutated text', () => {
    const rnd = prng(5);
    const pieces = ['4.sync,1.0;', '3.log,3.a😀é;', '4.name,2.日本;', ',', ';', '.', '1', '9', 'é', '😀', 'x'];
    let compared = 0;
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let n = 0; n < 12; n++) text += pieces[Math.floor(rnd() * pieces.length)];
      const bytes = utf8(text);
      const byteRun = runGuac(bytes);
      const got = parseAll(text);
      // The byte parser rescans a cut-off end; the text parser leaves it to the next call.
      if (got.stoppedAt !== text.length || byteRun.warnings.some((w) => w.code === 'TRUNCATED')) continue;
      compared++;
      expect(got.instructions, text).toEqual(byteParserAsText(bytes));
      expect(got.warnings.length, text).toBe(byteRun.warnings.length);
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe.skipIf(!guacCorpusPresent)(guacCorpusPresent ? 'every corpus file' : GUAC_CORPUS_SKIP_REASON, () => {
  for (const name of guacCorpusFiles()) {
    it(`${name}: same instructions as the byte parser, whole and in pieces`, () => {
      const bytes = guacCorpusBytes(name);
      const text = new TextDecoder().decode(bytes);
      const expected = byteParserAsText(bytes);
      const got = parseAll(text);
      expect(got.warnings).toEqual([]);
      expect(got.stoppedAt).toBe(text.length);
      expect(got.instructions).toEqual(expected);
      const rnd = prng(text.length);
      const cuts = Array.from({ length: 300 }, () => Math.floor(rnd() * text.length));
      // Also between the halves of every surrogate pair.
      for (let i = 0; i < text.length; i++) if ((text.charCodeAt(i) & 0xfc00) === 0xdc00) cuts.push(i);
      expect(parseInPieces(text, cuts)).toEqual(expected);
    });
  }
});
