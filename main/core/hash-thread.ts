/**
 * SHA-256 of a file on a thread of its own: a big recording is hashed (for its id, its cache key and the
 * evidence hash) while the indexer reads it on the other core, instead of before it.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { TrailviewError } from '../../shared/errors';
import type { OpenJob } from './open-job';

// Plain CommonJS run with `eval: true`: no bundle entry of its own, the same in tests and in the app.
const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const fd = openSync(workerData.path, 'r');
try {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  let size = 0;
  for (let n; (n = readSync(fd, buf, 0, buf.length, size)) > 0; ) {
    hash.update(buf.subarray(0, n));
    size += n;
    parentPort.postMessage({ hashedBytes: size });
  }
  parentPort.postMessage({ sha256: hash.digest('hex'), sizeBytes: size });
} finally {
  closeSync(fd);
}
`;

export interface HashJob {
  done: Promise<{ sha256: string; sizeBytes: number }>;
  stop(): void;
}

/** `job`: progress as 'hashing' (bytes hashed of the file's size); its signal stops the thread. */
export function hashInThread(path: string, fileName: string, job?: OpenJob): HashJob {
  const worker = new Worker(CODE, { eval: true, workerData: { path } });
  const totalBytes = job?.onProgress ? (statSync(path, { throwIfNoEntry: false })?.size ?? 0) : 0;
  const stopOnAbort = (): void => void worker.terminate();
  job?.signal?.addEventListener('abort', stopOnAbort, { once: true });
  if (job?.signal?.aborted) stopOnAbort();
  const done = new Promise<{ sha256: string; sizeBytes: number }>((resolve, reject) => {
    worker.on('message', (m: { sha256: string; sizeBytes: number } | { hashedBytes: number }) => {
      if ('hashedBytes' in m) job?.onProgress?.('hashing', m.hashedBytes, totalBytes);
      else resolve(m);
    });
    worker.once('error', (e: NodeJS.ErrnoException) => reject(new TrailviewError('NOT_READABLE', `${fileName}: cannot be read to hash it (${e.code ?? e.message})`)));
    worker.once('exit', (code) => reject(new TrailviewError('CANCELLED', `${fileName}: hashing stopped (exit ${code})`)));
  });
  done.catch(() => undefined).finally(() => {
    job?.signal?.removeEventListener('abort', stopOnAbort);
    void worker.terminate();
  });
  return { done, stop: () => void worker.terminate() };
}
