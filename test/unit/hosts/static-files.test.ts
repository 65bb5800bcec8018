import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, CSP, lookupStatic, resolveInside } from '../../../main/host/static-files';

describe('static files', () => {
  const root = mkdtempSync(join(tmpdir(), 'tv-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'tv-outside-secret.txt'), 'secret');

  it('maps / to index.html and finds files below the root', async () => {
    expect(resolveInside(root, '/')).toBe(join(root, 'index.html'));
    const js = await lookupStatic(root, '/assets/app.js');
    expect(js).toMatchObject({ ok: true, path: join(root, 'assets', 'app.js'), contentType: 'text/javascript; charset=utf-8' });
  });

  it('refuses traversal in every spelling', async () => {
    for (const p of ['/../tv-outside-secret.txt', '/assets/../../tv-outside-secret.txt', '/%2e%2e/tv-outside-secret.txt', '/..%2ftv-outside-secret.txt', '/..%5ctv-outside-secret.txt', '/assets%2f..%2f..%2ftv-outside-secret.txt', '/a%00b', '/%E0%A4%A']) {
      expect(resolveInside(root, p), p).toBeNull();
      expect(await lookupStatic(root, p), p).toEqual({ ok: false, status: 403 });
    }
  });

  it('answers 404 for misses and directories', async () => {
    expect(await lookupStatic(root, '/nope.js')).toEqual({ ok: false, status: 404 });
    expect(await lookupStatic(root, '/assets')).toEqual({ ok: false, status: 404 });
  });

  it('knows the content types the renderer uses', () => {
    expect(contentTypeFor('x.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('x.CSS')).toMatch(/^text\/css/);
    expect(contentTypeFor('x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });

  it('has the strict CSP', () => {
    expect(CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: app:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});
