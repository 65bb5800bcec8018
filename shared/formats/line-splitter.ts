/**
 * Splits a byte stream into text lines at LF, whatever the chunking. Newlines are found in the bytes
 * (0x0A never occurs inside a UTF-8 multi-byte sequence), the complete lines of a chunk are decoded in
 * one call, and a line that spans chunks is held as a list of parts joined once at its newline, so a
 * multi-megabyte line costs the same as many short ones.
 */
import { BYTE_LF, concatBytes, decodeUtf8 } from './bytes';

export interface LineSink {
  /**
   * One line without its LF (a CR before it is kept). `terminated` is false only for a last line that
   * had no newline at the end of the input.
   */
  line(text: string, lineNo: number, offsetBytes: number, terminated: boolean): void;
  /** A line longer than the limit; its bytes were dropped instead of being held. */
  overlong(lineNo: number, offsetBytes: number, sizeBytes: number): void;
}

export class LineSplitter {
  private parts: Uint8Array[] = [];
  private heldBytes = 0;
  private discarding = false;
  private lineNo = 1;
  private lineStartOffset: number;
  private nextOffset: number;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineBytes: number,
    startOffsetBytes = 0,
  ) {
    this.lineStartOffset = startOffsetBytes;
    this.nextOffset = startOffsetBytes;
  }

  push(chunk: Uint8Array): void {
    const base = this.nextOffset;
    this.nextOffset += chunk.length;
    let pos = 0;
    if (this.heldBytes > 0 || this.discarding) {
      const nl = chunk.indexOf(BYTE_LF);
      if (nl === -1) {
        this.hold(chunk);
        return;
      }
      this.hold(chunk.subarray(0, nl));
      this.flushHeld(true);
      pos = nl + 1;
      this.lineStartOffset = base + pos;
    }
    const last = chunk.lastIndexOf(BYTE_LF);
    if (last >= pos) {
      this.emitRegion(chunk, pos, last, base);
      pos = last + 1;
      this.lineStartOffset = base + pos;
    }
    if (pos < chunk.length) this.hold(chunk.subarray(pos));
  }

  /** No more input: a held last line (no trailing newline) is delivered with terminated=false. */
  end(): void {
    if (this.heldBytes > 0 || this.discarding) this.flushHeld(false);
  }

  /** Lines completed so far, plus one: the number the next line will get. */
  get nextLineNo(): number {
    return this.lineNo;
  }

  /** Complete lines chunk[from..lastLf): decode once, then walk the text and the bytes in step. */
  private emitRegion(chunk: Uint8Array, from: number, lastLf: number, base: number): void {
    const text = decodeUtf8(chunk.subarray(from, lastLf));
    // Every UTF-8 sequence decodes to no more UTF-16 units than it has bytes, so equal lengths mean one
    // byte per unit: text offsets are byte offsets and the second scan for LF bytes can be skipped.
    const oneBytePerUnit = text.length === lastLf - from;
    let s = 0;
    let b = from;
    for (;;) {
      const sEnd = text.indexOf('\n', s);
      const bEnd = sEnd === -1 ? lastLf : oneBytePerUnit ? from + sEnd : chunk.indexOf(BYTE_LF, b);
      const lineNo = this.lineNo++;
      if (bEnd - b > this.maxLineBytes) this.sink.overlong(lineNo, base + b, bEnd - b);
      else this.sink.line(sEnd === -1 ? text.slice(s) : text.slice(s, sEnd), lineNo, base + b, true);
      if (sEnd === -1) return;
      s = sEnd + 1;
      b = bEnd + 1;
    }
  }

  private hold(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.heldBytes += bytes.length;
    if (this.discarding) return;
    if (this.heldBytes > this.maxLineBytes) {
      this.discarding = true;
      this.parts = [];
      return;
    }
    // Copy: the caller may reuse its buffer after push() returns.
    this.parts.push(bytes.slice());
  }

  private flushHeld(terminated: boolean): void {
    const lineNo = this.lineNo++;
    const offset = this.lineStartOffset;
    const size = this.heldBytes;
    const parts = this.parts;
    const discarded = this.discarding;
    this.parts = [];
    this.heldBytes = 0;
    this.discarding = false;
    if (discarded) this.sink.overlong(lineNo, offset, size);
    else this.sink.line(decodeUtf8(concatBytes(parts, size)), lineNo, offset, terminated);
  }
}
