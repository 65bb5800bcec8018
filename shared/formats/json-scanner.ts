/**
 * A streaming scanner for one top-level JSON object, for the single-document formats (asciicast v1,
 * koko). It never holds the document: it finds where each member value (or, for an array member the
 * handler asks to stream, each element) starts and ends in the bytes, and hands over that value's
 * text for JSON.parse. Values larger than the limit are skipped, not held.
 */
import { BYTE_BACKSLASH, BYTE_LF, BYTE_QUOTE, concatBytes, decodeUtf8, isJsonSpace } from './bytes';
import type { Where } from './common';

/** What to do with a member's value: hold it, stream the elements of an array, or skip it. */
export type ValueMode = 'capture' | 'elements' | 'skip';

export interface MemberHandler {
  key(name: string, at: Where): ValueMode;
  /** A captured value's JSON text (in 'elements' mode: a value that turned out not to be an array). */
  value(name: string, raw: string, at: Where): void;
  /** One array element's JSON text ('elements' mode). */
  element(name: string, raw: string, at: Where): void;
  /** A value or element larger than the limit was skipped. */
  oversize(name: string, at: Where, sizeBytes: number): void;
}

/** The bytes are not a JSON object (structurally); `where` is the offending byte. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly where: Where,
  ) {
    super(message);
  }
}

const enum S {
  Before, KeyOrEnd, Key, Colon, Value, AfterValue, ArrFirst, ArrNext, ArrAfter, Capture, Done, Failed,
}
const enum Kind { Str, Nested, Scalar }
const enum Target { Key, Value, Element }

export class JsonObjectScanner {
  private state = S.Before;
  private line = 1;
  private nextOffset: number;
  private member = '';
  private mode: ValueMode = 'skip';
  /** The line of the object's closing brace, once seen. */
  endLine: number | undefined;

  // The value being captured. Flat fields rather than an object per value: a v1 or koko file has
  // hundreds of thousands of them and the garbage shows in the profile.
  private capTarget = Target.Value;
  private capKind = Kind.Str;
  private capKeep = false;
  private capDepth = 0;
  private capInString = false;
  private capEscape = false;
  private capParts: Uint8Array[] = [];
  private capBytes = 0;
  /** Where the current chunk's part of the value starts. */
  private capSegStart = 0;
  private capAt: Where = {};

  constructor(
    private readonly handler: MemberHandler,
    private readonly maxValueBytes: number,
    startOffsetBytes = 0,
  ) {
    this.nextOffset = startOffsetBytes;
  }

  /** Throws JsonScanError when the bytes stop being a JSON object. */
  push(chunk: Uint8Array): void {
    const base = this.nextOffset;
    this.nextOffset += chunk.length;
    this.capSegStart = 0;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.state === S.Capture) {
        i = this.scanCapture(chunk, i);
        continue;
      }
      const c = chunk[i] as number;
      if (isJsonSpace(c)) {
        if (c === BYTE_LF) this.line++;
        i++;
        continue;
      }
      i = this.structural(c, chunk, i, base);
    }
    if (this.state === S.Capture) this.addPart(chunk.subarray(this.capSegStart, n), true);
  }

  /** No more input. Returns where the document was cut off, or undefined when it was complete. */
  end(): Where | undefined {
    if (this.state === S.Done) return undefined;
    if (this.state === S.Capture) return this.capAt;
    return { line: this.line, offsetBytes: this.nextOffset };
  }

  /** True once the closing brace of the object was seen (even if bad data followed it). */
  get complete(): boolean {
    return this.endLine !== undefined;
  }

  private structural(c: number, chunk: Uint8Array, i: number, base: number): number {
    const ch = String.fromCharCode(c);
    switch (this.state) {
      case S.Before:
        if (ch !== '{') this.fail(`expected "{" but found ${describeByte(c)}`, base + i);
        this.state = S.KeyOrEnd;
        return i + 1;
      case S.KeyOrEnd:
      case S.Key:
        if (ch === '}' && this.state === S.KeyOrEnd) return this.close(i);
        if (ch !== '"') this.fail(`expected a member name in double quotes but found ${describeByte(c)}`, base + i);
        return this.startCapture(Target.Key, true, chunk, i, base);
      case S.Colon:
        if (ch !== ':') this.fail(`expected ":" after "${this.member}" but found ${describeByte(c)}`, base + i);
        this.state = S.Value;
        return i + 1;
      case S.Value:
        if (this.mode === 'elements' && ch === '[') {
          this.state = S.ArrFirst;
          return i + 1;
        }
        return this.startCapture(Target.Value, this.mode !== 'skip', chunk, i, base);
      case S.AfterValue:
        if (ch === ',') this.state = S.Key;
        else if (ch === '}') return this.close(i);
        else this.fail(`expected "," or "}" after the value of "${this.member}" but found ${describeByte(c)}`, base + i);
        return i + 1;
      case S.ArrFirst:
      case S.ArrNext:
        // A trailing comma before "]" is tolerated: it costs nothing and loses no data.
        if (ch === ']') {
          this.state = S.AfterValue;
          return i + 1;
        }
        return this.startCapture(Target.Element, true, chunk, i, base);
      case S.ArrAfter:
        if (ch === ',') this.state = S.ArrNext;
        else if (ch === ']') this.state = S.AfterValue;
        else this.fail(`expected "," or "]" between elements of "${this.member}" but found ${describeByte(c)}`, base + i);
        return i + 1;
      default:
        this.fail(`unexpected ${describeByte(c)} after the end of the JSON document`, base + i);
    }
  }

  private close(i: number): number {
    this.state = S.Done;
    this.endLine = this.line;
    return i + 1;
  }

  private startCapture(target: Target, keep: boolean, chunk: Uint8Array, i: number, base: number): number {
    const c = chunk[i] as number;
    const kind = c === BYTE_QUOTE ? Kind.Str : c === 0x7b || c === 0x5b ? Kind.Nested : Kind.Scalar;
    if (kind === Kind.Scalar && (c === 0x7d || c === 0x5d || c === 0x2c || c === 0x3a)) {
      this.fail(`expected a value but found ${describeByte(c)}`, base + i);
    }
    this.capTarget = target;
    this.capKind = kind;
    this.capKeep = keep;
    this.capDepth = kind === Kind.Nested ? 1 : 0;
    this.capInString = kind === Kind.Str;
    this.capEscape = false;
    this.capParts = [];
    this.capBytes = 0;
    this.capSegStart = i;
    this.capAt = { line: this.line, offsetBytes: base + i };
    this.state = S.Capture;
    return kind === Kind.Scalar ? i : i + 1;
  }

  /** Advances through the value being captured; returns the index to continue from. */
  private scanCapture(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    if (this.capKind === Kind.Scalar) {
      while (i < n) {
        const c = chunk[i] as number;
        if (isJsonSpace(c) || c === 0x2c || c === 0x7d || c === 0x5d) return this.finishCapture(chunk, i);
        i++;
      }
      return n;
    }
    while (i < n) {
      if (this.capInString) {
        if (this.capEscape) {
          this.capEscape = false;
          i++;
        }
        // A plain loop beats indexOf here: terminal output is dense with escapes (\u001b, \r\n).
        for (; i < n; i++) {
          const c = chunk[i];
          if (c === BYTE_QUOTE) break;
          if (c === BYTE_BACKSLASH) {
            if (++i === n) {
              this.capEscape = true;
              return n;
            }
          } else if (c === BYTE_LF) this.line++;
        }
        if (i >= n) return n;
        i++;
        this.capInString = false;
        if (this.capDepth === 0) return this.finishCapture(chunk, i);
        continue;
      }
      const c = chunk[i];
      if (c === BYTE_QUOTE) this.capInString = true;
      else if (c === 0x7b || c === 0x5b) this.capDepth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--this.capDepth === 0) return this.finishCapture(chunk, i + 1);
      } else if (c === BYTE_LF) this.line++;
      i++;
    }
    return n;
  }

  /** `copy`: the caller may reuse its buffer after push() returns, so parts held across chunks are copied. */
  private addPart(bytes: Uint8Array, copy: boolean): void {
    this.capBytes += bytes.length;
    if (!this.capKeep) return;
    if (this.capBytes > this.maxValueBytes) {
      this.capKeep = false;
      this.capParts = [];
      if (this.capTarget === Target.Key) this.fail(`a member name longer than ${this.maxValueBytes} bytes`, this.capAt.offsetBytes ?? 0);
      this.handler.oversize(this.member, this.capAt, this.capBytes);
      return;
    }
    this.capParts.push(copy ? bytes.slice() : bytes);
  }

  private finishCapture(chunk: Uint8Array, end: number): number {
    this.addPart(chunk.subarray(this.capSegStart, end), false);
    const at = this.capAt;
    const raw = this.capKeep ? decodeUtf8(concatBytes(this.capParts, this.capBytes)) : undefined;
    this.capParts = [];
    if (this.capTarget === Target.Key) {
      this.member = this.parseKey(raw ?? '', at);
      this.state = S.Colon;
      this.mode = this.handler.key(this.member, at);
    } else {
      this.state = this.capTarget === Target.Value ? S.AfterValue : S.ArrAfter;
      // A value that went over the limit was reported by addPart already; a skipped one is dropped.
      if (raw !== undefined) {
        if (this.capTarget === Target.Value) this.handler.value(this.member, raw, at);
        else this.handler.element(this.member, raw, at);
      }
    }
    return end;
  }

  private parseKey(raw: string, at: Where): string {
    // Keys are short and rarely escaped; skip JSON.parse when there is nothing to unescape.
    if (raw.length >= 2 && !raw.includes('\\', 1)) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return this.fail(`member name ${raw.slice(0, 40)} is not a valid JSON string`, at.offsetBytes ?? 0);
    }
  }

  private fail(message: string, offsetBytes: number): never {
    this.state = S.Failed;
    throw new JsonScanError(message, { line: this.line, offsetBytes });
  }
}

function describeByte(c: number): string {
  return c >= 0x21 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}
