/**
 * Search on two threads for big text indexes. A scan runs at ~1.2 GB/s on one core here, and a common
 * word in an hour of busy terminal output means ~100 MB to scan. Once the index is complete (and saved
 * in the cache), the later half of its blocks moves to a helper thread (search-thread.ts): each search
 * scans both halves at once and joins the hits in line order. The text is held once, by whichever
 * thread scans it; the session asks the helper for the transcript lines it holds. If the helper is
 * lost, the session loads the text from the cache again and searches on one thread (session.ts).
 */
import { Worker } from 'node:worker_threads';
import type { SearchRequest, SearchResult } from '../../../shared/model';
import type { TextIndex } from './text-index';
import { collectGarbage } from '../collect-garbage';
import { BLOCK_STORED, type HelperReply, type HelperRequest } from './search-thread';

export type { HelperReply, HelperRequest } from './search-thread';

/** Below this (characters of text) one thread scans in ~30 ms: not worth a thread. */
const SPLIT_MIN_CHARS = 32 * 1024 * 1024;
const HELPER_YOUNG_GENERATION_MB = 2;
/** While blocks move to the helper, this thread collects its garbage this often (characters sent). */
const COLLECT_EVERY_CHARS = 16 * 1024 * 1024;

/** A helper thread, or a stand-in for one (tests): takes messages, answers through `onReply`. */
export interface HelperChannel {
  post(m: HelperRequest): void;
  /** Replies; `lost` when the helper died (every pending call then fails). */
  listen(onReply: (r: HelperReply) => void, lost: (e: Error) => void): void;
  stop(): void;
}

export type HelperSpawner = () => HelperChannel;

/** The helper was lost (its thread died or was stopped): the session falls back to one thread. */
export class HelperLostError extends Error {}

let spawner: HelperSpawner | undefined;

/** How this process starts helpers: the built helper script at `script`, or `spawn` (tests); undefined: never. */
export function setSearchSpawner(how: { script: string } | { spawn: HelperSpawner } | undefined): void {
  spawner = how === undefined ? undefined : 'spawn' in how ? how.spawn : threadSpawner(how.script);
}

/** TRAILVIEW_SEARCH_SPLIT=off turns helpers off; a number sets the minimum index size in characters. */
export function searchSplitMinChars(env = process.env.TRAILVIEW_SEARCH_SPLIT): number {
  if (env === undefined || env === '') return SPLIT_MIN_CHARS;
  if (env === 'off') return Number.POSITIVE_INFINITY;
  const n = Number(env);
  return Number.isFinite(n) && n >= 0 ? n : SPLIT_MIN_CHARS;
}

/** A complete text index whose later blocks a helper thread holds and searches. */
export class SplitSearch {
  private readonly pending = new Map<number, { resolve: (r: HelperReply & { ok: true }) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private lost: Error | undefined;

  private constructor(
    private readonly index: TextIndex,
    private readonly channel: HelperChannel,
  ) {
    channel.listen(
      (r) => {
        const p = this.pending.get(r.callId);
        if (!p) return;
        this.pending.delete(r.callId);
        if (r.ok) p.resolve(r);
        else p.reject(new Error(r.message));
      },
      (e) => this.fail(e),
    );
  }

  /**
   * Hands the later half of `index` (complete, not to change any more) to a new helper; undefined (and
   * nothing handed) where no helper can start or the index is too small to be worth one.
   */
  static start(index: TextIndex, minChars = searchSplitMinChars()): SplitSearch | undefined {
    if (!spawner || index.chars < minChars) return undefined;
    let channel: HelperChannel;
    try {
      channel = spawner();
    } catch {
      return undefined;
    }
    const split = new SplitSearch(index, channel);
    if (!index.handOff((block) => channel.post({ type: 'block', block }))) {
      channel.stop();
      return undefined;
    }
    return split;
  }

  /** Fails with HelperLostError when the helper is gone (a bad query fails as on one thread). */
  search(req: SearchRequest, partial: boolean): Promise<SearchResult> {
    return this.index.searchSplit(req, partial, (limit) => this.call({ type: 'search', req, limit }).then((r) => r.part!));
  }

  /** The text of lines [from, from + count) that the helper holds. */
  async lines(from: number, count: number): Promise<string[]> {
    return (await this.call({ type: 'lines', from, count })).lines!;
  }

  stop(): void {
    this.fail(new HelperLostError('search helper stopped'));
    this.channel.stop();
  }

  private call(m: { type: 'search'; req: SearchRequest; limit: number } | { type: 'lines'; from: number; count: number }): Promise<HelperReply & { ok: true }> {
    if (this.lost) return Promise.reject(this.lost);
    const callId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      this.channel.post({ ...m, callId });
    });
  }

  private fail(e: Error): void {
    this.lost ??= e instanceof HelperLostError ? e : new HelperLostError(`search helper lost: ${e.message}`);
    for (const p of this.pending.values()) p.reject(this.lost);
    this.pending.clear();
  }
}

function threadSpawner(script: string): HelperSpawner {
  return () => {
    const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: HELPER_YOUNG_GENERATION_MB } });
    // It must not keep the session's thread alive.
    worker.unref();
    // One block in flight at a time: all of them posted at once would wait in the port as ~50 MB of
    // serialised messages (memory the allocator then keeps). Requests queue behind the blocks. Sent
    // blocks are garbage here (the index kept only their line offsets): collected every few blocks, or
    // this thread would hold them next to the helper's copy for a while.
    const queue: HelperRequest[] = [];
    let blockInFlight = false;
    let sentChars = 0;
    const flush = (): void => {
      while (!blockInFlight && queue.length > 0) {
        const m = queue.shift()!;
        worker.postMessage(m);
        blockInFlight = m.type === 'block';
        if (m.type !== 'block') continue;
        sentChars += m.block.text.length;
        if (sentChars >= COLLECT_EVERY_CHARS || !queue.some((q) => q.type === 'block')) {
          sentChars = 0;
          collectGarbage();
        }
      }
    };
    return {
      post(m) {
        queue.push(m);
        flush();
      },
      listen(onReply, lost) {
        worker.on('message', (r: HelperReply) => {
          if (r.callId !== BLOCK_STORED.callId) return onReply(r);
          blockInFlight = false;
          flush();
        });
        worker.on('error', lost);
        worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
      },
      stop: () => void worker.terminate(),
    };
  };
}
