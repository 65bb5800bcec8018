/**
 * Guacamole instructions from protocol text already held in a JS string (the renderer receives chunks
 * as strings). Lengths count code points, so a surrogate pair is one; text without surrogates (the
 * usual case) is sliced by arithmetic. Stateless: the caller keeps the unparsed tail and prepends it
 * to the next chunk. Malformed input is handled like the byte parser does: a warning, then a skip to
 * the next ';' that starts just after the bad instruction's first character; candidates after a skip
 * that fail are skipped silently.
 */
import type { TextInstruction } from './types';

const SURROGATE = /[\ud800-\udfff]/g;
const MAX_LENGTH_DIGITS = 15;

/**
 * Calls onInstruction for each complete instruction in `text` and returns the UTF-16 offset where
 * parsing stopped: the start of a cut-off last instruction, or text.length when everything was read
 * (skipped garbage included).
 */
export function parseGuacText(
  text: string,
  onInstruction: (ins: TextInstruction) => void,
  onWarning?: (message: string, offset: number) => void,
): number {
  const n = text.length;
  // Index of the next surrogate at or after the last search: values before it are sliced by arithmetic.
  let nextSurrogate = -1;
  let p = 0;
  let tentative = false;
  let rescanned = 0;
  instructions: while (p < n) {
    let c = text.charCodeAt(p);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || (p === 0 && c === 0xfeff)) {
      p++;
      continue;
    }
    const start = p;
    let opcode = '';
    const args: string[] = [];
    let problem: string | undefined;
    let problemAt = p;
    for (let k = 0; ; k++) {
      let length = 0;
      const digitsStart = p;
      while (p < n && (c = text.charCodeAt(p)) >= 0x30 && c <= 0x39) {
        length = length * 10 + c - 0x30;
        p++;
      }
      if (p === n) return start;
      problemAt = p;
      if (p === digitsStart) {
        problem = k === 0 ? `expected an instruction (a length digit), found ${describe(text, p)}` : `expected the length of element ${k} of '${opcode}' after ',', found ${describe(text, p)}`;
        break;
      }
      if (c !== 0x2e || p - digitsStart > MAX_LENGTH_DIGITS) {
        problem = `the length of ${k === 0 ? 'the opcode' : `element ${k} of '${opcode}'`} is not followed by '.': found ${describe(text, p)} after "${text.slice(digitsStart, Math.min(p, digitsStart + 20))}"`;
        break;
      }
      const valueStart = ++p;
      if (nextSurrogate < p) nextSurrogate = findSurrogate(text, p);
      if (p + length <= nextSurrogate) {
        p += length;
      } else {
        for (let left = length; left > 0 && p < n; left--) {
          const u = text.charCodeAt(p);
          p += u >= 0xd800 && u <= 0xdbff && p + 1 < n && (text.charCodeAt(p + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
        }
      }
      // The separator must be there too; a high surrogate last in the text may still get its pair.
      if (p >= n) return start;
      const value = text.slice(valueStart, p);
      if (k === 0) opcode = value;
      else args.push(value);
      c = text.charCodeAt(p);
      if (c === 0x3b) {
        p++;
        tentative = false;
        onInstruction({ opcode, args, start, end: p });
        continue instructions;
      }
      if (c !== 0x2c) {
        problemAt = p;
        problem = `${k === 0 ? `the opcode '${opcode}'` : `element ${k} of '${opcode}'`} (declared length ${length}) is followed by ${describe(text, p)}, not ',' or ';' (the length may be wrong)`;
        break;
      }
      p++;
    }
    if (tentative) {
      p = problemAt;
    } else {
      onWarning?.(`offset ${problemAt}: ${problem}`, start);
      // Rescans are budgeted to the text read so far, as in the byte parser: overlapping wrong lengths
      // over text with surrogates would otherwise take quadratic time.
      const rescan = problemAt - start - 1;
      if (problemAt > start && rescanned + rescan <= problemAt) {
        rescanned += rescan;
        p = start + 1;
      } else {
        p = problemAt;
      }
    }
    const semi = text.indexOf(';', p);
    if (semi === -1) return n;
    p = semi + 1;
    tentative = true;
  }
  return p;
}

/** A regex, not a charCodeAt loop: V8 answers at once for one-byte strings and scans two-byte ones natively. */
function findSurrogate(text: string, from: number): number {
  SURROGATE.lastIndex = from;
  return SURROGATE.exec(text)?.index ?? text.length;
}

function describe(text: string, at: number): string {
  const ch = String.fromCodePoint(text.codePointAt(at)!);
  return /^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : JSON.stringify(ch);
}
