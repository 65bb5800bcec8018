/**
 * worker_threads entry (built to out/main/worker.js): one worker per open recording. Everything it does
 * is in SessionRouter and the sessions it picks; this only relays messages.
 */
import { parentPort } from 'node:worker_threads';
import { toApiError } from '../../shared/errors';
import { dispatch, type CallMessage, type WorkerMessage } from './session-protocol';
import { SessionRouter } from './session-router';

const port = parentPort;
if (port) {
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const session = new SessionRouter((event) => post({ type: 'event', event }));
  port.on('message', (msg: CallMessage) => {
    dispatch(session, msg.method, msg.args).then(
      (value) => post({ type: 'result', callId: msg.callId, ok: true, value }),
      (err: unknown) => post({ type: 'result', callId: msg.callId, ok: false, error: toApiError(err) }),
    );
  });
}
