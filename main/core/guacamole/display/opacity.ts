/**
 * What is known about a canvas's alpha, per 64-pixel segment of each row: a copy of a layer's pixels
 * with source-over is a plain memory copy where the source is opaque, and the screens guacd draws are
 * opaque almost everywhere. Scanning alpha on every copy cost more than the copy itself (~1.7 ns a
 * pixel against ~0.15 for a memory copy); the map remembers each scan until a drawing call touches the
 * segment again.
 *
 * Invariant: a segment marked OPAQUE holds alpha 255 in every pixel, now. Every write to the pixels must
 * go through one of the marking methods below (the layer's drawing calls do).
 */

export const SEGMENT_PIXELS = 64;
const SHIFT = 6;

const UNKNOWN = 0;
const OPAQUE = 1;
/** Scanned and found not all opaque (saves scanning again until the next write). */
const MIXED = 2;

export class OpacityMap {
  private readonly segmentsPerRow: number;
  private readonly state: Uint8Array;
  /** Segments marked OPAQUE: when all are, a whole-canvas question is answered at once. */
  private opaqueSegments = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.segmentsPerRow = Math.ceil(width / SEGMENT_PIXELS);
    this.state = new Uint8Array(this.segmentsPerRow * height);
  }

  /** Pixels [x0, x1) of row y were written with values of any alpha. */
  touch(y: number, x0: number, x1: number): void {
    if (x1 <= x0) return;
    const row = y * this.segmentsPerRow;
    for (let k = row + (x0 >> SHIFT), end = row + ((x1 - 1) >> SHIFT); k <= end; k++) this.set(k, UNKNOWN);
  }

  touchRect(x0: number, y0: number, x1: number, y1: number): void {
    for (let y = Math.max(0, y0); y < Math.min(this.height, y1); y++) this.touch(y, Math.max(0, x0), Math.min(this.width, x1));
  }

  /** Source-over was drawn on [x0, x1) of row y: opaque pixels stay opaque (a + (255 * (256 - a) >> 8) = 255). */
  drawnOver(y: number, x0: number, x1: number): void {
    if (x1 <= x0) return;
    const row = y * this.segmentsPerRow;
    for (let k = row + (x0 >> SHIFT), end = row + ((x1 - 1) >> SHIFT); k <= end; k++) if (this.state[k] === MIXED) this.state[k] = UNKNOWN;
  }

  /** Pixels [x0, x1) of row y now hold alpha 255: segments inside become opaque, the cut ones keep only that. */
  wroteOpaque(y: number, x0: number, x1: number): void {
    if (x1 <= x0) return;
    const row = y * this.segmentsPerRow;
    const first = x0 >> SHIFT;
    const last = (x1 - 1) >> SHIFT;
    for (let seg = first; seg <= last; seg++) {
      const inside = seg << SHIFT >= x0 && Math.min(this.width, (seg + 1) << SHIFT) <= x1;
      const k = row + seg;
      if (inside) this.set(k, OPAQUE);
      else if (this.state[k] === MIXED) this.state[k] = UNKNOWN;
    }
  }

  /**
   * The end of the run starting at pixel x (going right, before `end`) whose pixels are all opaque, or all
   * of segments not known opaque: [x, returned) is one kind, `opaque` says which. Unknown segments are scanned.
   */
  runRight(words: Uint32Array, y: number, x: number, end: number): { end: number; opaque: boolean } {
    const opaque = this.segmentOpaque(words, y, x >> SHIFT);
    let seg = (x >> SHIFT) + 1;
    while (seg << SHIFT < end && this.segmentOpaque(words, y, seg) === opaque) seg++;
    return { end: Math.min(end, seg << SHIFT), opaque };
  }

  /** runRight mirrored: the start of the run ending at pixel x - 1 (going left, not before `start`). */
  runLeft(words: Uint32Array, y: number, x: number, start: number): { start: number; opaque: boolean } {
    const opaque = this.segmentOpaque(words, y, (x - 1) >> SHIFT);
    let seg = ((x - 1) >> SHIFT) - 1;
    while (seg >= 0 && (seg + 1) << SHIFT > start && this.segmentOpaque(words, y, seg) === opaque) seg--;
    return { start: Math.max(start, (seg + 1) << SHIFT), opaque };
  }

  /** Every pixel of [x0, x1) in row y opaque (scanning the segments not known yet). */
  allOpaque(words: Uint32Array, y: number, x0: number, x1: number): boolean {
    if (this.opaqueSegments === this.state.length) return true;
    for (let seg = x0 >> SHIFT; seg << SHIFT < x1; seg++) if (!this.segmentOpaque(words, y, seg)) return false;
    return true;
  }

  /** Every pixel of [x0, x1) x [y0, y1) opaque. */
  rectOpaque(words: Uint32Array, x0: number, y0: number, x1: number, y1: number): boolean {
    if (this.opaqueSegments === this.state.length) return true;
    for (let y = y0; y < y1; y++) if (!this.allOpaque(words, y, x0, x1)) return false;
    return true;
  }

  private set(k: number, value: number): void {
    const was = this.state[k];
    if (was === value) return;
    if (was === OPAQUE) this.opaqueSegments--;
    else if (value === OPAQUE) this.opaqueSegments++;
    this.state[k] = value;
  }

  /** Tests: the segment holding pixel x of row y is marked known opaque. */
  markedOpaque(y: number, x: number): boolean {
    return this.state[y * this.segmentsPerRow + (x >> SHIFT)] === OPAQUE;
  }

  private segmentOpaque(words: Uint32Array, y: number, seg: number): boolean {
    const k = y * this.segmentsPerRow + seg;
    const s = this.state[k];
    if (s !== UNKNOWN) return s === OPAQUE;
    const start = y * this.width + (seg << SHIFT);
    const end = y * this.width + Math.min(this.width, (seg + 1) << SHIFT);
    let i = start;
    while (i < end && words[i]! >= 0xff000000) i++;
    this.set(k, i === end ? OPAQUE : MIXED);
    return i === end;
  }
}
