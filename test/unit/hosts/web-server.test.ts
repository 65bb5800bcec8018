import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, type Result } from '../../../shared/api';
import type { RecordingSummary } from '../../../shared/model';
import { CSP } from '../../../main/host/static-files';
import { createWebHost, type WebHost } from '../../../main/web/server';
import { createFakeCore, fakeSummary } from './fake-core';
import { BAD_REQUESTS, sampleRequests } from './contract-samples';
import { readSse } from './sse';

const CAST = '{"version":2,"width":80,"height":24}\n[0.1,"o","hello"]\n';

describe('web host (fake core, real HTTP)', () => {
  const base = mkdtempSync(join(tmpdir(), 'tv-web-'));
  const rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>tv</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
  const castPath = join(base, 'a.cast');
  writeFileSync(castPath, CAST);
  const core = createFakeCore();
  let host: WebHost;
  let origin = '';
  const api = (method: string, body: unknown, token: string | null = host.token) =>
    fetch(`${origin}/api/${method}`, { method: 'POST', headers: token ? { 'X-Trailview-Token': token } : {}, body: JSON.stringify(body) });

  beforeAll(async () => {
    host = await createWebHost({ core, dataDir: join(base, 'data'), rendererDir, version: '1.2.3', maxUploadBytes: 64 * 1024, heartbeatMs: 50 });
    origin = `http://127.0.0.1:${host.port}`;
  });
  afterAll(() => host.close());

  it('prints a URL on 127.0.0.1 with a long random token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('requires the token on every /api route (header or query)', async () => {
    for (const token of [null, 'wrong', host.token.slice(1)]) {
      const res = await api('library', {}, token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect((await fetch(`${origin}/api/events`)).status).toBe(401);
    expect((await fetch(`${origin}/api/upload?name=x`, { method: 'PUT', body: 'x' })).status).toBe(401);
    const byQuery = await fetch(`${origin}/api/library?token=${host.token}`, { method: 'POST', body: '{}' });
    expect(await byQuery.json()).toEqual({ ok: true, value: [] });
  });

  it('every contract method reaches its handler over HTTP', async () => {
    const opened = (await (await api('open', { source: { kind: 'path', path: castPath } })).json()) as Result<{ id: string }>;
    if (!opened.ok) throw new Error(opened.error.message);
    const samples = sampleRequests({ id: opened.value.id, path: castPath });
    expect(Object.keys(samples).sort()).toEqual([...METHODS].sort());
    // close last: methods added after it in METHODS still need the recording open.
    for (const method of [...METHODS.filter((m) => m !== 'close'), 'close' as const]) {
      const res = await api(method, samples[method]);
      expect(res.status, method).toBe(200);
      const body = (await res.json()) as Result<unknown>;
      // Browser mode has no native dialog: that method answers, but with UNSUPPORTED_HERE.
      if (method === 'openDialog') expect(body, method).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_HERE' } });
      else expect(body, method).toMatchObject({ ok: true });
    }
    const info = (await (await api('appInfo', {})).json()) as Result<unknown>;
    expect(info).toMatchObject({ ok: true, value: { mode: 'web', version: '1.2.3' } });
  });

  it('answers unknown methods, bad JSON, bad shapes and big bodies', async () => {
    expect(await (await api('readFile', {})).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const badJson = await fetch(`${origin}/api/library`, { method: 'POST', headers: { 'X-Trailview-Token': host.token }, body: '{' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    for (const { method, req } of BAD_REQUESTS) {
      expect(await (await api(method, req)).json(), method).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const big = await api('search', { id: 'abc', query: 'x'.repeat(1024 * 1024) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect((await fetch(`${origin}/api/library`, { headers: { 'X-Trailview-Token': host.token } })).status).toBe(405);
  });

  it('serves the renderer with the CSP, content types and a traversal guard', async () => {
    const index = await fetch(`${origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>tv</title>');
    expect((await fetch(`${origin}/assets/app.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${origin}/nope.js`)).status).toBe(404);
    // fetch() folds "..", so send raw request lines.
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const { status, body } = await rawGet(host.port, path);
      expect(status, path).not.toBe(200);
      expect(body).not.toContain('do not serve');
    }
  });

  it('refuses requests with a foreign Host header (DNS rebinding)', async () => {
    const { status } = await rawGet(host.port, '/', 'evil.example:80');
    expect(status).toBe(403);
  });

  it('pushes core events and heartbeats over server-sent events', async () => {
    const sse = await readSse(`${origin}/api/events?token=${host.token}`);
    try {
      const progress = { id: 'abc', progress: 0.25, indexedUntilMs: 5, durationMs: 20 };
      core.emit('progress', progress);
      expect(await sse.nextEvent()).toEqual({ event: 'progress', payload: progress });
      await sse.waitForComment('heartbeat');
      const opened = await host.openFiles([castPath], false);
      expect(opened.failed).toEqual([]);
      expect(await sse.nextEvent()).toMatchObject({ event: 'opened', payload: [{ fileName: 'a.cast' }] });
    } finally {
      sse.close();
    }
  });

  it('stores uploads under their SHA-256 and opens them by upload id with the original name', async () => {
    const put = await fetch(`${origin}/api/upload?name=${encodeURIComponent('my session.cast')}`, {
      method: 'PUT',
      headers: { 'X-Trailview-Token': host.token },
      body: CAST,
    });
    expect(put.status).toBe(200);
    const { value } = (await put.json()) as { value: { uploadId: string } };
    expect(value.uploadId).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(join(base, 'data', 'uploads'))).toContain(value.uploadId);
    const opened = await (await api('open', { source: { kind: 'upload', uploadId: value.uploadId } })).json();
    expect(opened).toMatchObject({ ok: true, value: { fileName: 'my session.cast', sha256: value.uploadId } });
    const unknown = await (await api('open', { source: { kind: 'upload', uploadId: 'f'.repeat(64) } })).json();
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses uploads over the size limit and leaves no temp file', async () => {
    const put = await fetch(`${origin}/api/upload?name=big.cast`, {
      method: 'PUT',
      headers: { 'X-Trailview-Token': host.token },
      body: Buffer.alloc(65 * 1024, 120),
    });
    expect(put.status).toBe(413);
    expect(await put.json()).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect(readdirSync(join(base, 'data', 'uploads')).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });

  it('serves registered media with Range support, behind the token', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256));
    const file = join(base, 'clip.webm');
    writeFileSync(file, bytes);
    const media = host.media.register(file);
    const url = `${origin}/media/${media}?token=${host.token}`;
    expect((await fetch(`${origin}/media/${media}`)).status).toBe(401);
    const part = await fetch(url, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/3000');
    expect(part.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);
    const bad = await fetch(url, { headers: { Range: 'bytes=3000-' } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe('bytes */3000');
    expect((await fetch(`${origin}/media/nope?token=${host.token}`)).status).toBe(404);
  });

  it('keeps recent entries without paths', async () => {
    const list = (await (await api('recentList', {})).json()) as Result<Record<string, unknown>[]>;
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.value)).not.toContain(base);
    const reopened = await (await api('open', { source: { kind: 'recent', key: list.value[0]!.key } })).json();
    expect(reopened).toMatchObject({ ok: true });
  });
});

describe('web host: polling a summary', () => {
  const base = mkdtempSync(join(tmpdir(), 'tv-web-poll-'));
  const castPath = join(base, 'b.cast');
  writeFileSync(castPath, CAST);
  const core = createFakeCore();
  let host: WebHost;
  beforeAll(async () => {
    host = await createWebHost({ core, dataDir: join(base, 'data'), rendererDir: base });
  });
  afterAll(() => host.close());

  /** A summary whose idle stretches count how often they are read (serialized or copied). */
  const counted = (from: RecordingSummary, startMs: number, reads: { n: number }): RecordingSummary => {
    const s = { ...from };
    Object.defineProperty(s, 'idle', {
      enumerable: true,
      get: () => {
        reads.n++;
        return [{ startMs, endMs: startMs + 10 }];
      },
    });
    return s;
  };

  it('pushes a summary over server-sent events whole, its idle stretches included', async () => {
    const sse = await readSse(`http://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    try {
      const s = { ...fakeSummary('abc', 'x.cast', 1, 'a'.repeat(64)), idle: [{ startMs: 5, endMs: 3000 }, { startMs: 4000, endMs: 9000 }] };
      core.emit('summary', s);
      expect(await sse.nextEvent()).toEqual({ event: 'summary', payload: JSON.parse(JSON.stringify(s)) });
    } finally {
      sse.close();
    }
  });

  it.each([
    ['opened by path', false],
    ['uploaded (shown under the name it was dropped with)', true],
  ])('%s: serialized once however often it is polled, and again once replaced', async (_, upload) => {
    const post = (method: string, body: unknown) =>
      fetch(`http://127.0.0.1:${host.port}/api/${method}`, { method: 'POST', headers: { 'X-Trailview-Token': host.token }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Result<RecordingSummary>>);
    let source: unknown = { kind: 'path', path: castPath };
    if (upload) {
      const put = await fetch(`http://127.0.0.1:${host.port}/api/upload?name=dropped.cast`, { method: 'PUT', headers: { 'X-Trailview-Token': host.token }, body: CAST });
      source = { kind: 'upload', uploadId: ((await put.json()) as { value: { uploadId: string } }).value.uploadId };
    }
    const opened = await post('open', { source });
    if (!opened.ok) throw new Error(opened.error.message);
    const reads = { n: 0 };
    let current = counted(opened.value, 100, reads);
    const real = core.summary.bind(core);
    core.summary = (id) => (real(id), current);
    try {
      expect(await post('summary', { id: opened.value.id })).toMatchObject({ ok: true, value: { fileName: upload ? 'dropped.cast' : 'b.cast', idle: [{ startMs: 100 }] } });
      const once = reads.n;
      expect(once).toBeGreaterThan(0);
      const polls = await Promise.all(Array.from({ length: 20 }, () => post('summary', { id: opened.value.id })));
      for (const p of polls) expect(p).toMatchObject({ ok: true, value: { fileName: upload ? 'dropped.cast' : 'b.cast', idle: [{ startMs: 100 }] } });
      expect(reads.n).toBe(once);
      current = counted(opened.value, 200, reads);
      expect(await post('summary', { id: opened.value.id })).toMatchObject({ ok: true, value: { idle: [{ startMs: 200 }] } });
      const again = reads.n;
      expect(again).toBeGreaterThan(once);
      expect(await post('summary', { id: opened.value.id })).toMatchObject({ ok: true, value: { idle: [{ startMs: 200 }] } });
      expect(reads.n).toBe(again);
    } finally {
      core.summary = real;
    }
  });
});

function rawGet(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
