/**
 * The head's side of split indexing (see split.ts): keeps what the tail sends until the head's state
 * matches one of the tail's chunk starts, then hands the tail's chunks on (in order) from that one.
 */
import { TrailviewError } from '../../../shared/errors';
import type { SavedCursorOmit } from './indexer';
import type { TailChunk, TailFacts, TailHandle, TailMessage, TailOptions, TailResult, TailSpawner } from './split';

/**
 * The tail's chunks cannot be used after the join: it restored a saved cursor it never saw being saved
 * (the head's state had one the signatures left out, so its chunks from there on may be wrong; rare: a
 * DECRC whose DECSC came before the split), or its thread failed. The recording is indexed again on the
 * head's thread alone.
 */
export class SplitDivergedError extends TrailviewError {
  constructor(fileName: string, why: string) {
    super('INTERNAL', `${fileName}: ${why}; indexing again on one thread`);
  }
}

export type JoinState = 'waiting' | 'joined' | 'abandoned';

export class TailJoin {
  private joinState: JoinState = 'waiting';
  private handle: TailHandle | undefined;
  private held: TailChunk[] = [];
  private candidates = 0;
  private tailDone = false;
  /** Why the tail's chunks cannot be used after all (set once joined). */
  private failure: string | undefined;
  private settle: { resolve(): void; reject(e: unknown): void } | undefined;
  /** Settles once the head joined and the tail sent its last chunk (rejects if the tail failed after). */
  readonly done: Promise<void>;
  /** Chunks taken from the tail. */
  taken = 0;
  /** What the tail's read of the whole file found (once it is done). */
  result: TailResult | undefined;
  /** The tail's latest counts, until the head joins. */
  private heldFacts: TailFacts | undefined;

  constructor(
    private readonly opts: TailOptions,
    /** Receives the tail's chunks from the join point on, in order. */
    private readonly onChunk: (c: TailChunk) => void,
    /** Receives what the tail has counted so far, once joined (the latest of what it sent before too). */
    private readonly onFacts: (f: TailFacts) => void = () => undefined,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  get state(): JoinState {
    return this.joinState;
  }

  start(spawn: TailSpawner): void {
    this.handle = spawn(this.opts, (m) => this.receive(m));
  }

  /** The head is at a chunk start (event `eventIndex`) past the split event: join the tail here? */
  candidate(eventIndex: number, signature: (omitSaved: SavedCursorOmit) => string): boolean {
    if (this.joinState !== 'waiting') return false;
    const at = this.held.findIndex((c) => c.firstEvent === eventIndex);
    const theirs = at >= 0 ? this.held[at]!.signature : undefined;
    if (theirs !== undefined && theirs.text === signature(theirs.omitSaved)) {
      this.joinState = 'joined';
      const from = this.held.slice(at);
      this.held = [];
      for (const c of from) this.take(c);
      if (this.heldFacts && !this.failure) this.onFacts(this.heldFacts);
      this.heldFacts = undefined;
      if (this.tailDone) this.finishJoined();
      return true;
    }
    if (++this.candidates >= this.opts.signChunks) this.abandon();
    return false;
  }

  /** The head goes on alone (no match, the tail failed, or the head ended or was cancelled). */
  abandon(): void {
    if (this.joinState === 'joined') return;
    this.joinState = 'abandoned';
    this.held = [];
    this.heldFacts = undefined;
    this.handle?.stop();
  }

  /** Stops the tail whatever the state (cancel, failure). */
  stop(): void {
    if (this.joinState === 'waiting') this.joinState = 'abandoned';
    this.held = [];
    this.handle?.stop();
    if (!this.tailDone) this.settle?.reject(new TrailviewError('CANCELLED', `${this.opts.fileName}: indexing stopped`));
  }

  private take(c: TailChunk): void {
    if (this.failure) return;
    delete c.signature;
    if (c.restoredInherited) this.failure ??= 'the two indexing threads disagree after joining';
    this.taken++;
    try {
      this.onChunk(c);
    } catch (e) {
      this.failure = `the second indexing thread's output could not be read (${(e as Error).message})`;
      this.handle?.stop();
      this.finishJoined();
    }
  }

  private finishJoined(): void {
    if (this.failure) this.settle?.reject(new SplitDivergedError(this.opts.fileName, this.failure));
    else this.settle?.resolve();
  }

  private receive(m: TailMessage): void {
    if (this.joinState === 'abandoned') return;
    switch (m.type) {
      case 'chunk':
        if (this.joinState === 'joined') this.take(m);
        else this.held.push(m);
        break;
      case 'facts':
        if (this.joinState !== 'joined') this.heldFacts = m;
        else if (!this.failure) this.onFacts(m);
        break;
      case 'done':
        this.tailDone = true;
        this.result = m.result;
        if (this.joinState === 'joined') this.finishJoined();
        break;
      case 'failed':
        if (this.joinState === 'joined') {
          this.settle?.reject(new SplitDivergedError(this.opts.fileName, `the second indexing thread failed (${m.message})`));
        } else {
          this.abandon();
        }
        break;
    }
  }
}
