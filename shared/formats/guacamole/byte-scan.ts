/**
 * Byte-level helpers for the Guacamole byte parser: where the next non-ASCII byte is (lengths count
 * code points, so only spans free of bytes >= 0x80 can be skipped by arithmetic), the carry for an
 * instruction cut by a chunk's end, and how a byte is named in warnings.
 */

/** Spans shorter than this are scanned byte by byte: not worth a word view. */
const WORD_SCAN_MIN_BYTES = 64;
const HIGH_BITS = 0x80808080;

/**
 * Remembers the next byte >= 0x80 found in the current buffer, so one scan serves every element
 * before it: scanning each element on its own would read base64-heavy chunks twice.
 */
export class AsciiCursor {
  /** Index of the next byte >= 0x80 at or after the last scan (the buffer's end when none); -1: no scan yet. */
  nextHigh = -1;

  /**
   * Whether the native test may still be tried in this buffer: once it said "not all ASCII", the rest is
   * scanned in JS (a buffer with many non-ASCII bytes would otherwise be tested to its end once per byte).
   */
  private native: boolean;

  /** `isAscii`: a native whole-span test, tried first on the rest of a buffer (mostly ASCII: base64). */
  constructor(private readonly isAscii?: (bytes: Uint8Array) => boolean) {
    this.native = isAscii !== undefined;
  }

  /** A new buffer: what was found in the old one says nothing. */
  reset(): void {
    this.nextHigh = -1;
    this.native = this.isAscii !== undefined;
  }

  /** Index of the first byte >= 0x80 in buf[from, end), or end. */
  highFrom(buf: Uint8Array, from: number, end: number): number {
    if (this.nextHigh >= from) return this.nextHigh;
    if (this.native && end - from >= WORD_SCAN_MIN_BYTES) {
      if (this.isAscii!(buf.subarray(from, end))) return (this.nextHigh = end);
      this.native = false;
    }
    return (this.nextHigh = scanHigh(buf, from, end));
  }
}

/**
 * Index of the first byte >= 0x80 in buf[from, end), or end. Long spans are tested four bytes at a
 * time through a 32-bit view of the aligned part (byte order does not matter for the high bits).
 */
export function scanHigh(buf: Uint8Array, from: number, end: number): number {
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

const EMPTY = new Uint8Array(0);

/** A growable byte buffer for the one instruction cut by a chunk's end; kept between instructions for reuse. */
export class ByteCarry {
  bytes: Uint8Array = EMPTY;
  length = 0;

  append(src: Uint8Array, from: number, to: number): void {
    const needed = this.length + (to - from);
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2, 4096));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(src.subarray(from, to), this.length);
    this.length = needed;
  }

  clear(): void {
    this.length = 0;
  }

  /** Clear and give the memory back (a long instruction may have grown it to megabytes). */
  release(): void {
    this.bytes = EMPTY;
    this.length = 0;
  }
}

/** "'x' (0x78)" for a printable byte, "byte 0x0a" otherwise. */
export function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}' (0x${c.toString(16)})`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
