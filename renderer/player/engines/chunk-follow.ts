/**
 * Playback reached the end of a chunk and the next one is not here: keep asking until more data
 * shows up (the chunk grew, or the next one exists) or indexing has stopped for good.
 */
import type { TerminalChunk, TimeMs } from '../../../shared/model';
import { type ChunkCache, continues, isSealed } from '../chunk-cache';
import { nextVisibleIn, previousVisibleIn } from './terminal-events';

export type FollowResult =
  /** The same chunk, grown or now sealed: keep what was applied and go on from it. */
  | { kind: 'same'; chunk: TerminalChunk }
  /** The chunk right after it. */
  | { kind: 'next'; chunk: TerminalChunk }
  /** Indexing stopped before more data came: what was played is all there is. */
  | { kind: 'end' }
  /** Nobody is waiting any more (paused, seeked, another recording). */
  | { kind: 'stale' };

export interface FollowOptions {
  cache: ChunkCache;
  stillWanted(): boolean;
  indexingStopped(): boolean;
  /** Resolves after a pause, or earlier when new progress arrives. */
  sleep(): Promise<void>;
}

export async function followChunk(c: TerminalChunk, o: FollowOptions): Promise<FollowResult> {
  while (o.stillWanted()) {
    // Only an answer asked for after indexing stopped proves there is nothing more to come.
    const stopped = o.indexingStopped();
    const r = isSealed(c) ? await o.cache.byIndex(c.chunkIndex + 1) : await o.cache.byIndex(c.chunkIndex, true);
    if (!o.stillWanted()) break;
    if (r.ok) {
      const got = r.value;
      const changed = got.events.length > c.events.length || got.last || got.endMs > c.endMs || isSealed(got);
      if (got.chunkIndex === c.chunkIndex && changed) return { kind: 'same', chunk: got };
      if (continues(c, got)) return { kind: 'next', chunk: got };
    }
    if (stopped) return { kind: 'end' };
    await o.sleep();
  }
  return { kind: 'stale' };
}

/** Stepping looks at most this many chunks ahead or back for the next visible event. */
const STEP_SEARCH_CHUNKS = 8;

/** Time of the next (dir 1) or previous (dir -1) event after/before `t` that changes the screen. */
export async function findVisibleTime(cache: ChunkCache, c: TerminalChunk, t: TimeMs, dir: 1 | -1): Promise<TimeMs | null> {
  let chunk: TerminalChunk | undefined = c;
  for (let k = 0; chunk && k < STEP_SEARCH_CHUNKS; k++) {
    const found = dir > 0 ? nextVisibleIn(chunk, t) : previousVisibleIn(chunk, t);
    if (found !== null) return found;
    if (dir > 0 ? chunk.last : chunk.chunkIndex === 0) break;
    const r = await cache.byIndex(chunk.chunkIndex + dir);
    chunk = r.ok ? r.value : undefined;
  }
  // Nothing visible before: the start of the recording is the previous "event".
  return dir < 0 && t > 0 ? 0 : null;
}
