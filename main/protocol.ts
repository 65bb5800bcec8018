/**
 * The `app:` scheme: serves the built renderer with a strict CSP and a path-traversal guard, and media
 * files (by token) with Range support answered here, because `net.fetch(file:)` breaks video seeking
 * (Electron issue #38749).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { openMedia, type MediaRegistry } from './host/media';
import { APP_HOST, APP_SCHEME } from './host/origin';
import { lookupStatic, SECURITY_HEADERS } from './host/static-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

const toWeb = (stream: Readable) => Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export function createAppProtocolHandler(opts: { rendererDir: string; media: MediaRegistry }): (req: Request) => Promise<Response> {
  return async (req) => {
    const url = new URL(req.url);
    if (url.host !== APP_HOST) return plain(404, 'Not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Method not allowed\n');
    if (url.pathname.startsWith('/media/')) {
      const answer = await openMedia(opts.media, url.pathname.slice('/media/'.length), req.headers.get('range'));
      if (answer.status === 404) return plain(404, 'Not found\n');
      const body = answer.body && req.method === 'GET' ? toWeb(answer.body) : null;
      if (!body) answer.body?.destroy();
      return new Response(body, { status: answer.status, headers: { ...SECURITY_HEADERS, ...answer.headers } });
    }
    const found = await lookupStatic(opts.rendererDir, url.pathname);
    if (!found.ok) return plain(found.status, found.status === 403 ? 'Forbidden\n' : 'Not found\n');
    const body = req.method === 'GET' ? toWeb(createReadStream(found.path)) : null;
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Content-Length': String(found.sizeBytes) },
    });
  };
}

/** Must run after the app is ready. */
export function handleAppProtocol(opts: { rendererDir: string; media: MediaRegistry }): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(opts));
}
