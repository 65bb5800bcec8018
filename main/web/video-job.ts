/**
 * The host's side of the CLI's video export page (shared/video-job.ts): hands out the job, hears its
 * progress, writes the file it sends under a temp name beside OUT (OutputFile: renamed only when the CLI
 * commits it) and settles `result` when the page says done or failed. Plugged into the web host as its
 * `privateApi`, so every route is behind the host's token.
 */
import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../../shared/api';
import { TrailviewError, toApiError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/model';
import { VIDEO_JOB_ROUTE, type VideoJob, type VideoJobAction, type VideoJobDone, type VideoJobFailure } from '../../shared/video-job';
import { OutputFile } from '../core/export/output-file';
import { BodyTooLarge, readBody, sendJson } from './http';

const MAX_MESSAGE_BYTES = 64 * 1024;
const ACTIONS: Record<VideoJobAction, 'POST' | 'PUT'> = { start: 'POST', progress: 'POST', output: 'PUT', done: 'POST', fail: 'POST' };

export interface VideoJobHost {
  /** The web host's `privateApi`. */
  handle(route: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The file (complete, under its temp name) and how it was made; rejects when the page fails. */
  readonly result: Promise<{ output: OutputFile; detail: string }>;
  /** Whether the page has asked for the job; when it last said anything (Date.now(), 0: never). */
  readonly started: boolean;
  readonly lastWordAt: number;
  /** Removes the temp file unless it was committed. */
  discard(): Promise<void>;
}

export function createVideoJobHost(job: VideoJob, finalPath: string, onProgress: (fraction: number) => void): VideoJobHost {
  let started = false;
  let lastWordAt = 0;
  let output: OutputFile | undefined;
  let received = false;
  let settled = false;
  let resolveResult!: (v: { output: OutputFile; detail: string }) => void;
  let rejectResult!: (e: Error) => void;
  const result = new Promise<{ output: OutputFile; detail: string }>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });
  // Whoever awaits it sees the rejection; this keeps an early one from being reported as unhandled.
  result.catch(() => undefined);
  const dropTemp = (): void => {
    if (output) rmSync(output.tempPath, { force: true });
  };
  const settle = (fn: () => void): void => {
    if (settled) return;
    settled = true;
    fn();
  };

  const answer = (res: ServerResponse, value: Result<unknown>, status = 200): true => {
    sendJson(res, status, value);
    return true;
  };
  const refuse = (res: ServerResponse, code: ErrorCode, message: string, status = 400): true => answer(res, { ok: false, error: { code, message } }, status);

  const readMessage = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const raw = await readBody(req, MAX_MESSAGE_BYTES);
    const value: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TrailviewError('BAD_REQUEST', 'the message is not a JSON object');
    return value as Record<string, unknown>;
  };

  const receive = async (req: IncomingMessage, res: ServerResponse): Promise<true> => {
    if (received || output) return refuse(res, 'BAD_REQUEST', 'the file was already sent');
    const file = new OutputFile(finalPath);
    output = file;
    // A second Ctrl+C exits at once: the temp file goes too (after a commit there is nothing at its name).
    process.once('exit', dropTemp);
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        lastWordAt = Date.now();
        await file.write(chunk);
      }
      // On disk before anyone reads it (the CLI probes the file before renaming it).
      await file.finishWriting();
    } catch (err) {
      await file.discard();
      const error = toApiError(err);
      settle(() => rejectResult(new TrailviewError(error.code, `the rendered file could not be received: ${error.message}`)));
      return refuse(res, error.code, error.message);
    }
    received = true;
    return answer(res, { ok: true, value: { sizeBytes: file.bytesWritten } });
  };

  const handle = async (route: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (!route.startsWith(VIDEO_JOB_ROUTE)) return false;
    const action = route.slice(VIDEO_JOB_ROUTE.length) as VideoJobAction;
    const method = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!method) return refuse(res, 'UNKNOWN_METHOD', `no such video job route: ${route.slice(0, 64)}`, 404);
    if (req.method !== method) return refuse(res, 'BAD_REQUEST', `use ${method} for /api/${route}`, 405);
    lastWordAt = Date.now();
    if (action === 'output') return receive(req, res);
    let msg: Record<string, unknown>;
    try {
      msg = await readMessage(req);
    } catch (err) {
      return refuse(res, err instanceof BodyTooLarge ? 'TOO_LARGE' : 'BAD_REQUEST', err instanceof BodyTooLarge ? 'the message is too large' : `the message is not valid: ${(err as Error).message}`);
    }
    switch (action) {
      case 'start':
        // One run per job: a page that reloads itself must not render the file twice.
        if (started) return refuse(res, 'BAD_REQUEST', 'the job has already been started');
        started = true;
        return answer(res, { ok: true, value: job });
      case 'progress': {
        const p = msg.progress;
        if (typeof p !== 'number' || !(p >= 0 && p <= 1)) return refuse(res, 'BAD_REQUEST', 'progress must be a number from 0 to 1');
        onProgress(p);
        return answer(res, { ok: true, value: {} });
      }
      case 'done': {
        const { detail } = msg as Partial<VideoJobDone>;
        if (!received || !output) return refuse(res, 'BAD_REQUEST', 'done before the file was sent');
        const file = output;
        settle(() => resolveResult({ output: file, detail: typeof detail === 'string' ? detail.slice(0, 500) : '' }));
        return answer(res, { ok: true, value: {} });
      }
      case 'fail': {
        const { code, message } = msg as Partial<VideoJobFailure>;
        const error = new TrailviewError(typeof code === 'string' ? code : 'INTERNAL', typeof message === 'string' ? message.slice(0, 1000) : 'the export failed in the browser');
        settle(() => rejectResult(error));
        return answer(res, { ok: true, value: {} });
      }
    }
  };

  return {
    handle,
    result,
    get started() {
      return started;
    },
    get lastWordAt() {
      return lastWordAt;
    },
    discard: async () => {
      await output?.discard();
      process.off('exit', dropTemp);
    },
  };
}
