/**
 * The streaming Guacamole byte parser: chunks of a dump in any split, complete instructions out.
 *
 * One resumable state machine walks each chunk once. Values are skipped by their declared length in
 * code points: a run of ASCII (found by one scan per chunk, shared by all elements in it) is skipped
 * by arithmetic, and only elements holding non-ASCII bytes are counted byte by byte. An instruction
 * complete in its chunk is handed out as a view of that chunk; only one cut by the chunk's end is
 * copied (the carry), and an oversized one is streamed past without being held at all.
 *
 * Malformed input gives a warning and a resynchronisation: bytes are skipped to the next ';', and what
 * follows is a candidate instruction. The warning goes out (saying how far it skipped) once a
 * candidate parses completely; a candidate that fails is skipped silently, so garbage costs one warning.
 */
import type { Warning, WarningCode } from '../../model';
import { InstructionView, OpcodeCache } from './instruction-view';
import type { GuacParserOptions, GuacSink, GuacStreamParser } from './types';

export function createGuacParser(sink: GuacSink, opts: GuacParserOptions = {}): GuacStreamParser {
  return new GuacParser(sink, opts.maxElementCodePoints ?? DEFAULT_MAX_ELEMENT_CODE_POINTS, opts.maxWarnings ?? 100);
}

export const DEFAULT_MAX_ELEMENT_CODE_POINTS = 16 * 1024 * 1024;

/** Expecting an instruction's first length digit (whitespace between instructions is tolerated). */
const S_START = 0;
/** Expecting the first length digit of an element after ','. */
const S_LEN_FIRST = 1;
/** Inside a length, after at least one digit. */
const S_LEN = 2;
/** Inside a value, `rem` code points still to go. */
const S_VALUE = 3;
/** After a value: ',' or ';' (or trailing UTF-8 continuation bytes of the value's last character). */
const S_SEP = 4;
/** Resynchronising: skipping to the next ';'. */
const S_SKIP = 5;

const BYTE_COMMA = 0x2c;
const BYTE_SEMICOLON = 0x3b;
const BYTE_DOT = 0x2e;
const BOM = [0xef, 0xbb, 0xbf];
const EMPTY = new Uint8Array(0);
/** Cut-off instructions at the end whose held bytes are searched for instructions a wrong length ran over. */
const MAX_END_RESCANS = 4;

class GuacParser implements GuacStreamParser {
  private state = S_START;
  /** Stream offset of the current chunk's first byte. */
  private chunkOffset = 0;
  private buf: Uint8Array = EMPTY;
  /** Index of the next byte >= 0x80 in `buf` at or after the last scan (buf.length when none). */
  private nextHigh = -1;

  // The instruction in progress.
  /** Index in `buf` of its first byte; negative when it began in an earlier chunk (the carry holds -insBase bytes). */
  private insBase = 0;
  private insOffset = 0;
  private elements = 0;
  private lenCodePoints = 0;
  private lenDigits = 0;
  private lenStart = 0;
  private rem = 0;
  private opcode = '';
  /** Oversized: parsed to its end but neither held nor emitted. */
  private discarding = false;
  /** A resynchronisation candidate: failing silently sends the parser back to skipping. */
  private tentative = false;

  private carry = new Uint8Array(0);
  private carryLen = 0;

  private pending: Warning | undefined;
  private warnings = 0;
  private readonly view = new InstructionView();
  private readonly opcodes = new OpcodeCache();
  private readonly maxInstructionBytes: number;

  constructor(
    private readonly sink: GuacSink,
    private readonly maxElementCodePoints: number,
    private readonly maxWarnings: number,
  ) {
    // An element's code points take at most 4 bytes each; the slack covers the lengths and many small elements.
    this.maxInstructionBytes = 4 * maxElementCodePoints + 1024 * 1024;
  }

  get offsetBytes(): number {
    return this.chunkOffset;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.scan(chunk);
    this.chunkOffset += chunk.length;
    this.buf = this.view.buf = EMPTY;
  }

  /** Runs the state machine over `chunk` (whose first byte is at stream offset chunkOffset). */
  private scan(chunk: Uint8Array): void {
    const end = chunk.length;
    this.buf = chunk;
    this.nextHigh = -1;
    if (this.carryLen > 0) this.insBase = -this.carryLen;
    let p = 0;
    while (p < end) {
      switch (this.state) {
        case S_VALUE:
          p = this.skipValue(p, end);
          break;
        case S_START: {
          const q = this.fast(p, end);
          p = q >= 0 ? q : this.start(p);
          break;
        }
        case S_LEN_FIRST: {
          const d = chunk[p]! - 0x30;
          if (d >= 0 && d <= 9) {
            this.lenCodePoints = d;
            this.lenDigits = 1;
            this.lenStart = p - this.insBase;
            this.state = S_LEN;
            p++;
          } else {
            p = this.fail(p, `expected the length of element ${this.elements} of ${this.describeInstruction()} after ',', found ${describeByte(chunk[p]!)}`);
          }
          break;
        }
        case S_LEN:
          p = this.length(p, end);
          break;
        case S_SEP:
          p = this.separator(p);
          break;
        default: {
          const semi = chunk.indexOf(BYTE_SEMICOLON, p);
          if (semi === -1) {
            p = end;
          } else {
            p = semi + 1;
            this.state = S_START;
            this.tentative = true;
          }
        }
      }
    }
    if (this.state !== S_START && this.state !== S_SKIP && !this.discarding) this.holdTail(end);
  }

  end(): void {
    const endOffset = this.chunkOffset;
    for (let rescans = 0; ; rescans++) {
      if (this.tentative || this.state === S_SKIP) {
        this.flushPending(`; no instruction follows it up to the end of the stream (byte ${endOffset})`);
        break;
      }
      if (this.state === S_START) break;
      const inLength = this.state === S_LEN || this.state === S_LEN_FIRST;
      const k = inLength ? this.elements : this.elements - 1;
      const element = k === 0 ? 'the opcode' : `element ${k}`;
      const where = inLength
        ? `in the length of ${element}`
        : this.state === S_VALUE
          ? `in ${element} (${this.rem} of its ${this.lengthText()} code points missing)`
          : `after ${element} (no ',' or ';')`;
      this.warn(
        'TRUNCATED',
        `the stream ends inside ${this.describeInstruction()}: it is cut off after ${endOffset - this.insOffset} bytes, ${where}`,
        this.insOffset,
      );
      if (this.discarding || rescans === MAX_END_RESCANS) break;
      // A wrong length may have run to the end over good instructions: look for them in the held bytes.
      const rest = this.carry.slice(1, this.carryLen);
      this.carryLen = 0;
      this.state = S_SKIP;
      this.chunkOffset = this.insOffset + 1;
      this.scan(rest);
      this.chunkOffset = endOffset;
    }
    this.state = S_START;
    this.tentative = false;
    this.discarding = false;
    this.carryLen = 0;
    this.carry = EMPTY;
    this.buf = this.view.buf = EMPTY;
  }

  /**
   * The common case in one tight loop: an instruction whole in this chunk, well formed, its values
   * ASCII. Returns the index after its ';', or -1 to let the state machine take it from `start`
   * (cut by the chunk's end, non-ASCII, malformed, oversized: the state machine is the reference).
   */
  private fast(start: number, end: number): number {
    const buf = this.buf;
    let bounds = this.view.bounds;
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
      if (p >= end || len > this.maxElementCodePoints || p - start > this.maxInstructionBytes) return -1;
      if (len > 0) {
        if (this.nextHigh < valueStart) this.nextHigh = scanHigh(buf, valueStart, end);
        if (this.nextHigh < p) return -1;
      }
      if (2 * k + 2 > bounds.length) bounds = this.growBounds(k);
      bounds[2 * k] = valueStart - start;
      bounds[2 * k + 1] = p - start;
      k++;
      c = buf[p++]!;
      if (c === BYTE_SEMICOLON) break;
      if (c !== BYTE_COMMA || p >= end) return -1;
    }
    this.insBase = start;
    this.insOffset = this.chunkOffset + start;
    this.elements = k;
    this.opcode = this.opcodes.get(buf, start + bounds[0]!, start + bounds[1]!);
    this.complete(p);
    return p;
  }

  private start(p: number): number {
    const c = this.buf[p]!;
    const d = c - 0x30;
    if (d >= 0 && d <= 9) {
      this.insBase = p;
      this.insOffset = this.chunkOffset + p;
      this.elements = 0;
      this.opcode = '';
      this.discarding = false;
      this.lenCodePoints = d;
      this.lenDigits = 1;
      this.lenStart = 0;
      this.state = S_LEN;
      return p + 1;
    }
    const at = this.chunkOffset + p;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || (at < 3 && c === BOM[at])) return p + 1;
    return this.fail(p, `expected an instruction (a length digit), found ${describeByte(c)}`);
  }

  private length(p: number, end: number): number {
    const buf = this.buf;
    let c = 0;
    for (; p < end; p++) {
      c = buf[p]!;
      const d = c - 0x30;
      if (d < 0 || d > 9) break;
      this.lenCodePoints = this.lenCodePoints * 10 + d;
      this.lenDigits++;
    }
    if (p === end) return p;
    if (c === BYTE_DOT) {
      this.beginValue(p + 1);
      return p + 1;
    }
    return this.fail(p, `the length of ${this.describeElement()} is not followed by '.': found ${describeByte(c)} after "${this.lengthText()}"`);
  }

  private beginValue(q: number): void {
    const k = this.elements++;
    const bounds = this.growBounds(k);
    const rel = q - this.insBase;
    bounds[2 * k] = rel;
    bounds[2 * k + 1] = rel;
    const len = this.lenCodePoints;
    this.rem = len;
    this.state = len > 0 ? S_VALUE : S_SEP;
    if (this.discarding) return;
    const tooLong = len > this.maxElementCodePoints;
    if (!tooLong && rel + len <= this.maxInstructionBytes) return;
    if (this.tentative) {
      // A candidate that claims a huge element is more likely garbage than an instruction.
      this.state = S_SKIP;
      this.tentative = false;
      return;
    }
    this.discarding = true;
    this.carryLen = 0;
    const what = tooLong
      ? `declares ${this.lengthText()} code points, more than the ${this.maxElementCodePoints} accepted`
      : `would make the instruction longer than ${this.maxInstructionBytes} bytes`;
    this.warn('OVERSIZED', `${this.describeElement(k)} ${what}; the instruction is skipped`, this.insOffset + this.lenStart);
  }

  private skipValue(p: number, end: number): number {
    let rem = this.rem;
    const avail = end - p < rem ? end - p : rem;
    if (this.nextHigh < p) this.nextHigh = scanHigh(this.buf, p, end);
    if (this.nextHigh >= p + avail) {
      p += avail;
      rem -= avail;
    } else {
      // Non-ASCII ahead: jump to it, then count lead bytes (continuations belong to the character before).
      rem -= this.nextHigh - p;
      p = this.nextHigh;
      const buf = this.buf;
      while (p < end && rem > 0) {
        if ((buf[p]! & 0xc0) !== 0x80) rem--;
        p++;
      }
    }
    this.rem = rem;
    if (rem === 0) this.state = S_SEP;
    return p;
  }

  private separator(p: number): number {
    const c = this.buf[p]!;
    const k = this.elements - 1;
    if (c === BYTE_COMMA || c === BYTE_SEMICOLON) {
      this.view.bounds[2 * k + 1] = p - this.insBase;
      if (k === 0 && !this.discarding) this.opcode = this.internOpcode(p);
      if (c === BYTE_COMMA) {
        this.state = S_LEN_FIRST;
        return p + 1;
      }
      this.complete(p + 1);
      return p + 1;
    }
    if ((c & 0xc0) === 0x80 && this.lenCodePoints > 0) return p + 1;
    return this.fail(
      p,
      `${this.describeElement(k)} (declared length ${this.lengthText()}) is followed by ${describeByte(c)}, not ',' or ';' (the length may be wrong)`,
    );
  }

  private complete(end: number): void {
    this.state = S_START;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    if (this.tentative) {
      this.tentative = false;
      this.flushPending(`; reading resumed at the next instruction, byte ${this.insOffset}`);
    }
    const view = this.view;
    if (this.insBase >= 0) {
      view.buf = this.buf;
      view.base = this.insBase;
    } else {
      this.appendCarry(0, end);
      view.buf = this.carry;
      view.base = 0;
    }
    view.opcode = this.opcode;
    view.argCount = this.elements - 1;
    view.offsetBytes = this.insOffset;
    view.lengthBytes = end - this.insBase;
    this.carryLen = 0;
    this.sink.instruction(view);
  }

  /**
   * Malformed input at buf[p]: report it (unless this was a candidate) and skip to the next ';'. The skip
   * starts just after the bad instruction's first byte, since a wrong length may have run over the ';'
   * that really ended it; candidates are not rescanned, so every byte is read at most twice.
   * Returns the index in buf to go on from.
   */
  private fail(p: number, message: string): number {
    const inInstruction = this.state !== S_START;
    const wasTentative = this.tentative;
    const held = inInstruction && !wasTentative && !this.discarding;
    this.state = S_SKIP;
    this.tentative = false;
    this.discarding = false;
    const at = this.chunkOffset + p;
    if (!wasTentative) {
      this.pending = { code: 'BAD_INSTRUCTION', message: `byte ${at}: ${message}`, offsetBytes: inInstruction ? this.insOffset : at };
    }
    if (!held) {
      this.carryLen = 0;
      return p;
    }
    if (this.insBase >= 0) {
      this.carryLen = 0;
      return this.insBase + 1;
    }
    // The instruction began in an earlier chunk: rescan its held bytes, then this chunk from its start.
    const rest = this.carry.slice(1, this.carryLen);
    this.carryLen = 0;
    const chunk = this.buf;
    const chunkOffset = this.chunkOffset;
    this.chunkOffset = this.insOffset + 1;
    this.scan(rest);
    this.chunkOffset = chunkOffset;
    this.buf = chunk;
    this.nextHigh = -1;
    if (this.carryLen > 0) this.insBase = -this.carryLen;
    return 0;
  }

  private flushPending(suffix: string): void {
    const w = this.pending;
    this.pending = undefined;
    if (w) this.warn(w.code, `${w.message}${suffix}`, w.offsetBytes!);
  }

  private warn(code: WarningCode, message: string, offsetBytes: number): void {
    if (this.warnings > this.maxWarnings) return;
    this.warnings++;
    if (this.warnings > this.maxWarnings) {
      this.sink.warning({ code: 'TOO_MANY_WARNINGS', message: `more than ${this.maxWarnings} warnings; the rest are not reported`, offsetBytes });
    } else {
      this.sink.warning({ code, message, offsetBytes });
    }
  }

  /** The chunk ends inside an instruction worth keeping: copy its bytes so far. */
  private holdTail(end: number): void {
    if (this.insBase >= 0) {
      this.carryLen = 0;
      this.appendCarry(this.insBase, end);
    } else {
      this.appendCarry(0, end);
    }
  }

  private appendCarry(from: number, to: number): void {
    const size = to - from;
    const needed = this.carryLen + size;
    if (needed > this.carry.length) {
      const grown = new Uint8Array(Math.max(needed, this.carry.length * 2, 4096));
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
    }
    this.carry.set(this.buf.subarray(from, to), this.carryLen);
    this.carryLen = needed;
  }

  private internOpcode(p: number): string {
    const start = this.view.bounds[0]!;
    const end = p - this.insBase;
    if (this.insBase >= 0) return this.opcodes.get(this.buf, this.insBase + start, this.insBase + end);
    // The opcode straddles the carry and this chunk: join the two parts (rare, and opcodes are short).
    const joined = new Uint8Array(end - start);
    const split = Math.min(Math.max(start, this.carryLen), end);
    joined.set(this.carry.subarray(start, split));
    joined.set(this.buf.subarray(split + this.insBase, end + this.insBase), split - start);
    return this.opcodes.get(joined, 0, joined.length);
  }

  private growBounds(k: number): Int32Array {
    let bounds = this.view.bounds;
    if (2 * k + 2 > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      this.view.bounds = bounds = grown;
    }
    return bounds;
  }

  private lengthText(): string {
    return this.lenDigits > 15 ? `a ${this.lenDigits}-digit number of` : String(this.lenCodePoints);
  }

  private describeElement(k = this.elements): string {
    return k === 0 ? `the opcode of the instruction at byte ${this.insOffset}` : `element ${k} of ${this.describeInstruction()}`;
  }

  private describeInstruction(): string {
    return this.opcode === '' ? `the instruction at byte ${this.insOffset}` : `'${this.opcode}' at byte ${this.insOffset}`;
  }
}

/** Spans shorter than this are scanned byte by byte: not worth a word view. */
const WORD_SCAN_MIN_BYTES = 64;
const HIGH_BITS = 0x80808080;

/**
 * Index of the first byte >= 0x80 in buf[from, end), or end. Long spans are tested four bytes at a
 * time through a 32-bit view of the aligned part (byte order does not matter for the high bits).
 */
function scanHigh(buf: Uint8Array, from: number, end: number): number {
  let p = from;
  if (end - p >= WORD_SCAN_MIN_BYTES) {
    while (((buf.byteOffset + p) & 3) !== 0) {
      if (buf[p]! >= 0x80) return p;
      p++;
    }
    const words = new Uint32Array(buf.buffer, buf.byteOffset + p, (end - p) >> 2);
    const count = words.length;
    let w = 0;
    while (w + 4 <= count && ((words[w]! | words[w + 1]! | words[w + 2]! | words[w + 3]!) & HIGH_BITS) === 0) w += 4;
    while (w < count && (words[w]! & HIGH_BITS) === 0) w++;
    p += w << 2;
  }
  for (; p < end; p++) if (buf[p]! >= 0x80) return p;
  return end;
}

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}' (0x${c.toString(16)})`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
