/**
 * Where a recording's session runs: in a worker_threads worker (ThreadHost), or on the calling thread
 * (InlineHost, for tests). Both answer the session protocol's calls with typed errors.
 */
import { Worker } from 'node:worker_threads';
import { TrailviewError, toApiError } from '../../shared/errors';
import type { ApiError } from '../../shared/model';
import type { SessionEvent } from './session';
import { SessionRouter } from './session-router';
import { dispatch, type CallMessage, type SessionCalls, type SessionMethod, type WorkerMessage } from './session-protocol';
import { SummaryReceiver } from './summary-wire';

export interface Host {
  call<M extends SessionMethod>(method: M, ...args: SessionCalls[M]): Promise<unknown>;
  terminate(): Promise<void>;
}

function fromApiError(e: ApiError): TrailviewError {
  return new TrailviewError(e.code, e.message, { offsetBytes: e.offsetBytes, line: e.line });
}

export class InlineHost implements Host {
  private readonly session: SessionRouter;
  constructor(onEvent: (e: SessionEvent) => void) {
    this.session = new SessionRouter(onEvent);
  }
  async call<M extends SessionMethod>(method: M, ...args: SessionCalls[M]): Promise<unknown> {
    try {
      // A structured-clone round trip would be the thread mode's behaviour; values here are plain data.
      return await dispatch(this.session, method, args);
    } catch (e) {
      throw fromApiError(toApiError(e));
    }
  }
  async terminate(): Promise<void> {}
}

/**
 * The session worker's young generation. V8's default grows it to tens of MB; a smaller one measured
 * 10-20 MB less peak RSS at the same indexing speed (bench cast, CLI: 4.6-5.9 s against 5.3-6.3 s;
 * the Guacamole keyframe pass on the 100 MB dump 23.4-23.6 s against 21.9-23.1 s).
 */
const SESSION_YOUNG_GENERATION_MB = 16;

export class ThreadHost implements Host {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private dead: TrailviewError | undefined;
  private onEvent: (e: SessionEvent) => void = () => undefined;
  private readonly summaries = new SummaryReceiver();
  /** The worker runs (its modules may still be loading; calls made now wait in its queue). */
  readonly online: Promise<void>;

  /** Starts the worker now; `adopt` gives it its recording's event listener when it is put to use. */
  constructor(workerPath: string) {
    this.worker = new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: SESSION_YOUNG_GENERATION_MB } });
    this.online = new Promise((resolve) => this.worker.once('online', () => resolve()));
    // A spare must not keep a process alive; adopt() refs it.
    this.worker.unref();
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'event') return this.onEvent(m.event.event === 'summary' ? { event: 'summary', payload: this.summaries.unpack(m.event.payload) } : m.event);
      const p = this.pending.get(m.callId);
      if (!p) return;
      this.pending.delete(m.callId);
      if (m.ok) p.resolve(m.value);
      else p.reject(fromApiError(m.error));
    });
    const fail = (why: string): void => {
      this.dead = new TrailviewError('INTERNAL', `the indexing worker stopped: ${why}`);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', (e) => fail(e.message));
    this.worker.on('exit', (code) => fail(`exit code ${code}`));
  }

  get usable(): boolean {
    return this.dead === undefined;
  }

  adopt(onEvent: (e: SessionEvent) => void): this {
    this.onEvent = onEvent;
    this.worker.ref();
    return this;
  }

  call<M extends SessionMethod>(method: M, ...args: SessionCalls[M]): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const callId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      const msg: CallMessage = { type: 'call', callId, method, args };
      this.worker.postMessage(msg);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
