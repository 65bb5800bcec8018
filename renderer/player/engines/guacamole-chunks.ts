/**
 * Display chunks of one Guacamole recording: fetched through the api, kept in a small LRU (bounded by
 * size: a chunk is ~1 MiB of protocol text), and parsed once into per-frame instruction lists.
 * The renderer never holds the recording, only the few chunks around the playhead.
 */
import type { Req, Result } from '../../../shared/api';
import { parseGuacText } from '../../../shared/formats/guacamole/text-parser';
import type { DisplayChunk, PlaybackChunk, TimeMs } from '../../../shared/model';

export type DisplayChunkFetcher = (req: Req<'chunk'>) => Promise<Result<DisplayChunk>>;

/** A fetcher for the Guacamole engine over the api's `chunk`, which answers any kind of chunk. */
export function displayChunks(call: (req: Req<'chunk'>) => Promise<Result<PlaybackChunk>>): DisplayChunkFetcher {
  return async (req) => {
    const r = await call(req);
    if (!r.ok || r.value.kind === 'display') return r as Result<DisplayChunk>;
    return { ok: false, error: { code: 'INTERNAL', message: `recording ${req.id} answered a ${r.value.kind} chunk to the display player` } };
  };
}

/** A handful of chunks covers seeking back and forth around the playhead; the size cap bounds memory. */
const CAPACITY = 8;
const CAPACITY_CHARS = 24 * 1024 * 1024;

export function isSealed(c: DisplayChunk): boolean {
  return c.last || c.chunkIndex < c.chunkCount - 1;
}

/** Whether `c` holds time `t` (the last chunk also holds its own end). */
export function chunkCovers(c: DisplayChunk, t: TimeMs): boolean {
  return c.startMs <= t && (t < c.endMs || (c.last && t <= c.endMs));
}

function sizeOf(c: DisplayChunk): number {
  return c.instructions.length + (c.prelude?.length ?? 0);
}

export class DisplayChunkCache {
  private readonly chunks = new Map<number, DisplayChunk>();
  private readonly inflight = new Map<number, Promise<Result<DisplayChunk>>>();
  /** Cached chunks whose keyframeChunk may be out of date: the keyframe pass has moved on since. */
  private readonly keyframeStale = new Set<number>();

  constructor(
    private readonly fetcher: DisplayChunkFetcher,
    readonly id: string,
  ) {}

  peek(index: number): DisplayChunk | undefined {
    return this.chunks.get(index);
  }

  byIndex(index: number, fresh = false): Promise<Result<DisplayChunk>> {
    const have = fresh ? undefined : this.chunks.get(index);
    if (have) {
      this.touch(have);
      return Promise.resolve({ ok: true, value: have });
    }
    const running = this.inflight.get(index);
    if (running && !fresh) return running;
    const p = this.fetcher({ id: this.id, chunkIndex: index }).then((r) => {
      if (this.inflight.get(index) === p) this.inflight.delete(index);
      if (r.ok) this.store(r.value);
      return r;
    });
    this.inflight.set(index, p);
    return p;
  }

  /**
   * Chunk `index` as a keyframe source: a copy cached before the keyframe pass reached it has no
   * prelude yet, so it is asked for again.
   */
  keyframe(index: number): Promise<Result<DisplayChunk>> {
    const have = this.chunks.get(index);
    return this.byIndex(index, index > 0 && have !== undefined && have.prelude === undefined);
  }

  /** The core made keyframes for more of the recording: a seek asks again for chunks that lacked one. */
  keyframesMoved(): void {
    for (const c of this.chunks.values()) if (c.keyframeChunk < c.chunkIndex) this.keyframeStale.add(c.chunkIndex);
  }

  async at(timeMs: TimeMs): Promise<Result<DisplayChunk>> {
    for (const c of this.chunks.values()) {
      if (chunkCovers(c, timeMs) && !this.keyframeStale.has(c.chunkIndex)) {
        this.touch(c);
        return { ok: true, value: c };
      }
    }
    const r = await this.fetcher({ id: this.id, atMs: timeMs });
    if (r.ok) this.store(r.value);
    return r;
  }

  prefetch(index: number): void {
    if (index < 0 || this.chunks.has(index) || this.inflight.has(index)) return;
    void this.byIndex(index);
  }

  private store(c: DisplayChunk): void {
    if (!isSealed(c)) return;
    this.keyframeStale.delete(c.chunkIndex);
    this.chunks.delete(c.chunkIndex);
    this.chunks.set(c.chunkIndex, c);
    let total = 0;
    for (const k of this.chunks.values()) total += sizeOf(k);
    for (const [index, k] of this.chunks) {
      if (this.chunks.size <= 1 || (this.chunks.size <= CAPACITY && total <= CAPACITY_CHARS)) break;
      this.chunks.delete(index);
      this.keyframeStale.delete(index);
      total -= sizeOf(k);
    }
  }

  private touch(c: DisplayChunk): void {
    this.chunks.delete(c.chunkIndex);
    this.chunks.set(c.chunkIndex, c);
  }
}

export interface Op {
  opcode: string;
  args: string[];
}

/** A chunk's instructions split by frame: frame j is ops[frameStart[j]] up to ops[frameStart[j + 1]]. */
export interface ParsedChunk {
  ops: Op[];
  /** frameStart.length === frames + 1; the last entry ends the final frame (trailing ops are not shown). */
  frameStart: number[];
}

const parsedCache = new WeakMap<DisplayChunk, ParsedChunk>();
const preludeCache = new WeakMap<DisplayChunk, Op[]>();

/** Protocol text to instructions; `sync` is left out (the engine flushes the display itself). */
export function parseOps(text: string, onInstruction: (op: Op, end: number) => void): void {
  parseGuacText(text, (ins) => {
    if (ins.opcode !== 'sync') onInstruction({ opcode: ins.opcode, args: ins.args }, ins.end);
  });
}

export function parsedChunk(c: DisplayChunk): ParsedChunk {
  let p = parsedCache.get(c);
  if (p) return p;
  const ops: Op[] = [];
  const frameStart = [0];
  const ends = c.frameEnds;
  let frame = 0;
  parseOps(c.instructions, (op, end) => {
    // An instruction past frame j's sync belongs to a later frame.
    while (frame < ends.length && end > ends[frame]!) {
      frameStart.push(ops.length);
      frame++;
    }
    if (frame < ends.length) ops.push(op);
  });
  while (frameStart.length <= ends.length) frameStart.push(ops.length);
  p = { ops, frameStart };
  parsedCache.set(c, p);
  return p;
}

export function preludeOps(c: DisplayChunk): Op[] {
  if (c.prelude === undefined) return [];
  let ops = preludeCache.get(c);
  if (!ops) {
    const out: Op[] = [];
    parseOps(c.prelude, (op) => out.push(op));
    preludeCache.set(c, (ops = out));
  }
  return ops;
}

/** Number of frames of `c` at or before `t` (frames are in time order). */
export function framesUpTo(c: DisplayChunk, t: TimeMs): number {
  const times = c.frameTimesMs;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Opcodes that paint, and where their destination layer is among the arguments. */
const PAINT_LAYER_ARG: Record<string, number> = { cfill: 1, lfill: 1, cstroke: 1, lstroke: 1, copy: 6, transfer: 6, img: 2, png: 1, jpeg: 1 };

/**
 * Time of the first frame that paints a visible layer (the opening frames often only set up the
 * cursor in a buffer), or null when chunk `c` has none.
 */
export function firstPaintMs(c: DisplayChunk): TimeMs | null {
  const p = parsedChunk(c);
  for (let j = 0; j < c.frameTimesMs.length; j++) {
    for (let i = p.frameStart[j]!; i < p.frameStart[j + 1]!; i++) {
      const op = p.ops[i]!;
      const at = PAINT_LAYER_ARG[op.opcode];
      if (at !== undefined && Number(op.args[at]) >= 0) return c.frameTimesMs[j]!;
    }
  }
  return null;
}
