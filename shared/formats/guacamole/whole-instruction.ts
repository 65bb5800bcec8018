/**
 * The byte parser's fast path, in one tight loop: an instruction that is whole in the buffer, well
 * formed, with ASCII values (the common case: drawing instructions and base64 blobs). Anything else
 * (cut by the buffer's end, non-ASCII, malformed, oversized) is left to the state machine, which is
 * the reference: this path only ever agrees with it or declines.
 */
import type { AsciiCursor } from './byte-scan';
import { MAX_ELEMENTS, type InstructionView } from './instruction-view';

const BYTE_COMMA = 0x2c;
const BYTE_SEMICOLON = 0x3b;
const BYTE_DOT = 0x2e;

export interface WholeLimits {
  maxElementCodePoints: number;
  maxInstructionBytes: number;
}

/**
 * Reads the instruction at buf[start] into view.bounds (relative to start) and returns the index
 * after its ';' with the element count in view.argCount + 1; -1 when it declines.
 */
export function readWholeInstruction(view: InstructionView, buf: Uint8Array, start: number, end: number, limits: WholeLimits, ascii: AsciiCursor): number {
  let bounds = view.bounds;
  let p = start;
  let k = 0;
  for (;;) {
    let len = buf[p]! - 0x30;
    if (!(len >= 0 && len <= 9)) return -1;
    let c = 0;
    for (p++; ; p++) {
      if (p >= end) return -1;
      c = buf[p]!;
      const d = c - 0x30;
      if (d < 0 || d > 9) break;
      len = len * 10 + d;
    }
    if (c !== BYTE_DOT) return -1;
    const valueStart = p + 1;
    p = valueStart + len;
    if (p >= end || len > limits.maxElementCodePoints || p - start > limits.maxInstructionBytes) return -1;
    if (len > 0 && ascii.highFrom(buf, valueStart, end) < p) return -1;
    if (2 * k + 2 > bounds.length) {
      if (k >= MAX_ELEMENTS) return -1;
      bounds = view.growBounds(k);
    }
    bounds[2 * k] = valueStart - start;
    bounds[2 * k + 1] = p - start;
    k++;
    c = buf[p++]!;
    if (c === BYTE_SEMICOLON) break;
    if (c !== BYTE_COMMA || p >= end) return -1;
  }
  view.argCount = k - 1;
  return p;
}
