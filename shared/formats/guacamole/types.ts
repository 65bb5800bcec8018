/**
 * The Guacamole protocol as Trailview reads it. A dump is a sequence of instructions
 * `LENGTH.VALUE,LENGTH.VALUE,...;` where LENGTH counts Unicode code points (not bytes, not UTF-16 units).
 * The first element is the opcode. Parsers are streaming: bytes in any split give identical calls.
 */
import type { Warning } from '../../model';

/**
 * One complete instruction, handed to the sink during `push`. The object and its byte views are reused:
 * copy what you keep (call `arg(i)` for a string) before the callback returns. An i out of range gives
 * '' from arg, NaN from num and an empty array from argBytes.
 */
export interface RawInstruction {
  readonly opcode: string;
  /** Elements after the opcode. */
  readonly argCount: number;
  /** Element i (0-based, after the opcode), decoded as UTF-8. */
  arg(i: number): string;
  /**
   * Element i as a number (`Number(arg(i))`, but NaN when it is empty or not one); plain integers and
   * decimals (up to 15 digits) are read from the bytes without building a string.
   */
  num(i: number): number;
  /** Element i's UTF-8 bytes: a view valid only during the callback. */
  argBytes(i: number): Uint8Array;
  /** Byte offset of the instruction's first byte in the (decompressed) stream. */
  readonly offsetBytes: number;
  /** Bytes from the first length digit through the terminating ';'. */
  readonly lengthBytes: number;
}

export interface GuacSink {
  instruction(ins: RawInstruction): void;
  /** Malformed input: the parser resynchronises after the next ';' and goes on. */
  warning(w: Warning): void;
}

export interface GuacStreamParser {
  push(chunk: Uint8Array): void;
  /** No more input: a cut-off last instruction becomes a TRUNCATED warning. */
  end(): void;
  /** Bytes consumed so far (the offset the next push starts at). */
  readonly offsetBytes: number;
}

export interface GuacParserOptions {
  /** Longest element accepted, in code points (default 16 Mi); longer ones are skipped with an OVERSIZED warning. */
  maxElementCodePoints?: number;
  /** Warnings after this many are dropped, with one TOO_MANY_WARNINGS warning (default 100). */
  maxWarnings?: number;
  /**
   * A native test for "every byte < 0x80" (Node's `buffer.isAscii`, ~10 GB/s): with it, the parser skips
   * a chunk's base64 by arithmetic without first scanning it in JS (~2 GB/s; that scan was ~10% of a fast
   * pass's CPU profile).
   */
  isAscii?: (bytes: Uint8Array) => boolean;
}

/** A parsed instruction from protocol text (the renderer's side, chunks arrive as strings). */
export interface TextInstruction {
  opcode: string;
  args: string[];
  /** UTF-16 offsets of the instruction in the text: [start, end), end just past its ';'. */
  start: number;
  end: number;
}
