/**
 * The messages between the core and a recording's worker, and the dispatcher both the worker entry and
 * inline mode use, so the two modes run exactly the same code.
 */
import type { ApiError } from '../../shared/model';
import { TrailviewError } from '../../shared/errors';
import type { SessionEvent } from './session';
import type { SessionRouter } from './session-router';
import type { WireSummary } from './summary-wire';
import { prepareStandbyTail } from './terminal/tail-thread';

export interface SessionCalls {
  open: [path: string, dataDir: string, displayName?: string, member?: string, jobId?: string];
  cancelOpen: [];
  summary: [];
  chunk: [at: { atMs?: number; chunkIndex?: number }];
  search: [req: import('../../shared/model').SearchRequest];
  screenAt: [atMs: number];
  transcriptPage: [from: number, count: number];
  activity: [];
  whenIndexed: [];
  cancel: [];
  close: [];
  commands: [];
  transfers: [];
  media: [];
  exportClip: [jobId: string, req: import('./export/types').ClipRequest];
  exportCancel: [jobId: string];
  /** Boot a standby tail for the next open's split indexing (terminal/tail-thread.ts); false where tails are not threads. */
  prepareTail: [];
}

export type SessionMethod = keyof SessionCalls;

export interface CallMessage {
  type: 'call';
  callId: number;
  method: SessionMethod;
  args: unknown[];
}

/** An event as a worker posts it: summaries may leave out idle stretches already sent (summary-wire.ts). */
export type WireEvent = Exclude<SessionEvent, { event: 'summary' }> | { event: 'summary'; payload: WireSummary };

export type WorkerMessage =
  | { type: 'result'; callId: number; ok: true; value: unknown }
  | { type: 'result'; callId: number; ok: false; error: ApiError }
  | { type: 'event'; event: WireEvent };

export async function dispatch(session: SessionRouter, method: SessionMethod, args: unknown[]): Promise<unknown> {
  // Arguments come from our own core (typed by SessionCalls at the call site), not from the UI.
  const a = args as [never, never];
  switch (method) {
    case 'open':
      return session.open(a[0], a[1], (args as [string, string, string | undefined])[2], (args as [string, string, string | undefined, string | undefined])[3], (args as SessionCalls['open'])[4]);
    case 'cancelOpen':
      return session.cancelOpen();
    case 'summary':
      return session.summary();
    case 'chunk':
      return session.chunk(a[0]);
    case 'search':
      return session.search(a[0]);
    case 'screenAt':
      return session.screenAt(a[0]);
    case 'transcriptPage':
      return session.transcriptPage(a[0], a[1]);
    case 'activity':
      return session.activity();
    case 'whenIndexed':
      return session.whenIndexed();
    case 'cancel':
      return session.cancel();
    case 'close':
      return session.close();
    case 'commands':
      return session.commands();
    case 'transfers':
      return session.transfers();
    case 'media':
      return session.media();
    case 'exportClip':
      return session.exportClip(a[0], a[1]);
    case 'exportCancel':
      return session.exportCancel(a[0]);
    case 'prepareTail':
      return prepareStandbyTail();
    default:
      throw new TrailviewError('UNKNOWN_METHOD', `unknown session method ${JSON.stringify(method)}`);
  }
}
