/**
 * Content sniffing for Guacamole protocol dumps. A dump starts (after an optional BOM and whitespace)
 * with a syntactically valid instruction whose opcode is a Guacamole one; the next few instructions
 * must be valid too. A head cut inside an instruction is fine when what is there is consistent.
 * Written independently of the streaming parser on purpose: the tests use each to check the other.
 */
import { bomLength, decodeUtf8, excerpt } from '../bytes';
import type { Detection } from '../types';

/** Every opcode of the Guacamole protocol (1.0 to 1.6), plus the legacy png/jpeg drawing ones. */
export const GUACAMOLE_OPCODES: ReadonlySet<string> = new Set([
  // drawing
  'arc', 'cfill', 'clip', 'close', 'copy', 'cstroke', 'cursor', 'curve', 'dispose', 'distort', 'identity',
  'lfill', 'line', 'lstroke', 'move', 'pop', 'push', 'rect', 'reset', 'set', 'shade', 'size', 'start',
  'transfer', 'transform', 'png', 'jpeg',
  // streams and objects
  'ack', 'argv', 'audio', 'blob', 'clipboard', 'end', 'file', 'img', 'nest', 'pipe', 'video', 'body',
  'filesystem', 'get', 'put', 'undefine',
  // handshake and control
  'args', 'ready', 'select', 'connect', 'image', 'timezone', 'name', 'required', 'error', 'disconnect',
  'log', 'msg', 'nop', 'sync', 'mouse', 'key', 'touch',
]);

/** How many instructions must check out (or all of the head, if it holds fewer). */
const INSTRUCTIONS_CHECKED = 8;
const MAX_LENGTH_DIGITS = 10;

export function detectGuacamole(head: Uint8Array): Detection {
  if (head.length === 0) return no('is empty');
  if (head[0] === 0x1f && head[1] === 0x8b) return no('starts with bytes 1f 8b: gzip-compressed data, to be decompressed before detection');
  let p = skipSpace(head, bomLength(head));
  if (p === head.length) return no('holds only whitespace');
  const first = head[p]!;
  if (!isDigit(first)) {
    const json = first === 0x7b || first === 0x5b ? ' (JSON, such as an asciicast recording)' : '';
    return no(`starts with ${describeByte(first)} at byte ${p}${json}, not the length of a Guacamole instruction`);
  }
  for (let n = 0; n < INSTRUCTIONS_CHECKED && p < head.length; n++) {
    const result = checkInstruction(head, p, n === 0);
    if (typeof result === 'string') return no(result);
    if (result === END_OF_HEAD) break;
    p = skipSpace(head, result);
  }
  return { ok: true, format: 'guacamole' };
}

const END_OF_HEAD = -1;

/** Checks the instruction at `start`: the offset just past its ';', END_OF_HEAD, or why it is not one. */
function checkInstruction(head: Uint8Array, start: number, first: boolean): number | string {
  const which = first ? 'the first instruction' : `the instruction at byte ${start}`;
  let p = start;
  for (let k = 0; ; k++) {
    const element = k === 0 ? `the opcode of ${which}` : `element ${k} of ${which}`;
    let length = 0;
    const digitsStart = p;
    while (p < head.length && isDigit(head[p]!)) length = length * 10 + head[p++]! - 0x30;
    if (p === head.length) return first && k === 0 ? `ends inside the opcode of the first instruction (byte ${start})` : END_OF_HEAD;
    if (p === digitsStart) return `${element} has no length: found ${describeByte(head[p]!)} at byte ${p}`;
    if (p - digitsStart > MAX_LENGTH_DIGITS) return `${element} has a ${p - digitsStart}-digit length at byte ${digitsStart}`;
    if (head[p] !== 0x2e) return `the length of ${element} is followed by ${describeByte(head[p]!)} at byte ${p}, not '.'`;
    const valueStart = ++p;
    // Lengths count code points: every byte that is not a UTF-8 continuation byte starts one.
    for (let left = length; p < head.length && (left > 0 || (head[p]! & 0xc0) === 0x80); p++) {
      if ((head[p]! & 0xc0) !== 0x80) left--;
    }
    if (p === head.length) return first && k === 0 ? `ends inside the opcode of the first instruction (byte ${start})` : END_OF_HEAD;
    if (k === 0 && first) {
      const opcode = decodeUtf8(head.subarray(valueStart, p));
      if (!GUACAMOLE_OPCODES.has(opcode)) return `the first instruction's opcode "${excerpt(opcode, 32)}" (byte ${valueStart}) is not a Guacamole opcode`;
    }
    const sep = head[p]!;
    if (sep === 0x3b) return p + 1;
    if (sep !== 0x2c) {
      return `${element} (length ${length} at byte ${digitsStart}) is followed by ${describeByte(sep)} at byte ${p}, not ',' or ';'`;
    }
    p++;
  }
}

function skipSpace(head: Uint8Array, p: number): number {
  while (p < head.length && (head[p] === 0x20 || head[p] === 0x0a || head[p] === 0x0d || head[p] === 0x09)) p++;
  return p;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

function no(reason: string): Detection {
  return { ok: false, reason };
}
