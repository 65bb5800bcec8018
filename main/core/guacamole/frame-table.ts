/**
 * Every frame of a Guacamole recording: its time and the byte offset just past its `sync`, in two
 * growable typed arrays (16 bytes a frame: a 1 GB RDP dump has well under a million frames).
 */
export class FrameTable {
  private times: Float64Array = new Float64Array(4096);
  private ends: Float64Array = new Float64Array(4096);
  private n = 0;

  get count(): number {
    return this.n;
  }

  push(timeMs: number, endOffset: number): void {
    if (this.n === this.times.length) {
      this.times = grow(this.times);
      this.ends = grow(this.ends);
    }
    this.times[this.n] = timeMs;
    this.ends[this.n++] = endOffset;
  }

  timeAt(i: number): number {
    return this.times[i] ?? 0;
  }

  endOffsetAt(i: number): number {
    return this.ends[i] ?? 0;
  }

  /** The last frame whose time is <= t, or -1 when t is before the first frame. */
  frameAt(t: number): number {
    let lo = 0;
    let hi = this.n - 1;
    if (hi < 0 || this.times[0]! > t) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * No more frames: the spare capacity left by doubling goes (up to half the table: ~7 MB for the
   * 630,000 frames of a 1 GB dump). A push after this grows the table again.
   */
  trim(): void {
    if (this.times.length === this.n) return;
    const keep = Math.max(this.n, 16);
    this.times = this.times.slice(0, keep);
    this.ends = this.ends.slice(0, keep);
  }

  /** Frames [from, to) as plain arrays (a chunk's frame list). */
  slice(from: number, to: number): { timesMs: number[]; endOffsets: number[] } {
    return { timesMs: Array.from(this.times.subarray(from, to)), endOffsets: Array.from(this.ends.subarray(from, to)) };
  }

  /** The table as bytes (times then offsets), for the cache. */
  toBytes(): Uint8Array {
    const out = new Float64Array(this.n * 2);
    out.set(this.times.subarray(0, this.n), 0);
    out.set(this.ends.subarray(0, this.n), this.n);
    return new Uint8Array(out.buffer);
  }

  static fromBytes(bytes: Uint8Array): FrameTable {
    // A copy into a fresh, aligned buffer (a Buffer may be a view into a larger pooled one).
    const copy = new Float64Array(Uint8Array.from(bytes).buffer);
    const n = copy.length / 2;
    const table = new FrameTable();
    table.times = copy.slice(0, n);
    table.ends = copy.slice(n);
    table.n = n;
    if (n === 0) {
      table.times = new Float64Array(16);
      table.ends = new Float64Array(16);
    }
    return table;
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
