/**
 * Playback chunks of one recording, fetched through the api and kept in a small LRU. Only sealed chunks
 * are cached: while indexing, the newest chunk can still grow, so it is asked for again.
 */
import type { Req, Result } from '../../shared/api';
import type { PlaybackChunk, TerminalChunk, TimeMs } from '../../shared/model';

export type ChunkFetcher = (req: Req<'chunk'>) => Promise<Result<TerminalChunk>>;

/** A fetcher for the terminal engine over the api's `chunk`, which answers any kind of chunk. */
export function terminalChunks(call: (req: Req<'chunk'>) => Promise<Result<PlaybackChunk>>): ChunkFetcher {
  return async (req) => {
    const r = await call(req);
    if (!r.ok || r.value.kind === 'terminal') return r as Result<TerminalChunk>;
    return { ok: false, error: { code: 'INTERNAL', message: `recording ${req.id} answered a ${r.value.kind} chunk to the terminal player` } };
  };
}

/** Chunks are ~64 KiB of output; a handful covers back-and-forth seeking around the playhead. */
const CAPACITY = 12;

export function isSealed(c: TerminalChunk): boolean {
  return c.last || c.chunkIndex < c.chunkCount - 1;
}

/** Whether `c` can show time `t` (its keyframe is at or before t and t is before its end). */
export function chunkCovers(c: TerminalChunk, t: TimeMs): boolean {
  return c.keyframe.timeMs <= t && (t < c.endMs || (c.last && t <= c.endMs));
}

/** Whether `next` continues `prev` exactly (no events missing between them). */
export function continues(prev: TerminalChunk, next: TerminalChunk): boolean {
  return next.chunkIndex === prev.chunkIndex + 1 && next.keyframe.eventIndex === prev.keyframe.eventIndex + prev.events.length;
}

export class ChunkCache {
  private readonly chunks = new Map<number, TerminalChunk>();
  private readonly inflight = new Map<number, Promise<Result<TerminalChunk>>>();

  constructor(
    private readonly fetcher: ChunkFetcher,
    readonly id: string,
  ) {}

  /** A sealed chunk already here, without asking. */
  peek(index: number): TerminalChunk | undefined {
    return this.chunks.get(index);
  }

  byIndex(index: number, fresh = false): Promise<Result<TerminalChunk>> {
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

  async at(timeMs: TimeMs): Promise<Result<TerminalChunk>> {
    for (const c of this.chunks.values()) {
      if (chunkCovers(c, timeMs)) {
        this.touch(c);
        return { ok: true, value: c };
      }
    }
    const r = await this.fetcher({ id: this.id, atMs: timeMs });
    if (r.ok) this.store(r.value);
    return r;
  }

  /** Starts fetching chunk `index` in the background if it is not here yet. */
  prefetch(index: number): void {
    if (index < 0 || this.chunks.has(index) || this.inflight.has(index)) return;
    void this.byIndex(index);
  }

  private store(c: TerminalChunk): void {
    if (!isSealed(c)) return;
    this.chunks.delete(c.chunkIndex);
    this.chunks.set(c.chunkIndex, c);
    while (this.chunks.size > CAPACITY) {
      const oldest = this.chunks.keys().next().value as number;
      this.chunks.delete(oldest);
    }
  }

  private touch(c: TerminalChunk): void {
    this.chunks.delete(c.chunkIndex);
    this.chunks.set(c.chunkIndex, c);
  }
}
