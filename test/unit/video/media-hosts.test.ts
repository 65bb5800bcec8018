/**
 * The media request end to end in both hosts: a video's clips come back as token URLs (never paths) that
 * answer Range requests with 206 and the clip's own bytes, also for a clip stored inside a bigger file.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Res, Result } from '../../../shared/api';
import type { RecordingSummary } from '../../../shared/model';
import { createCore } from '../../../main/core/core';
import type { Core } from '../../../main/core/types';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { createHandlers } from '../../../main/host/handlers';
import { createMediaRegistry } from '../../../main/host/media';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { createWebHost, type WebHost } from '../../../main/web/server';

vi.mock('electron', async () => (await import('../hosts/electron-mock')).electronMock);
const { createAppProtocolHandler } = await import('../../../main/protocol');

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/video');
const base = mkdtempSync(join(tmpdir(), 'tv-media-'));
const clip = join(base, 'clip.mp4');
copyFileSync(join(FIXTURES, 'clip-1-h264.mp4'), clip);
const clipBytes = readFileSync(clip);
// A clip stored at byte 1536 of a bigger file, as a tar stores a member.
const packed = join(base, 'pack.tar');
writeFileSync(packed, Buffer.concat([Buffer.alloc(1536, 7), clipBytes, Buffer.alloc(1024, 9)]));
const member = { path: packed, offsetBytes: 1536, sizeBytes: clipBytes.length, name: 'clip.mp4' };

let core: Core;
beforeAll(() => {
  core = createCore({ dataDir: join(base, 'data'), worker: 'inline' });
});
afterAll(async () => {
  await core.dispose();
  rmSync(base, { recursive: true, force: true });
});

describe('browser mode', () => {
  let host: WebHost;
  let origin = '';
  beforeAll(async () => {
    mkdirSync(join(base, 'renderer'), { recursive: true });
    host = await createWebHost({ core, dataDir: join(base, 'web'), rendererDir: join(base, 'renderer') });
    origin = `http://127.0.0.1:${host.port}`;
  });
  afterAll(() => host.close());
  const api = async <T>(method: string, body: unknown): Promise<T> => {
    const res = (await (await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'X-Trailview-Token': host.token }, body: JSON.stringify(body) })).json()) as Result<T>;
    if (!res.ok) throw new Error(res.error.message);
    return res.value;
  };

  it('answers the media request with token URLs that serve the clip with Range', async () => {
    const opened = await api<RecordingSummary>('open', { source: { kind: 'path', path: clip } });
    const { clips } = await api<Res<'media'>>('media', { id: opened.id });
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({ name: 'clip.mp4', startMs: 0, durationMs: 2000, mimeType: expect.stringMatching(/^video\/mp4; codecs="avc1\./) });
    expect(clips[0]!.url).toMatch(new RegExp(`^/media/[A-Za-z0-9_-]{20,}\\?token=${host.token}$`));
    expect(JSON.stringify(clips)).not.toContain(base);
    // Asked again: the same URL (no new token per call).
    expect((await api<Res<'media'>>('media', { id: opened.id })).clips[0]!.url).toBe(clips[0]!.url);
    const tail = await fetch(`${origin}${clips[0]!.url}`, { headers: { Range: 'bytes=-100' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${clipBytes.length - 100}-${clipBytes.length - 1}/${clipBytes.length}`);
    expect(tail.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await tail.arrayBuffer()).equals(clipBytes.subarray(-100))).toBe(true);
    expect((await fetch(`${origin}${clips[0]!.url.replace(/\?token=.*/, '')}`)).status).toBe(401);
    // Closing the recording withdraws its URLs.
    await api('close', { id: opened.id });
    expect((await fetch(`${origin}${clips[0]!.url}`)).status).toBe(404);
  });

  it('serves a clip stored inside another file from its offset', async () => {
    const token = host.media.register(member, 'video/mp4');
    const url = `${origin}/media/${token}?token=${host.token}`;
    const head = await fetch(url, { headers: { Range: 'bytes=0-7' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-7/${clipBytes.length}`);
    expect(Buffer.from(await head.arrayBuffer()).equals(clipBytes.subarray(0, 8))).toBe(true);
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(clipBytes)).toBe(true);
    expect((await fetch(url, { headers: { Range: `bytes=${clipBytes.length}-` } })).status).toBe(416);
  });
});

describe('Electron', () => {
  it('the app: protocol serves the media URLs the handlers hand out, clip members included', async () => {
    const registry = createMediaRegistry();
    const handle = createAppProtocolHandler({ rendererDir: join(base, 'renderer'), media: registry });
    const handlers = createHandlers(core, {
      mode: 'electron',
      version: '0.0.0-test',
      recent: createRecentStore(jsonFileBackend(join(base, 'recent.json'))),
      bookmarks: createBookmarkStore(join(base, 'bookmarks')),
      media: { registry, urlFor: (t) => `app://trailview/media/${t}` },
    });
    const opened = await handlers.open({ source: { kind: 'path', path: clip } });
    const { clips } = await handlers.media({ id: opened.id });
    expect(clips[0]!.url).toMatch(/^app:\/\/trailview\/media\/[A-Za-z0-9_-]{20,}$/);
    const part = await handle(new Request(clips[0]!.url, { headers: { Range: 'bytes=100-199' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${clipBytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(clipBytes.subarray(100, 200))).toBe(true);
    const inPack = registry.register(member, 'video/mp4; codecs="avc1.42c00c"');
    const r = await handle(new Request(`app://trailview/media/${inPack}`, { headers: { Range: 'bytes=-16' } }));
    expect(r.status).toBe(206);
    expect(r.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await r.arrayBuffer()).equals(clipBytes.subarray(-16))).toBe(true);
    await handlers.close({ id: opened.id });
  });
});
