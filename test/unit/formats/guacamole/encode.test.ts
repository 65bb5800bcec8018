/** The encoder writes what guacd writes (code-point lengths), and both parsers read it back. */
import { describe, expect, it } from 'vitest';
import { codePointLength, encodeInstruction } from '../../../../shared/formats/guacamole/encode';
import { parseGuacText } from '../../../../shared/formats/guacamole/text-parser';
import type { TextInstruction } from '../../../../shared/formats/guacamole/types';
import { prng, runGuacText } from './helpers';

const ALPHABET = ['a', 'Z', '0', '9', ',', ';', '.', ' ', 'é', '日', '😀', '\n', '\u0000', '\ufeff'];

function randomString(rnd: () => number, alphabet = ALPHABET): string {
  let s = '';
  for (let n = Math.floor(rnd() * 8); n > 0; n--) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

describe('encodeInstruction', () => {
  it('writes the README example with 12 as the length', () => {
    expect(encodeInstruction('name', ['Tést 😀 title'])).toBe('4.name,12.Tést 😀 title;');
  });

  it('writes numbers as their decimal text, and instructions without arguments', () => {
    expect(encodeInstruction('sync', [695078, 0])).toBe('4.sync,6.695078,1.0;');
    expect(encodeInstruction('size', [-1, 1.5, ''])).toBe('4.size,2.-1,3.1.5,0.;');
    expect(encodeInstruction('nop', [])).toBe('3.nop;');
  });

  it('codePointLength counts what string iteration counts', () => {
    const rnd = prng(3);
    for (let k = 0; k < 500; k++) {
      const s = randomString(rnd, [...ALPHABET, '\ud800', '\udc00']);
      expect(codePointLength(s), JSON.stringify(s)).toBe([...s].length);
    }
  });

  it('round-trips through the byte parser and the text parser', () => {
    const rnd = prng(4);
    for (let k = 0; k < 500; k++) {
      const opcode = ['log', 'clipboard', 'name', 'key'][k % 4]!;
      const args = Array.from({ length: Math.floor(rnd() * 5) }, () => randomString(rnd));
      const encoded = encodeInstruction(opcode, args) + encodeInstruction('sync', [k]);
      const bytes = runGuacText(encoded);
      expect(bytes.warnings).toEqual([]);
      expect(bytes.instructions.map((i) => [i.opcode, i.args])).toEqual([[opcode, args], ['sync', [String(k)]]]);
      const text: TextInstruction[] = [];
      expect(parseGuacText(encoded, (i) => text.push(i))).toBe(encoded.length);
      expect(text.map((i) => [i.opcode, i.args])).toEqual([[opcode, args], ['sync', [String(k)]]]);
    }
  });

  it('lone surrogates survive the text parser', () => {
    const encoded = encodeInstruction('log', ['a\ud800', '\udc00b😀']);
    const text: TextInstruction[] = [];
    parseGuacText(encoded, (i) => text.push(i));
    expect(text[0]?.args).toEqual(['a\ud800', '\udc00b😀']);
  });
});
