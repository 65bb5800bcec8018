/**
 * Browser mode: the same core behind HTTP on 127.0.0.1, guarded by a random per-run token.
 * POST /api/<method> -> Result envelope; GET /api/events -> server-sent events; PUT /api/upload ->
 * {uploadId}; GET /media/<token> -> Range-aware media; anything else -> the built renderer.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EventName, Events } from '../../shared/api';
import type { RecordingSummary } from '../../shared/model';
import { toApiError } from '../../shared/errors';
import type { Core } from '../core/types';
import { dispatch } from '../host/dispatch';
import { DisplayNames } from '../host/display-names';
import { forwardCoreEvents } from '../host/events';
import { createHandlers, type HostParts } from '../host/handlers';
import { createMediaRegistry, openMedia, type MediaRegistry } from '../host/media';
import { openFiles, type OpenFilesResult } from '../host/open-files';
import { createRecentStore, jsonFileBackend } from '../host/recent-store';
import { createScanJobs } from '../host/folder-scan';
import { summaryJsonParts } from '../host/summary-json';
import { createSettingsStore, jsonFileSettingsBackend } from '../host/settings-store';
import { createBookmarkStore } from '../host/bookmark-store';
import { createLogStore } from '../host/log-store';
import { lookupStatic, SECURITY_HEADERS } from '../host/static-files';
import { cleanUploadName, createUploadStore } from '../host/uploads';
import { BodyTooLarge, MAX_JSON_BODY_BYTES, readBody, requestToken, sendError, sendJson, sendJsonBytes, tokenMatches } from './http';

export const HEARTBEAT_MS = 15_000;

export interface WebHostOptions {
  core: Core;
  dataDir: string;
  /** Built renderer folder (out/renderer). */
  rendererDir: string;
  /** 0 (default) = a random free port. */
  port?: number;
  version?: string;
  maxUploadBytes?: number;
  heartbeatMs?: number;
  /** Dispose the core on close (true when the host created it). */
  ownsCore?: boolean;
  /**
   * Routes under /api/ that only this host serves, outside the contract (the CLI's video export page,
   * shared/video-job.ts): answers true when it took the request. Asked after the token check.
   */
  privateApi?: (route: string, req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  core: Core;
  media: MediaRegistry;
  /** Open files the host was given (CLI args, samples) and tell connected pages. */
  openFiles(paths: string[], remember: boolean): Promise<OpenFilesResult>;
  close(): Promise<void>;
}

export async function createWebHost(opts: WebHostOptions): Promise<WebHost> {
  const { core } = opts;
  const token = randomBytes(24).toString('base64url');
  const names = new DisplayNames();
  const uploads = createUploadStore({ dir: join(opts.dataDir, 'uploads'), maxBytes: opts.maxUploadBytes });
  const parts: HostParts = {
    mode: 'web',
    version: opts.version ?? '0.0.0',
    recent: createRecentStore(jsonFileBackend(join(opts.dataDir, 'recent.json'))),
    bookmarks: createBookmarkStore(join(opts.dataDir, 'bookmarks')),
    logs: createLogStore({ dir: join(opts.dataDir, 'logs') }),
    names,
    resolveUpload: (id) => uploads.resolve(id),
    settings: createSettingsStore(jsonFileSettingsBackend(join(opts.dataDir, 'settings.json'))),
    scans: createScanJobs(),
    emit: (event, payload) => push(event, payload),
    // Exports are downloaded from here (the page gets a /media/ URL, never a path).
    exportDir: join(opts.dataDir, 'exports'),
  };
  const media = createMediaRegistry();
  // Media requests carry the page's access token in the query: a <video> element cannot send headers.
  parts.media = { registry: media, urlFor: (t) => `/media/${t}?token=${token}` };
  const handlers = createHandlers(core, parts);
  // A summary is replaced when anything in it changes, never edited: a page or script that polls it gets
  // the bytes of one serialization (see ../host/summary-json.ts), not a fresh copy at every request.
  const summaryBodies = new WeakMap<RecordingSummary, Buffer>();
  const summaryBytes = (value: RecordingSummary): Buffer => {
    let bytes = summaryBodies.get(value);
    if (!bytes) summaryBodies.set(value, (bytes = Buffer.concat(summaryJsonParts('{"ok":true,"value":', value, '}'))));
    return bytes;
  };
  const streams = new Set<ServerResponse>();
  let port = 0;

  const push = <E extends EventName>(event: E, payload: Events[E]) => {
    const frame = event === 'summary' ? summaryJsonParts('data: {"event":"summary","payload":', payload as RecordingSummary, '}\n\n') : [`data: ${JSON.stringify({ event, payload })}\n\n`];
    for (const res of streams) for (const part of frame) res.write(part);
  };
  const unsubscribe = forwardCoreEvents(core, names, push);
  // Every page follows a change made in any other (and the next page load reads it from the file).
  const offSettings = parts.settings!.onChange((settings) => push('settings', settings));
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': heartbeat\n\n');
  }, opts.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  const authorized = (req: IncomingMessage, url: URL, res: ServerResponse) => {
    if (tokenMatches(token, requestToken(req, url))) return true;
    sendError(res, 401, 'BAD_REQUEST', 'Missing or wrong access token: open the URL Trailview printed (it ends in ?token=...).');
    return false;
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!authorized(req, url, res)) return;
    const route = url.pathname.slice('/api/'.length);
    if (opts.privateApi && (await opts.privateApi(route, req, res))) return;
    if (route === 'events') {
      if (req.method !== 'GET') return sendError(res, 405, 'BAD_REQUEST', 'Use GET for /api/events.');
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (route === 'upload') {
      if (req.method !== 'PUT') return sendError(res, 405, 'BAD_REQUEST', 'Use PUT for /api/upload.');
      const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
      try {
        const { uploadId } = await uploads.receive(req, cleanUploadName(url.searchParams.get('name')), declared);
        return sendJson(res, 200, { ok: true, value: { uploadId } });
      } catch (err) {
        const error = toApiError(err);
        res.setHeader('Connection', 'close');
        return sendJson(res, error.code === 'TOO_LARGE' ? 413 : 400, { ok: false, error });
      }
    }
    if (req.method !== 'POST') return sendError(res, 405, 'BAD_REQUEST', `Use POST for /api/${route.slice(0, 64)}.`);
    let body: unknown = {};
    try {
      const raw = await readBody(req, MAX_JSON_BODY_BYTES);
      if (raw.length > 0) body = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        return sendError(res, 413, 'TOO_LARGE', `The request body is larger than ${MAX_JSON_BODY_BYTES} bytes.`);
      }
      return sendError(res, 400, 'BAD_REQUEST', `/api/${route.slice(0, 64)}: the request body is not valid JSON.`);
    }
    const result = await dispatch(handlers, route, body);
    if (route === 'summary' && result.ok) return sendJsonBytes(res, 200, summaryBytes(result.value as RecordingSummary));
    sendJson(res, 200, result);
  };

  const mediaRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!authorized(req, url, res)) return;
    const answer = await openMedia(media, url.pathname.slice('/media/'.length), req.headers.range);
    res.writeHead(answer.status, { ...SECURITY_HEADERS, ...answer.headers });
    if (!answer.body || req.method === 'HEAD') return void res.end();
    await pipeline(answer.body, res);
  };

  const staticRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
      return void res.end();
    }
    const found = await lookupStatic(opts.rendererDir, url.pathname);
    if (!found.ok) {
      res.writeHead(found.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end(found.status === 403 ? 'Forbidden\n' : 'Not found\n');
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Content-Length': found.sizeBytes, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(createReadStream(found.path), res);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach us.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      sendError(res, 403, 'BAD_REQUEST', `Refused: unexpected Host header "${host.slice(0, 100)}".`);
      return;
    }
    const route = url.pathname.startsWith('/api/') ? api : url.pathname.startsWith('/media/') ? mediaRoute : staticRoute;
    route(req, res, url).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, { ok: false, error: toApiError(err) });
    });
  });
  // Uploads of several GiB take longer than Node's default 5-minute request timeout.
  server.requestTimeout = 0;

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    core,
    media,
    async openFiles(paths, remember) {
      const result = await openFiles(core, parts, paths, remember, parts.scans);
      if (result.opened.length > 0) push('opened', result.opened);
      return result;
    },
    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        unsubscribe();
        offSettings();
        for (const res of streams) res.end();
        streams.clear();
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        if (opts.ownsCore) await core.dispose();
      })();
      return closing;
    },
  };
}
