/**
 * The reused RawInstruction the byte parser hands to its sink: element bounds over a buffer it does not
 * own, decoded only on request. Opcodes are interned so the hot path allocates nothing per instruction.
 */
import { decodeUtf8 } from '../bytes';
import type { RawInstruction } from './types';

const EMPTY = new Uint8Array(0);

/** Powers of ten that are exact doubles: mantissa / 10^k with both exact is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Most significant digits whose integer value is exact in a double (2^53 has 16 digits). */
const MAX_FAST_DIGITS = 15;

/** Elements per instruction, opcode included: guacd's own parser takes 128, so this is generous. */
export const MAX_ELEMENTS = 65536;

export class InstructionView implements RawInstruction {
  opcode = '';
  argCount = 0;
  offsetBytes = 0;
  lengthBytes = 0;
  /** The buffer that holds the whole instruction, and the index of its first byte there. */
  buf: Uint8Array = EMPTY;
  base = 0;
  /** [start, end) of every element's value relative to the instruction's first byte; element 0 is the opcode. */
  bounds: Int32Array = new Int32Array(32);

  /** Room for element k's bounds, doubling the array when needed. */
  growBounds(k: number): Int32Array {
    if (2 * k + 2 > this.bounds.length) {
      const grown = new Int32Array(Math.max(this.bounds.length * 2, 2 * k + 2));
      grown.set(this.bounds);
      this.bounds = grown;
    }
    return this.bounds;
  }

  arg(i: number): string {
    if (!(i >= 0 && i < this.argCount)) return '';
    const start = this.base + this.bounds[2 * i + 2]!;
    return decodeSpan(this.buf, start, this.base + this.bounds[2 * i + 3]!);
  }

  num(i: number): number {
    if (!(i >= 0 && i < this.argCount)) return NaN;
    const buf = this.buf;
    let p = this.base + this.bounds[2 * i + 2]!;
    const end = this.base + this.bounds[2 * i + 3]!;
    const negative = buf[p] === 0x2d;
    if (negative) p++;
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = -1;
    for (; p < end; p++) {
      const d = buf[p]! - 0x30;
      if (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        if (fractionDigits >= 0) fractionDigits++;
      } else if (d === -2 && fractionDigits < 0) {
        fractionDigits = 0;
      } else {
        return this.slowNum(i);
      }
    }
    if (digits === 0 || digits > MAX_FAST_DIGITS) return this.slowNum(i);
    const value = fractionDigits > 0 ? mantissa / POW10[fractionDigits]! : mantissa;
    return negative ? -value : value;
  }

  argBytes(i: number): Uint8Array {
    if (!(i >= 0 && i < this.argCount)) return EMPTY;
    return this.buf.subarray(this.base + this.bounds[2 * i + 2]!, this.base + this.bounds[2 * i + 3]!);
  }

  /** Exponents, '+', more than 15 digits, spaces: rare, so Number() on the decoded text decides. */
  private slowNum(i: number): number {
    const text = this.arg(i);
    return text.trim() === '' ? NaN : Number(text);
  }
}

/** Short ASCII is built directly: TextDecoder's per-call cost dominates for a few bytes. */
function decodeSpan(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let text = '';
    for (let p = start; p < end; p++) {
      const c = buf[p]!;
      if (c >= 0x80) return decodeUtf8(buf.subarray(start, end));
      text += String.fromCharCode(c);
    }
    return text;
  }
  return decodeUtf8(buf.subarray(start, end));
}

const OPCODE_SLOTS = 256;
/** Longer opcodes are not real ones (the longest known is 10 bytes): decode them without caching. */
const MAX_INTERNED_BYTES = 32;

/** A small direct-mapped cache from opcode bytes to the one string for them. */
export class OpcodeCache {
  private readonly keys: (Uint8Array | undefined)[] = new Array(OPCODE_SLOTS);
  private readonly values: string[] = new Array<string>(OPCODE_SLOTS).fill('');

  get(buf: Uint8Array, start: number, end: number): string {
    const size = end - start;
    if (size > MAX_INTERNED_BYTES) return decodeUtf8(buf.subarray(start, end));
    let hash = size;
    for (let p = start; p < end; p++) hash = (Math.imul(hash, 31) + buf[p]!) | 0;
    const slot = (hash ^ (hash >>> 8)) & (OPCODE_SLOTS - 1);
    const key = this.keys[slot];
    if (key !== undefined && key.length === size) {
      let same = true;
      for (let k = 0; k < size; k++) {
        if (key[k] !== buf[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return this.values[slot]!;
    }
    const value = decodeUtf8(buf.subarray(start, end));
    this.keys[slot] = buf.slice(start, end);
    this.values[slot] = value;
    return value;
  }
}
