/**
 * The asynchronous walks of the Guacamole player: building a screen for time t off-screen (keyframe
 * prelude, then frames), following a chunk that is still growing, and finding the previous frame.
 */
import type { ApiError, DisplayChunk, TimeMs } from '../../../shared/model';
import type { GuacScreen } from './guac-feed';
import { type DisplayChunkCache, framesUpTo, isSealed, type Op, parsedChunk, preludeOps } from './guacamole-chunks';
import type { FeedFrames, GuacPlayhead } from './guacamole-playhead';

/** Feeds ops to a screen; `sync` never reaches it (the caller flushes once, see guac-feed.ts). */
export function feedOps(screen: GuacScreen | null, ops: readonly Op[], from = 0, to = ops.length): number {
  if (!screen) return 0;
  let chars = 0;
  for (let i = from; i < to; i++) {
    const op = ops[i]!;
    screen.instruction(op.opcode, op.args);
    for (const a of op.args) chars += a.length;
  }
  return chars;
}

/** Feeds frames [from, to) of chunk `c`; returns roughly how much text that was. */
export function feedFrames(screen: GuacScreen | null, c: DisplayChunk, from: number, to: number): number {
  const p = parsedChunk(c);
  return feedOps(screen, p.ops, p.frameStart[from] ?? p.ops.length, p.frameStart[to] ?? p.ops.length);
}

export type Built =
  | { kind: 'done'; screen: GuacScreen; chunk: DisplayChunk; applied: number }
  | { kind: 'stale' }
  | { kind: 'error'; error: ApiError };

export interface BuildContext {
  cache: DisplayChunkCache;
  /**
   * A new, empty screen. `sizedFirst`: the first thing fed to it sizes the default layer, so a screen
   * already given some size ends up the same (see spare-screen.ts); otherwise it must be untouched.
   */
  createScreen(sizedFirst: boolean): GuacScreen;
  /** True once a newer seek is waiting (or the recording changed): stop and throw the work away. */
  superseded(): boolean;
  /** Resolves when superseded() may have turned true, so a wait for a flush can be abandoned. */
  nextPush(): Promise<void>;
  /** Lets the UI thread breathe between big feeds. */
  yieldNow(): Promise<void>;
  /** Resolves when waiting for the display to draw has taken too long (see FLUSH_GIVE_UP_MS). */
  flushTimeout(): Promise<void>;
}

/**
 * A display flush that never comes back (a drawing task that threw inside guacamole-common-js) must not
 * leave the player seeking for ever: after this long, what has been drawn is shown.
 */
export const FLUSH_GIVE_UP_MS = 10_000;

/** Text fed between two yields to the event loop while replaying many chunks. */
const YIELD_EVERY_CHARS = 4 * 1024 * 1024;

/**
 * A fresh screen showing time `target`, given `k`, the chunk that holds it: chunk k0 =
 * k.keyframeChunk's prelude, then every frame of chunks k0..k up to the last at or before `target`,
 * then one flush (all images decoded). Nothing is shown until the caller swaps it in.
 */
export async function buildScreenAt(target: TimeMs, k: DisplayChunk, ctx: BuildContext): Promise<Built> {
  const k0 = Math.min(k.keyframeChunk, k.chunkIndex);
  let first = k;
  if (k0 !== k.chunkIndex || (k0 > 0 && k.prelude === undefined)) {
    const r = await ctx.cache.keyframe(k0);
    if (!r.ok) return { kind: 'error', error: r.error };
    first = r.value;
  }
  if (ctx.superseded()) return { kind: 'stale' };
  let screen = ctx.createScreen(firstFed(first, k0 === k.chunkIndex ? framesUpTo(k, target) : first.frameTimesMs.length));
  const drop = <T extends Built>(b: T): T => {
    screen.dispose();
    return b;
  };
  let sinceYield = feedOps(screen, preludeOps(first));
  let applied = 0;
  for (let i = k0; i <= k.chunkIndex; i++) {
    let c = i === k.chunkIndex ? k : i === k0 ? first : ctx.cache.peek(i);
    if (!c) {
      ctx.cache.prefetch(i + 1);
      const r = await ctx.cache.byIndex(i);
      if (!r.ok) return drop({ kind: 'error', error: r.error });
      c = r.value;
    }
    if (ctx.superseded()) return drop({ kind: 'stale' });
    // A new part between the keyframe and t (a keyframe table older than the parts): start empty there.
    if (i > k0 && c.resetsDisplay) {
      screen.dispose();
      screen = ctx.createScreen(false);
    }
    applied = i === k.chunkIndex ? framesUpTo(c, target) : c.frameTimesMs.length;
    sinceYield += feedFrames(screen, c, 0, applied);
    if (i < k.chunkIndex && sinceYield > YIELD_EVERY_CHARS) {
      sinceYield = 0;
      await ctx.yieldNow();
    }
  }
  const flushed = await Promise.race([
    new Promise<boolean>((resolve) => screen.flush(() => resolve(true))),
    ctx.flushTimeout().then(() => true),
    untilSuperseded(ctx),
  ]);
  if (!flushed) return drop({ kind: 'stale' });
  return { kind: 'done', screen, chunk: k, applied };
}

/**
 * Whether the first op a build feeds sizes the screen (`size` of layer 0): the prelude's first, else the
 * first of chunk k0's `frames` fed frames. If k0 feeds nothing, whatever comes first is not known here: no.
 */
function firstFed(k0: DisplayChunk, frames: number): boolean {
  let op: Op | undefined = preludeOps(k0)[0];
  if (!op && frames > 0) {
    const p = parsedChunk(k0);
    if ((p.frameStart[frames] ?? p.ops.length) > 0) op = p.ops[0];
  }
  return op !== undefined && op.opcode === 'size' && op.args[0] === '0';
}

/** Resolves false once the build is superseded (checked at every push). */
async function untilSuperseded(ctx: BuildContext): Promise<false> {
  while (!ctx.superseded()) await ctx.nextPush();
  return false;
}

export type FollowResult = { kind: 'same'; chunk: DisplayChunk } | { kind: 'next'; chunk: DisplayChunk } | { kind: 'end' } | { kind: 'stale' };

export interface FollowOptions {
  cache: DisplayChunkCache;
  stillWanted(): boolean;
  indexingStopped(): boolean;
  sleep(): Promise<void>;
}

/** Playback reached the end of chunk `c` with nothing after it yet: ask until more data shows up. */
export async function followChunk(c: DisplayChunk, o: FollowOptions): Promise<FollowResult> {
  while (o.stillWanted()) {
    // Only an answer asked for after indexing stopped proves there is nothing more to come.
    const stopped = o.indexingStopped();
    const r = isSealed(c) ? await o.cache.byIndex(c.chunkIndex + 1) : await o.cache.byIndex(c.chunkIndex, true);
    if (!o.stillWanted()) break;
    if (r.ok) {
      const got = r.value;
      const changed = got.frameTimesMs.length > c.frameTimesMs.length || got.last || got.endMs > c.endMs || isSealed(got);
      if (got.chunkIndex === c.chunkIndex && changed) return { kind: 'same', chunk: got };
      if (got.chunkIndex === c.chunkIndex + 1) return { kind: 'next', chunk: got };
    }
    if (stopped) return { kind: 'end' };
    await o.sleep();
  }
  return { kind: 'stale' };
}

/** Chunks looked at, at most, when stepping back over frameless chunks. */
const STEP_SEARCH_CHUNKS = 8;

/**
 * Time to seek to for "previous frame": the frame before the last one on screen (frame `applied - 1`
 * of `c`, or the last frame of an earlier chunk), or 0 at the start.
 */
export async function previousFrameTime(cache: DisplayChunkCache, c: DisplayChunk, applied: number): Promise<TimeMs> {
  let shown: TimeMs | null = null;
  let chunk: DisplayChunk | undefined = c;
  let i = applied - 1;
  for (let k = 0; chunk && k < STEP_SEARCH_CHUNKS; k++) {
    for (; i >= 0; i--) {
      const t = chunk.frameTimesMs[i]!;
      if (shown === null) shown = t;
      else if (t < shown) return t;
    }
    if (chunk.chunkIndex === 0) break;
    const r = await cache.byIndex(chunk.chunkIndex - 1);
    chunk = r.ok ? r.value : undefined;
    i = (chunk?.frameTimesMs.length ?? 0) - 1;
  }
  return 0;
}

/**
 * Whether going on from the live screen reaches `target` (in chunk `k`) with no more work than a
 * rebuild from k's keyframe: the target is ahead, and the playhead is at or after that keyframe.
 */
export function canFeedForward(head: GuacPlayhead, target: TimeMs, k: DisplayChunk): boolean {
  const c = head.chunk;
  if (!c || target < head.timeMs || c.chunkIndex > k.chunkIndex || c.chunkIndex < Math.min(k.keyframeChunk, k.chunkIndex)) return false;
  // A chunk that may have grown since the playhead took it would be fed short.
  return c.chunkIndex === k.chunkIndex || isSealed(c);
}

/** Feeds the live screen from the playhead on to `target`, chunk by chunk; the playhead follows. */
export async function feedForward(
  target: TimeMs,
  k: DisplayChunk,
  head: GuacPlayhead,
  o: { cache: DisplayChunkCache; feed: FeedFrames; enter(c: DisplayChunk): void; superseded(): boolean },
): Promise<{ kind: 'done' } | { kind: 'stale' } | { kind: 'error'; error: ApiError }> {
  for (let guard = 0; guard < 10_000; guard++) {
    const c = head.chunk!;
    if (c.chunkIndex >= k.chunkIndex) {
      if (c !== k) head.replaceChunk(k);
      head.moveTo(target, o.feed);
      return { kind: 'done' };
    }
    head.moveTo(Math.max(head.timeMs, c.endMs), o.feed);
    let next = o.cache.peek(c.chunkIndex + 1);
    if (!next) {
      const r = await o.cache.byIndex(c.chunkIndex + 1);
      if (!r.ok) return { kind: 'error', error: r.error };
      next = r.value;
    }
    if (o.superseded()) return { kind: 'stale' };
    head.commit(next, 0, head.timeMs);
    o.enter(next);
  }
  return { kind: 'stale' };
}
