/**
 * The CLI video export's private routes on the web host (main/web/video-job.ts): behind the token, one
 * start per job, the file written under a temp name beside OUT (never OUT itself until committed), done
 * only after the file, a failure from the page rejecting the job, discard leaving nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoJob } from '../../../shared/video-job';
import { createWebHost, type WebHost } from '../../../main/web/server';
import { createVideoJobHost, type VideoJobHost } from '../../../main/web/video-job';
import { explainEncoderError } from '../../../main/web/video-export';
import { TrailviewError } from '../../../shared/errors';
import { createFakeCore } from './fake-core';

const JOB: VideoJob = { id: 'r1', fromMs: 1000, toMs: 6000, container: 'webm', timestamp: true, caption: false, fast: false };

describe('video job routes (web host, real HTTP)', () => {
  const base = mkdtempSync(join(tmpdir(), 'tv-video-job-'));
  const rendererDir = join(base, 'renderer');
  const outDir = join(base, 'out');
  mkdirSync(rendererDir);
  mkdirSync(outDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  let host: WebHost;
  let job: VideoJobHost;
  const progress: number[] = [];
  let handle: VideoJobHost['handle'] = async () => false;
  const call = (action: string, body: BodyInit, opts: { method?: string; token?: string | null } = {}) =>
    fetch(`http://127.0.0.1:${host.port}/api/video-job/${action}`, {
      method: opts.method ?? 'POST',
      headers: opts.token === null ? {} : { 'X-Trailview-Token': opts.token ?? host.token },
      body,
    });
  const fresh = (): VideoJobHost => {
    const j = createVideoJobHost(JOB, join(outDir, 'clip.webm'), (p) => progress.push(p));
    handle = j.handle;
    return j;
  };

  beforeAll(async () => {
    host = await createWebHost({ core: createFakeCore(), dataDir: join(base, 'data'), rendererDir, privateApi: (route, req, res) => handle(route, req, res) });
  });
  afterAll(async () => {
    await host.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('needs the token like every /api route; other routes still reach the contract', async () => {
    job = fresh();
    expect((await call('start', '{}', { token: null })).status).toBe(401);
    expect((await call('start', '{}', { token: 'wrong' })).status).toBe(401);
    expect(job.started).toBe(false);
    const lib = await fetch(`http://127.0.0.1:${host.port}/api/library`, { method: 'POST', headers: { 'X-Trailview-Token': host.token }, body: '{}' });
    expect(await lib.json()).toEqual({ ok: true, value: [] });
    expect((await call('nope', '{}')).status).toBe(404);
    expect((await call('start', '{}', { method: 'PUT' })).status).toBe(405);
  });

  it('start hands out the job once; progress is checked; the file goes beside OUT under a temp name until committed', async () => {
    job = fresh();
    expect(await (await call('start', '{}')).json()).toEqual({ ok: true, value: JOB });
    expect(job.started).toBe(true);
    expect(await (await call('start', '{}')).json()).toMatchObject({ ok: false, error: { message: 'the job has already been started' } });
    expect((await call('progress', JSON.stringify({ progress: 0.5 }))).status).toBe(200);
    expect((await call('progress', JSON.stringify({ progress: 2 }))).status).toBe(400);
    expect(progress.at(-1)).toBe(0.5);
    expect(await (await call('done', JSON.stringify({ detail: 'x' }))).json()).toMatchObject({ ok: false, error: { message: 'done before the file was sent' } });

    const bytes = Buffer.from('\x1a\x45\xdf\xa3 not really a webm');
    expect(await (await call('output', bytes, { method: 'PUT' })).json()).toEqual({ ok: true, value: { sizeBytes: bytes.length } });
    expect((await call('output', bytes, { method: 'PUT' })).status).toBe(400);
    expect(await (await call('done', JSON.stringify({ detail: 'vp09, 3 frames' }))).json()).toEqual({ ok: true, value: {} });
    const { output, detail } = await job.result;
    expect(detail).toBe('vp09, 3 frames');
    expect(readdirSync(outDir)).toEqual([expect.stringMatching(/^\.clip\.webm\.[0-9a-f]{12}\.trailview-part$/)]);
    expect(readFileSync(output.tempPath)).toEqual(bytes);
    const written = await output.commit();
    expect(readdirSync(outDir)).toEqual(['clip.webm']);
    expect(written.sizeBytes).toBe(bytes.length);
    await job.discard();
    expect(existsSync(join(outDir, 'clip.webm'))).toBe(true);
    rmSync(join(outDir, 'clip.webm'));
  });

  it('a failure from the page rejects the job with its code and message; discard removes the temp file', async () => {
    job = fresh();
    await call('start', '{}');
    await call('output', Buffer.from('partial'), { method: 'PUT' });
    expect(readdirSync(outDir)).toHaveLength(1);
    await call('fail', JSON.stringify({ code: 'UNSUPPORTED_HERE', message: 'this browser cannot encode MP4 video at 1000x700' }));
    await expect(job.result).rejects.toMatchObject({ code: 'UNSUPPORTED_HERE', message: 'this browser cannot encode MP4 video at 1000x700' });
    // Settled once: a later done changes nothing.
    await call('done', JSON.stringify({ detail: 'late' }));
    await expect(job.result).rejects.toMatchObject({ code: 'UNSUPPORTED_HERE' });
    await job.discard();
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('a browser without the encoder', () => {
  it('MP4: says there is no H.264 encoder here and suggests .webm; other errors pass through as they are', () => {
    const noH264 = new TrailviewError('UNSUPPORTED_HERE', 'this browser cannot encode MP4 video at 1002x608');
    expect((explainEncoderError(noH264, 'mp4') as Error).message).toBe(
      'this browser cannot encode MP4 video at 1002x608; this Chromium has no H.264 encoder: export to .webm (VP9) instead, or set TRAILVIEW_CHROMIUM to a Chrome that has one',
    );
    expect(explainEncoderError(noH264, 'webm')).toMatchObject({ message: noH264.message });
    const noDecoder = new TrailviewError('UNSUPPORTED_HERE', 'clip.m4v: Chromium here cannot decode mp4v, so this range cannot be re-encoded');
    expect(explainEncoderError(noDecoder, 'mp4')).toBe(noDecoder);
  });
});
