/**
 * Split indexing's tail on a worker_threads thread of its own: the same bundle as the session worker
 * (worker.ts starts the tail when its workerData says so). Where no bundle is known (tests running the
 * sources, InlineHost), nothing is split unless a spawner is set.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { runTail, type TailMessage, type TailOptions, type TailSpawner } from './split';

export interface TailWorkerData {
  role: 'tail';
  opts: TailOptions;
}

const TAIL_YOUNG_GENERATION_MB = 8;

let spawner: TailSpawner | undefined;

/** How this process starts tails: from the worker bundle at `script`, or `spawn` (tests). */
export function setTailSpawner(how: { script: string } | { spawn: TailSpawner } | undefined): void {
  spawner = how === undefined ? undefined : 'spawn' in how ? how.spawn : threadSpawner(how.script);
}

export function tailSpawner(): TailSpawner | undefined {
  return spawner;
}

function threadSpawner(script: string): TailSpawner {
  return (opts, onMessage) => {
    const data: TailWorkerData = { role: 'tail', opts };
    // A small young generation: the tail's garbage is short-lived, and a big one costs ~30 MB of RSS and,
    // measured on the bench's cast, a little speed too.
    const worker = new Worker(script, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: TAIL_YOUNG_GENERATION_MB } });
    let ended = false;
    const end = (m: TailMessage): void => {
      if (ended) return;
      if (m.type === 'done' || m.type === 'failed') ended = true;
      onMessage(m);
    };
    worker.on('message', end);
    worker.on('error', (e) => end({ type: 'failed', message: e.message }));
    worker.on('exit', (code) => end({ type: 'failed', message: `exit code ${code}` }));
    return { stop: () => void worker.terminate() };
  };
}

/** In the tail's thread: run it, posting to the session's thread. */
export function runTailThread(port: MessagePort, data: TailWorkerData): void {
  void runTail(data.opts, (m) => port.postMessage(m)).finally(() => port.close());
}
