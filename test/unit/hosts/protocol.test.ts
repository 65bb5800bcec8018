import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CSP } from '../../../main/host/static-files';
import { createMediaRegistry } from '../../../main/host/media';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
const { privilegedSchemes, protocolHandlers } = await import('./electron-mock');
const { registerAppScheme, handleAppProtocol } = await import('../../../main/protocol');

describe('app: protocol', () => {
  const base = mkdtempSync(join(tmpdir(), 'tv-proto-'));
  const rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(rendererDir, 'assets', 'main.js'), 'export {}');
  writeFileSync(join(base, 'secret.txt'), 'do not serve');
  const mediaBytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));
  writeFileSync(join(base, 'clip.mp4'), mediaBytes);
  const media = createMediaRegistry();
  const mediaToken = media.register(join(base, 'clip.mp4'));

  registerAppScheme();
  handleAppProtocol({ rendererDir, media });
  const handler = protocolHandlers.get('app')!;
  const get = (url: string, headers: Record<string, string> = {}) => handler(new Request(url, { headers }));

  it('registers app: as a privileged standard, secure, fetch- and stream-capable scheme', () => {
    expect(privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
  });

  it('serves index.html with the CSP and the right content type', async () => {
    const res = await get('app://trailview/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<title>t</title>');
    const js = await get('app://trailview/assets/main.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(CSP);
  });

  it('rejects path traversal', async () => {
    // The URL parser already folds plain "..": what reaches us must still never leave the root.
    for (const url of ['app://trailview/..%2fsecret.txt', 'app://trailview/assets/..%2f..%2fsecret.txt', 'app://trailview/%2e%2e%5csecret.txt', 'app://trailview/../secret.txt']) {
      const res = await get(url);
      expect(res.status, url).not.toBe(200);
      expect(await res.text(), url).not.toContain('do not serve');
    }
    expect((await get('app://trailview/..%2fsecret.txt')).status).toBe(403);
  });

  it('answers 404 for other hosts and missing files', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://trailview/missing.js')).status).toBe(404);
  });

  it('serves media with Range: 206 with the right bytes, 416 when unsatisfiable', async () => {
    const whole = await get(`app://trailview/media/${mediaToken}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(mediaBytes);

    const part = await get(`app://trailview/media/${mediaToken}`, { Range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 1000-1999/4096');
    expect(part.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(mediaBytes.subarray(1000, 2000));

    const tail = await get(`app://trailview/media/${mediaToken}`, { Range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(mediaBytes.subarray(4086));

    const bad = await get(`app://trailview/media/${mediaToken}`, { Range: 'bytes=5000-' });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe('bytes */4096');

    expect((await get('app://trailview/media/unknown-token')).status).toBe(404);
  });
});
