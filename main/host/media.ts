/**
 * Media the UI may stream by token: the host registers a run of bytes (a whole file, or a clip stored
 * inside a tar or zip, served in place) and hands the UI an opaque token, never the path. Both hosts serve
 * `/media/<token>` with Range support through `openMedia`.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteSource } from '../core/types';
import { fileSpan, rangeHeaders, resolveRange } from './range';
import { contentTypeFor } from './static-files';

export interface MediaEntry {
  /** Bytes [offsetBytes, offsetBytes + sizeBytes) of `path`; sizeBytes -1: the whole file, as it is now. */
  source: ByteSource;
  contentType: string;
}

export interface MediaRegistry {
  /** A whole file (by path) or a run of bytes in a file; returns the token to serve it by. */
  register(source: string | ByteSource, contentType?: string): string;
  lookup(token: string): MediaEntry | undefined;
  unregister(token: string): void;
}

const WHOLE_FILE = -1;

export function createMediaRegistry(): MediaRegistry {
  const files = new Map<string, MediaEntry>();
  return {
    register(source, contentType) {
      const src: ByteSource = typeof source === 'string' ? { path: source, offsetBytes: 0, sizeBytes: WHOLE_FILE, name: basename(source) } : source;
      const token = randomBytes(16).toString('base64url');
      // A MIME type with codecs is for canPlayType; the HTTP answer carries the bare type.
      const type = (contentType ?? contentTypeFor(src.name)).split(';')[0]!.trim();
      files.set(token, { source: src, contentType: type });
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

/** Answer a GET for registered media, honouring a Range header (relative to the registered bytes). */
export async function openMedia(registry: MediaRegistry, token: string, rangeHeader: string | null | undefined): Promise<MediaResponse> {
  const entry = registry.lookup(token);
  if (!entry) return { status: 404, headers: {} };
  const { path, offsetBytes } = entry.source;
  let sizeBytes: number;
  try {
    const st = await fsp.stat(path);
    if (!st.isFile()) return { status: 404, headers: {} };
    sizeBytes = entry.source.sizeBytes === WHOLE_FILE ? st.size : entry.source.sizeBytes;
    // The archive changed under us: the member is no longer where it was.
    if (offsetBytes + sizeBytes > st.size) return { status: 404, headers: {} };
  } catch {
    return { status: 404, headers: {} };
  }
  const answer = resolveRange(rangeHeader, sizeBytes);
  const headers = rangeHeaders(answer, sizeBytes, entry.contentType);
  if (answer.status === 416 || answer.lengthBytes === 0) return { status: answer.status, headers };
  const span = fileSpan(answer, offsetBytes);
  const body = createReadStream(path, { start: span.start, end: span.endInclusive });
  return { status: answer.status, headers, body };
}
