/** Small HTTP helpers for the web host: envelopes, bounded bodies, token checks. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../../shared/api';
import type { ErrorCode } from '../../shared/model';
import { SECURITY_HEADERS } from '../host/static-files';

export const MAX_JSON_BODY_BYTES = 1024 * 1024;
export const TOKEN_HEADER = 'x-trailview-token';

export function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  sendJsonBytes(res, status, Buffer.from(JSON.stringify(body)));
}

/** A Result envelope serialized already (see server.ts: one summary's bytes serve every poll of it). */
export function sendJsonBytes(res: ServerResponse, status: number, bytes: Buffer): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes.length,
    'Cache-Control': 'no-store',
  });
  res.end(bytes);
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** Constant-time comparison; hashing first makes the lengths equal so length leaks nothing either. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return url.searchParams.get('token');
}

export class BodyTooLarge extends Error {}

/** Read a request body of at most `maxBytes`, or throw BodyTooLarge without buffering the rest. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge();
  const parts: Buffer[] = [];
  let sizeBytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    sizeBytes += chunk.length;
    if (sizeBytes > maxBytes) throw new BodyTooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
