/**
 * worker_threads entry (built to out/main/worker.js): one worker per open recording. Everything it does
 * is in SessionRouter and the sessions it picks; this only relays messages. Started with a tail's
 * workerData, it is the second thread of a split terminal indexing run instead (terminal/split.ts).
 */
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../shared/errors';
import { dispatch, type CallMessage, type WorkerMessage } from './session-protocol';
import { SessionRouter } from './session-router';
import { SummarySender } from './summary-wire';
import { runTailThread, setTailSpawner, type TailWorkerData } from './terminal/tail-thread';
import { setSearchSpawner } from './terminal/search-helper';

const port = parentPort;
const tail = (workerData as TailWorkerData | null)?.role === 'tail' ? (workerData as TailWorkerData) : undefined;
if (port && tail) {
  runTailThread(port, tail);
} else if (port) {
  setTailSpawner({ script: fileURLToPath(import.meta.url) });
  setSearchSpawner({ script: fileURLToPath(new URL('./search-worker.js', import.meta.url)) });
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const summaries = new SummarySender();
  const session = new SessionRouter((event) => post({ type: 'event', event: event.event === 'summary' ? { event: 'summary', payload: summaries.pack(event.payload) } : event }));
  port.on('message', (msg: CallMessage) => {
    dispatch(session, msg.method, msg.args).then(
      (value) => post({ type: 'result', callId: msg.callId, ok: true, value }),
      (err: unknown) => post({ type: 'result', callId: msg.callId, ok: false, error: toApiError(err) }),
    );
  });
}
