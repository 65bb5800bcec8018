/**
 * Serving the built renderer (out/renderer) safely, for both the `app:` protocol and the web host:
 * one CSP, one path-traversal guard, one content-type table.
 */
import { promises as fsp } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: app:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response from our own origin carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.cast': 'application/x-asciicast',
};

export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map a URL pathname (still percent-encoded) to a file strictly inside `root`, or null.
 * Rejects `..` segments (also encoded), backslashes, NUL and anything resolving outside the root,
 * rather than normalising them away: a request that tries is not one our UI makes.
 */
export function resolveInside(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  const rel = segments.length === 0 ? 'index.html' : segments.join('/');
  const base = resolve(root);
  const full = resolve(base, rel);
  if (full !== base && !full.startsWith(base + sep)) return null;
  return full;
}

export type StaticLookup = { ok: true; path: string; sizeBytes: number; contentType: string } | { ok: false; status: 403 | 404 };

/** Find the file to serve for a pathname below `root`; directories and misses are 404. */
export async function lookupStatic(root: string, urlPathname: string): Promise<StaticLookup> {
  const path = resolveInside(root, urlPathname);
  if (!path) return { ok: false, status: 403 };
  try {
    const st = await fsp.stat(path);
    if (!st.isFile()) return { ok: false, status: 404 };
    return { ok: true, path, sizeBytes: st.size, contentType: contentTypeFor(path) };
  } catch {
    return { ok: false, status: 404 };
  }
}
