/**
 * Media files the UI may stream by token (for video recordings in a later issue): the host registers a
 * file and hands the UI an opaque token, never the path. Both hosts serve `/media/<token>` with Range
 * support through `openMedia`.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { rangeHeaders, resolveRange } from './range';
import { contentTypeFor } from './static-files';

export interface MediaRegistry {
  register(path: string, contentType?: string): string;
  lookup(token: string): { path: string; contentType: string } | undefined;
  unregister(token: string): void;
}

export function createMediaRegistry(): MediaRegistry {
  const files = new Map<string, { path: string; contentType: string }>();
  return {
    register(path, contentType = contentTypeFor(path)) {
      const token = randomBytes(16).toString('base64url');
      files.set(token, { path, contentType });
      return token;
    },
    lookup: (token) => files.get(token),
    unregister: (token) => void files.delete(token),
  };
}

export interface MediaResponse {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  /** Absent for errors and empty ranges. */
  body?: Readable;
}

/** Answer a GET for a registered media file, honouring a Range header. */
export async function openMedia(registry: MediaRegistry, token: string, rangeHeader: string | null | undefined): Promise<MediaResponse> {
  const entry = registry.lookup(token);
  if (!entry) return { status: 404, headers: {} };
  let sizeBytes: number;
  try {
    const st = await fsp.stat(entry.path);
    if (!st.isFile()) return { status: 404, headers: {} };
    sizeBytes = st.size;
  } catch {
    return { status: 404, headers: {} };
  }
  const answer = resolveRange(rangeHeader, sizeBytes);
  const headers = rangeHeaders(answer, sizeBytes, entry.contentType);
  if (answer.status === 416 || answer.lengthBytes === 0) return { status: answer.status, headers };
  const body = createReadStream(entry.path, { start: answer.start, end: answer.endInclusive });
  return { status: answer.status, headers, body };
}
