/**
 * The text index's lines that are not sealed into a block yet, kept as character codes in one growing
 * array ("\n" after each line), so sealing a block is one native decode instead of joining a string per
 * line. Latin-1 (one byte per character) while every character fits, UTF-16 from the first one that
 * does not (until the next block).
 */

const INITIAL_UNITS = 64 * 1024;

type Latin1Slicer = (this: Uint8Array, start: number, end: number) => string;
type Ucs2Slicer = (this: Uint8Array, start: number, end: number) => string;
// Buffer's native decoders, called on plain typed arrays (measurable at one call per line).
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: Latin1Slicer }).latin1Slice;
const ucs2Slice = (Buffer.prototype as unknown as { ucs2Slice: Ucs2Slicer }).ucs2Slice;

const NOT_LATIN1 = /[^\x00-\xff]/;

function isLatin1(s: string): boolean {
  return s.length < 64 ? !hasWide(s) : !NOT_LATIN1.test(s);
}

function hasWide(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return true;
  return false;
}

export class TextTail {
  private latin1 = new Uint8Array(INITIAL_UNITS);
  private wide: Uint16Array | undefined;
  /** Code units used, "\n"s included. */
  private used = 0;
  private starts: number[] = [];

  get lineCount(): number {
    return this.starts.length;
  }

  /** Characters held, one "\n" per line included. */
  get chars(): number {
    return this.used;
  }

  appendString(text: string): void {
    if (!this.wide && !isLatin1(text)) this.widen();
    this.reserve(text.length + 1);
    this.starts.push(this.used);
    const dst = this.wide ?? this.latin1;
    let at = this.used;
    for (let i = 0; i < text.length; i++) dst[at++] = text.charCodeAt(i);
    dst[at++] = 10;
    this.used = at;
  }

  /** A line given as Latin-1 bytes `src[start, end)`. */
  appendLatin1(src: Uint8Array, start: number, end: number): void {
    this.reserve(end - start + 1);
    this.starts.push(this.used);
    const dst = this.wide ?? this.latin1;
    let at = this.used;
    for (let i = start; i < end; i++) dst[at++] = src[i]!;
    dst[at++] = 10;
    this.used = at;
  }

  /** Lines already laid out as in a block: `src[starts[k], ends[k])` + "\n" for k in [from, to), back to back. */
  appendLatin1Lines(src: Uint8Array, starts: number[], ends: number[], from: number, to: number): void {
    if (from >= to) return;
    const start = starts[from]!;
    const end = ends[to - 1]! + 1;
    this.reserve(end - start);
    (this.wide ?? this.latin1).set(src.subarray(start, end), this.used);
    const shift = this.used - start;
    for (let k = from; k < to; k++) this.starts.push(starts[k]! + shift);
    this.used += end - start;
  }

  /** Lines already joined, each followed by "\n" (`text` must end with one): copied in one go. Returns how many. */
  appendJoined(text: string): number {
    if (!text) return 0;
    if (!this.wide && !isLatin1(text)) this.widen();
    this.reserve(text.length);
    const base = this.used;
    if (this.wide) {
      const dst = this.wide;
      for (let i = 0; i < text.length; i++) dst[base + i] = text.charCodeAt(i);
    } else {
      Buffer.from(this.latin1.buffer, this.latin1.byteOffset, this.latin1.byteLength).write(text, base, 'latin1');
    }
    const before = this.starts.length;
    for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1) this.starts.push(base + at);
    this.used += text.length;
    return this.starts.length - before;
  }

  lineText(i: number): string {
    const start = this.starts[i];
    if (start === undefined) return '';
    const end = (i + 1 < this.starts.length ? this.starts[i + 1]! : this.used) - 1;
    return this.decode(start, end);
  }

  /** Every line, each followed by "\n", and where each starts. */
  snapshot(): { text: string; starts: Uint32Array } {
    return { text: this.decode(0, this.used), starts: Uint32Array.from(this.starts) };
  }

  /** The snapshot, and the tail emptied for the next block. */
  seal(): { text: string; starts: Uint32Array } {
    const sealed = this.snapshot();
    this.used = 0;
    this.starts = [];
    this.wide = undefined;
    return sealed;
  }

  private decode(start: number, end: number): string {
    if (end <= start) return '';
    if (!this.wide) return latin1Slice.call(this.latin1, start, end);
    return ucs2Slice.call(new Uint8Array(this.wide.buffer), start * 2, end * 2);
  }

  private widen(): void {
    const wide = new Uint16Array(Math.max(INITIAL_UNITS, this.latin1.length));
    wide.set(this.latin1.subarray(0, this.used));
    this.wide = wide;
  }

  private reserve(units: number): void {
    const need = this.used + units;
    if (this.wide) {
      if (need <= this.wide.length) return;
      const grown = new Uint16Array(Math.max(need, this.wide.length * 2));
      grown.set(this.wide.subarray(0, this.used));
      this.wide = grown;
    } else if (need > this.latin1.length) {
      const grown = new Uint8Array(Math.max(need, this.latin1.length * 2));
      grown.set(this.latin1.subarray(0, this.used));
      this.latin1 = grown;
    }
  }
}
