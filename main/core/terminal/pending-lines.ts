/**
 * Lines a scan found, waiting to go into the text index in time order. Latin-1 lines (nearly all) stay
 * the bytes they were read as, each followed by "\n" as in the index's blocks: no string per line, and
 * a run of them in time order goes into the index in one copy.
 */

export interface EmittedLine {
  text: string;
  timeMs: number;
}

/** Where pending lines go (the text index). */
export interface LineSink {
  append(text: string, timeMs: number): void;
  appendLatin1(src: Uint8Array, start: number, end: number, timeMs: number): void;
  /**
   * Lines [from, to) of `starts`/`ends`/`times`, Latin-1 bytes in `src`, back to back with one "\n"
   * after each (so `ends[k] + 1 === starts[k + 1]`).
   */
  appendLatin1Lines(src: Uint8Array, starts: number[], ends: number[], times: number[], from: number, to: number): void;
}

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

export class PendingLines {
  /** Bytes of the Latin-1 lines; a scan writes a candidate line at `used` before deciding to keep it. */
  bytes = new Uint8Array(64 * 1024);
  used = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  private times: number[] = [];
  /** The text of lines that are not Latin-1 (undefined for byte lines). */
  private texts: (string | undefined)[] = [];
  private bytesOnly = true;

  get count(): number {
    return this.times.length;
  }

  /** Makes room for a line of `n` bytes (and its "\n") at `used` (the buffer may move: read `bytes` after). */
  reserve(n: number): void {
    n++;
    if (this.used + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.used + n, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }

  /** Keeps bytes [used, end) as a line. */
  keepBytes(end: number, timeMs: number): void {
    this.starts.push(this.used);
    this.ends.push(end);
    this.times.push(timeMs);
    this.texts.push(undefined);
    this.bytes[end] = 10;
    this.used = end + 1;
  }

  keepText(text: string, timeMs: number): void {
    this.starts.push(this.used);
    this.ends.push(this.used);
    this.times.push(timeMs);
    this.texts.push(text);
    this.bytesOnly = false;
  }

  /** Hands every line to `sink`, sorted by time (stable: equal times keep screen order), and clears. */
  flushInto(sink: LineSink): void {
    const n = this.times.length;
    if (n === 0) return;
    if (this.bytesOnly && this.inTimeOrder()) {
      // The common case: one copy for all.
      sink.appendLatin1Lines(this.bytes, this.starts, this.ends, this.times, 0, n);
    } else {
      for (const i of this.order()) {
        const text = this.texts[i];
        if (text !== undefined) sink.append(text, this.times[i]!);
        else sink.appendLatin1(this.bytes, this.starts[i]!, this.ends[i]!, this.times[i]!);
      }
    }
    this.clear();
  }

  /** The same as strings. */
  take(): EmittedLine[] {
    const out = this.order().map((i) => ({ text: this.texts[i] ?? latin1Slice.call(this.bytes, this.starts[i]!, this.ends[i]!), timeMs: this.times[i]! }));
    this.clear();
    return out;
  }

  private inTimeOrder(): boolean {
    const times = this.times;
    for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) return false;
    return true;
  }

  private order(): number[] {
    const order: number[] = [];
    for (let i = 0; i < this.times.length; i++) order.push(i);
    return this.inTimeOrder() ? order : order.sort((a, b) => this.times[a]! - this.times[b]! || a - b);
  }

  private clear(): void {
    this.bytesOnly = true;
    this.used = 0;
    this.starts = [];
    this.ends = [];
    this.times = [];
    this.texts = [];
  }
}

/**
 * Two independent 32-bit hashes of character codes [start, end) of `src` (bytes or a string's UTF-16
 * units: the same text hashes the same either way). With the length they are the dedupe key of a row:
 * 64 bits, so two different texts of one row passing for the same is a ~1e-19 event.
 */
export function hashCodes(src: Uint8Array | string, start: number, end: number, out: Int32Array): void {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0;
  if (typeof src === 'string') {
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = (Math.imul(h2, 0x5bd1e995) + c + 1) | 0;
    }
  } else {
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = (Math.imul(h2, 0x5bd1e995) + c + 1) | 0;
    }
  }
  out[0] = h1;
  out[1] = h2;
}

/** Anything but spaces, tabs and no-break spaces (a line of only those is not indexed). */
export function hasVisibleText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xa0) return true;
  }
  return false;
}

export function hasVisibleBytes(src: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c !== 32 && c !== 9 && c !== 0xa0) return true;
  }
  return false;
}
