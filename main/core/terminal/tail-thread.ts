/**
 * Split indexing's tail on a worker_threads thread of its own: the same bundle as the session worker
 * (worker.ts starts the tail when its workerData says so). Where no bundle is known (tests running the
 * sources, InlineHost), nothing is split unless a spawner is set.
 *
 * A thread takes ~0.25 s (more on a busy machine) to boot and load the bundle, time the tail lost at the
 * start of every split run. So a warmed-up spare worker also keeps a standby tail (prepareStandbyTail):
 * booted, waiting for its options. The session's next open uses it or lets it go (releaseStandbyTail),
 * so no more than one idle tail exists per spare.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { runTail, type TailMessage, type TailOptions, type TailSpawner } from './split';

/** A tail's workerData: with `opts` it runs at once; without, it is a standby waiting for a TailStart. */
export interface TailWorkerData {
  role: 'tail';
  opts?: TailOptions;
}

/** What a standby tail is sent when it is put to work. */
export interface TailStart {
  type: 'start';
  opts: TailOptions;
}

const TAIL_YOUNG_GENERATION_MB = 8;

let spawner: TailSpawner | undefined;
let script: string | undefined;
let standby: TailThread | undefined;

/** How this process starts tails: from the worker bundle at `script`, or `spawn` (tests). */
export function setTailSpawner(how: { script: string } | { spawn: TailSpawner } | undefined): void {
  releaseStandbyTail();
  script = how && 'script' in how ? how.script : undefined;
  spawner = how === undefined ? undefined : 'spawn' in how ? how.spawn : threadSpawner;
}

export function tailSpawner(): TailSpawner | undefined {
  return spawner;
}

/** Boots a standby tail (where tails are threads and none is waiting). */
export function prepareStandbyTail(): boolean {
  if (script === undefined || spawner !== threadSpawner) return false;
  if (!standby?.usable) standby = new TailThread(script);
  return true;
}

/** The standby tail was not needed by this open: stop it. */
export function releaseStandbyTail(): void {
  standby?.stop();
  standby = undefined;
}

/** Whether a booted standby is waiting (tests). */
export function hasStandbyTail(): boolean {
  return standby?.usable === true;
}

const threadSpawner: TailSpawner = (opts, onMessage) => {
  const ready = standby?.usable ? standby : undefined;
  standby = undefined;
  const thread = ready ?? new TailThread(script!, opts);
  thread.run(opts, onMessage);
  return { stop: () => thread.stop() };
};

/** One tail thread; its messages go to whoever run() it (a standby's, from then on). */
class TailThread {
  private readonly worker: Worker;
  private onMessage: ((m: TailMessage) => void) | undefined;
  private ended = false;
  private exited = false;
  /** Started without options: it waits for a TailStart. */
  private readonly waiting: boolean;

  constructor(path: string, opts?: TailOptions) {
    this.waiting = opts === undefined;
    const data: TailWorkerData = opts ? { role: 'tail', opts } : { role: 'tail' };
    // A small young generation: the tail's garbage is short-lived, and a big one costs ~30 MB of RSS and,
    // measured on the bench's cast, a little speed too.
    this.worker = new Worker(path, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: TAIL_YOUNG_GENERATION_MB } });
    this.worker.on('message', (m: TailMessage) => this.deliver(m));
    this.worker.on('error', (e) => this.deliver({ type: 'failed', message: e.message }));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.deliver({ type: 'failed', message: `exit code ${code}` });
    });
    // An idle standby does not keep a CLI's process alive.
    if (this.waiting) this.worker.unref();
  }

  /** Still able to take work (a standby that has not exited). */
  get usable(): boolean {
    return !this.exited && this.onMessage === undefined;
  }

  /** Its messages go to `onMessage` from now on; a standby is sent `opts` (one started with them runs already). */
  run(opts: TailOptions, onMessage: (m: TailMessage) => void): void {
    this.onMessage = onMessage;
    if (!this.waiting) return;
    this.worker.ref();
    const start: TailStart = { type: 'start', opts };
    this.worker.postMessage(start);
  }

  stop(): void {
    void this.worker.terminate();
  }

  private deliver(m: TailMessage): void {
    if (this.ended || !this.onMessage) return;
    if (m.type === 'done' || m.type === 'failed') this.ended = true;
    this.onMessage(m);
  }
}

/** In the tail's thread: run it (a standby first waits for its TailStart), posting to the session's thread. */
export function runTailThread(port: MessagePort, data: TailWorkerData): void {
  const go = (opts: TailOptions): void => void runTail(opts, (m) => port.postMessage(m)).finally(() => port.close());
  if (data.opts) return go(data.opts);
  port.once('message', (m: TailStart) => go(m.opts));
}
