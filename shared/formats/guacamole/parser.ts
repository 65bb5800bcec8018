/**
 * The streaming Guacamole byte parser: chunks of a dump in any split, complete instructions out.
 *
 * One resumable state machine walks each chunk once. Values are skipped by their declared length in
 * code points: a run of ASCII (found by one scan per chunk, shared by all elements in it) is skipped
 * by arithmetic, and only elements holding non-ASCII bytes are counted byte by byte. An instruction
 * complete in its chunk is handed out as a view of that chunk; only one cut by the chunk's end is
 * copied (the carry), and an oversized one is streamed past without being held at all.
 *
 * Malformed input gives a warning and a resynchronisation: bytes are skipped to the next ';' after the
 * bad instruction's first byte (a wrong length may have run over its real end), and what follows is a
 * candidate instruction. The warning goes out (saying where reading resumed) once a candidate parses
 * completely; a candidate that fails is skipped silently, so a stretch of garbage costs one warning.
 */
import { AsciiCursor, ByteCarry, describeByte } from './byte-scan';
import { InstructionView, MAX_ELEMENTS, OpcodeCache } from './instruction-view';
import type { GuacParserOptions, GuacSink, GuacStreamParser } from './types';
import { WarningOutbox } from './warning-outbox';
import { readWholeInstruction } from './whole-instruction';

export function createGuacParser(sink: GuacSink, opts: GuacParserOptions = {}): GuacStreamParser {
  return new GuacParser(sink, opts.maxElementCodePoints ?? DEFAULT_MAX_ELEMENT_CODE_POINTS, opts.maxWarnings ?? 100, opts.isAscii);
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
  private readonly ascii: AsciiCursor;

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
  /** Bytes read a second time by rescans so far (see mayRescan). */
  private rescannedBytes = 0;

  /** The bytes so far of an instruction cut by a chunk's end. */
  private readonly carry = new ByteCarry();

  private readonly warnings: WarningOutbox;
  private readonly view = new InstructionView();
  private readonly opcodes = new OpcodeCache();
  readonly maxInstructionBytes: number;

  constructor(
    private readonly sink: GuacSink,
    readonly maxElementCodePoints: number,
    maxWarnings: number,
    isAscii?: (bytes: Uint8Array) => boolean,
  ) {
    this.ascii = new AsciiCursor(isAscii);
    this.warnings = new WarningOutbox(sink, maxWarnings);
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
    this.ascii.reset();
    if (this.carry.length > 0) this.insBase = -this.carry.length;
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
        this.warnings.release(`; no instruction follows it up to the end of the stream (byte ${endOffset})`);
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
      this.warnings.send(
        'TRUNCATED',
        `the stream ends inside ${this.describeInstruction()}: it is cut off after ${endOffset - this.insOffset} bytes, ${where}`,
        this.insOffset,
      );
      if (this.discarding || rescans === MAX_END_RESCANS || !this.mayRescan(endOffset)) break;
      // A wrong length may have run to the end over good instructions: look for them in the held bytes.
      this.rescanHeld();
    }
    this.state = S_START;
    this.tentative = false;
    this.discarding = false;
    this.carry.release();
    this.buf = this.view.buf = EMPTY;
  }

  /** An instruction whole in this chunk, read by the fast path; -1 when it declines. */
  private fast(start: number, end: number): number {
    const view = this.view;
    const next = readWholeInstruction(view, this.buf, start, end, this, this.ascii);
    if (next < 0) return -1;
    this.insBase = start;
    this.insOffset = this.chunkOffset + start;
    this.elements = view.argCount + 1;
    this.opcode = this.opcodes.get(this.buf, start + view.bounds[0]!, start + view.bounds[1]!);
    this.complete(next);
    return next;
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
    const len = this.lenCodePoints;
    this.rem = len;
    this.state = len > 0 ? S_VALUE : S_SEP;
    if (this.discarding) return;
    const rel = q - this.insBase;
    const tooLong = len > this.maxElementCodePoints;
    const tooMany = k >= MAX_ELEMENTS;
    if (!tooLong && !tooMany && rel + len <= this.maxInstructionBytes) {
      const bounds = this.view.growBounds(k);
      bounds[2 * k] = rel;
      bounds[2 * k + 1] = rel;
      return;
    }
    if (this.tentative) {
      // A candidate that claims a huge element is more likely garbage than an instruction.
      this.state = S_SKIP;
      this.tentative = false;
      return;
    }
    this.discarding = true;
    this.carry.clear();
    const what = tooLong
      ? `declares ${this.lengthText()} code points, more than the ${this.maxElementCodePoints} accepted`
      : tooMany
        ? `is beyond the ${MAX_ELEMENTS} elements an instruction may have`
        : `would make the instruction longer than ${this.maxInstructionBytes} bytes`;
    this.warnings.send('OVERSIZED', `${this.describeElement(k)} ${what}; the instruction is skipped`, this.insOffset + this.lenStart);
  }

  private skipValue(p: number, end: number): number {
    let rem = this.rem;
    const avail = end - p < rem ? end - p : rem;
    const high = this.ascii.highFrom(this.buf, p, end);
    if (high >= p + avail) {
      p += avail;
      rem -= avail;
    } else {
      // Non-ASCII ahead: jump to it, then count lead bytes (continuations belong to the character before).
      rem -= high - p;
      p = high;
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
      if (!this.discarding) {
        this.view.bounds[2 * k + 1] = p - this.insBase;
        if (k === 0) this.opcode = this.internOpcode(p);
      }
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
      this.warnings.release(`; reading resumed at the next instruction, byte ${this.insOffset}`);
    }
    const view = this.view;
    if (this.insBase >= 0) {
      view.buf = this.buf;
      view.base = this.insBase;
    } else {
      this.carry.append(this.buf, 0, end);
      view.buf = this.carry.bytes;
      view.base = 0;
    }
    view.opcode = this.opcode;
    view.argCount = this.elements - 1;
    view.offsetBytes = this.insOffset;
    view.lengthBytes = end - this.insBase;
    this.carry.clear();
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
    const at = this.chunkOffset + p;
    const rescan = inInstruction && !wasTentative && !this.discarding && this.mayRescan(at);
    this.state = S_SKIP;
    this.tentative = false;
    this.discarding = false;
    if (!wasTentative) {
      this.warnings.hold('BAD_INSTRUCTION', `byte ${at}: ${message}`, inInstruction ? this.insOffset : at);
    }
    if (!rescan) {
      this.carry.clear();
      return p;
    }
    if (this.insBase >= 0) {
      this.carry.clear();
      return this.insBase + 1;
    }
    // The instruction began in an earlier chunk: rescan its held bytes, then this chunk from its start.
    this.rescanHeld();
    return 0;
  }

  /**
   * Whether the instruction in progress may be read again from its second byte up to stream offset
   * `to`. Rescans are budgeted to the bytes read so far: without that, input crafted so each wrong
   * length runs over the next ones (non-ASCII, so skipping it means counting) takes quadratic time.
   */
  private mayRescan(to: number): boolean {
    const bytes = to - this.insOffset - 1;
    if (this.rescannedBytes + bytes > to) return false;
    this.rescannedBytes += bytes;
    return true;
  }

  /** Runs the held bytes of the instruction in progress, after its first, through the machine from S_SKIP. */
  private rescanHeld(): void {
    const rest = this.carry.bytes.slice(1, this.carry.length);
    this.carry.clear();
    const chunk = this.buf;
    const chunkOffset = this.chunkOffset;
    this.state = S_SKIP;
    this.chunkOffset = this.insOffset + 1;
    this.scan(rest);
    this.chunkOffset = chunkOffset;
    this.buf = chunk;
    this.ascii.reset();
    if (this.carry.length > 0) this.insBase = -this.carry.length;
  }

  /** The chunk ends inside an instruction worth keeping: copy its bytes so far. */
  private holdTail(end: number): void {
    if (this.insBase >= 0) {
      this.carry.clear();
      this.carry.append(this.buf, this.insBase, end);
    } else {
      this.carry.append(this.buf, 0, end);
    }
  }

  private internOpcode(p: number): string {
    const start = this.view.bounds[0]!;
    const end = p - this.insBase;
    if (this.insBase >= 0) return this.opcodes.get(this.buf, this.insBase + start, this.insBase + end);
    // The opcode straddles the carry and this chunk: join the two parts (rare, and opcodes are short).
    const joined = new Uint8Array(end - start);
    const split = Math.min(Math.max(start, this.carry.length), end);
    joined.set(this.carry.bytes.subarray(start, split));
    joined.set(this.buf.subarray(split + this.insBase, end + this.insBase), split - start);
    return this.opcodes.get(joined, 0, joined.length);
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
