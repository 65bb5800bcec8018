/**
 * What the byte parser makes of well-formed input: code-point lengths, the lazy accessors of the
 * reused instruction view, and every corpus file checked against facts found without the parser
 * (a regex count of each opcode, the README's durations and strings, the file size).
 */
import { describe, expect, it } from 'vitest';
import { createGuacParser } from '../../../../shared/formats/guacamole/parser';
import type { RawInstruction } from '../../../../shared/formats/guacamole/types';
import { GUAC_CORPUS_SKIP_REASON, guacCorpusBytes, guacCorpusFiles, guacCorpusPresent, runGuac, runGuacText, utf8 } from './helpers';

/** Runs the parser and applies `read` to each instruction while the view is valid. */
function readAll<T>(text: string, read: (ins: RawInstruction) => T): T[] {
  const out: T[] = [];
  const parser = createGuacParser({ instruction: (ins) => out.push(read(ins)), warning: (w) => out.push(w as T) });
  parser.push(utf8(text));
  parser.end();
  return out;
}

describe('code-point lengths', () => {
  it('reads the README example: 12 code points, not 13 UTF-16 units or 17 bytes', () => {
    const run = runGuacText('4.name,12.Tést 😀 title;');
    expect(run.warnings).toEqual([]);
    expect(run.instructions).toEqual([{ opcode: 'name', args: ['Tést 😀 title'], offsetBytes: 0, lengthBytes: 27 }]);
  });

  it('a length counted in UTF-16 units or bytes is malformed', () => {
    expect(runGuacText('4.name,13.Tést 😀 title;').instructions).toEqual([]);
    expect(runGuacText('4.name,17.Tést 😀 title;').instructions).toEqual([]);
  });

  it('separators inside values are data, found only by the length', () => {
    const run = runGuacText('9.clipboard,6.a;b,c.,0.,2.😀😀;');
    expect(run.instructions.map((i) => [i.opcode, i.args])).toEqual([['clipboard', ['a;b,c.', '', '😀😀']]]);
  });

  it('offsets and sizes are in bytes of the stream', () => {
    const run = runGuacText('3.log,2.éé;4.sync,1.5;');
    expect(run.instructions.map((i) => [i.offsetBytes, i.lengthBytes])).toEqual([[0, 13], [13, 11]]);
  });
});

describe('the instruction view', () => {
  it('num() agrees with Number(arg) for integers, decimals, signs and non-numbers', () => {
    const values = ['0', '42', '-1', '695078', '3.25', '-0.5', '.5', '1.', '007', '123456789012345', '12345678901234567890', '1e3', ' 7', 'abc', '-', '.', '', '0x10', '+5', '1.2.3'];
    const text = `3.arc,${values.map((v) => `${[...v].length}.${v}`).join(',')};`;
    const [nums] = readAll(text, (ins) => values.map((_, i) => ins.num(i)));
    const expected = values.map((v) => (v.trim() === '' ? NaN : Number(v)));
    expect(nums).toEqual(expected);
  });

  it('arg/argBytes/num out of range give empty values, not exceptions', () => {
    const [got] = readAll('4.sync,1.5;', (ins) => [ins.argCount, ins.arg(1), ins.arg(-1), ins.argBytes(3).length, ins.num(1)]);
    expect(got).toEqual([1, '', '', 0, NaN]);
  });

  it('argBytes is the UTF-8 of the element', () => {
    const [bytes] = readAll('3.log,3.a😀b,0.;', (ins) => [Array.from(ins.argBytes(0)), ins.argBytes(1).length]);
    expect(bytes).toEqual([Array.from(utf8('a😀b')), 0]);
  });

  it('one opcode string per opcode, whatever the chunk it came from', () => {
    const opcodes = readAll('4.sync,1.1;4.sync,1.2;3.key,1.1,1.1;', (ins) => ins.opcode);
    expect(opcodes).toEqual(['sync', 'sync', 'key']);
  });
});

/** Instructions per opcode found by a regex: base64 and numbers hold no ';', so `;N.op,` starts an instruction. */
function regexHistogram(bytes: Uint8Array): Record<string, number> {
  const text = Buffer.from(bytes).toString('latin1');
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/(?:^|;)(\d+)\.([a-z]+)[,;]/g)) {
    if (Number(m[1]) === m[2]!.length) counts[m[2]!] = (counts[m[2]!] ?? 0) + 1;
  }
  return counts;
}

describe.skipIf(!guacCorpusPresent)(guacCorpusPresent ? 'every corpus file against independent facts' : GUAC_CORPUS_SKIP_REASON, () => {
  for (const name of guacCorpusFiles()) {
    it(`${name}: opcodes as counted by a regex, instructions tile the file`, () => {
      const bytes = guacCorpusBytes(name);
      const run = runGuac(bytes);
      expect(run.warnings).toEqual([]);
      const counts: Record<string, number> = {};
      for (const ins of run.instructions) counts[ins.opcode] = (counts[ins.opcode] ?? 0) + 1;
      expect(counts).toEqual(regexHistogram(bytes));
      let at = 0;
      for (const ins of run.instructions) {
        expect(ins.offsetBytes).toBe(at);
        expect(bytes[at + ins.lengthBytes - 1]).toBe(0x3b);
        at += ins.lengthBytes;
      }
      expect(at).toBe(bytes.length);
    });
  }

  const syncSpanSeconds = (name: string): number => {
    const syncs = runGuac(guacCorpusBytes(name)).instructions.filter((i) => i.opcode === 'sync');
    return (Number(syncs.at(-1)!.args[0]) - Number(syncs[0]!.args[0])) / 1000;
  };

  it('durations the README gives: VNC 8.3 s, SSH 11.4 s, clock starting near 669721', () => {
    expect(syncSpanSeconds('guacd160-vnc-xterm-keys.guac')).toBeCloseTo(8.3, 1);
    expect(syncSpanSeconds('guacd160-ssh-keys.guac')).toBeCloseTo(11.4, 1);
    const first = runGuac(guacCorpusBytes('guacd160-vnc-xterm-keys.guac')).instructions.find((i) => i.opcode === 'sync');
    expect(Math.abs(Number(first!.args[0]) - 669721)).toBeLessThan(1000);
  });

  it('the gzip copy parses to the same instructions as the plain VNC dump', () => {
    expect(runGuac(guacCorpusBytes('guacd160-vnc-xterm-keys.replay.gz'))).toEqual(runGuac(guacCorpusBytes('guacd160-vnc-xterm-keys.guac')));
  });
});
