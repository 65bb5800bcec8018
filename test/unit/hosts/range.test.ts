import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMediaRegistry, openMedia, type MediaResponse } from '../../../main/host/media';
import { fileSpan, rangeHeaders, resolveRange } from '../../../main/host/range';

describe('resolveRange', () => {
  const size = 1000;
  it('answers 200 with the whole body without a Range header', () => {
    expect(resolveRange(undefined, size)).toEqual({ status: 200, start: 0, endInclusive: 999, lengthBytes: 1000 });
  });
  it('answers 206 for a closed range', () => {
    expect(resolveRange('bytes=10-19', size)).toEqual({ status: 206, start: 10, endInclusive: 19, lengthBytes: 10 });
  });
  it('answers 206 for an open range up to the end', () => {
    expect(resolveRange('bytes=990-', size)).toEqual({ status: 206, start: 990, endInclusive: 999, lengthBytes: 10 });
  });
  it('answers a suffix range with the last bytes', () => {
    expect(resolveRange('bytes=-100', size)).toEqual({ status: 206, start: 900, endInclusive: 999, lengthBytes: 100 });
    expect(resolveRange('bytes=-5000', size)).toEqual({ status: 206, start: 0, endInclusive: 999, lengthBytes: 1000 });
  });
  it('clamps an end past the size', () => {
    expect(resolveRange('bytes=500-5000', size)).toMatchObject({ status: 206, start: 500, endInclusive: 999 });
  });
  it('answers 416 for ranges that start past the end', () => {
    expect(resolveRange('bytes=1000-', size)).toEqual({ status: 416 });
    expect(resolveRange('bytes=2000-3000', size)).toEqual({ status: 416 });
    expect(resolveRange('bytes=-0', size)).toEqual({ status: 416 });
    expect(resolveRange('bytes=0-', 0)).toEqual({ status: 416 });
  });
  it('ignores malformed and multi-range headers (whole body)', () => {
    for (const h of ['items=0-1', 'bytes=abc', 'bytes=0-1,5-6', 'bytes=9-3', 'bytes=-']) {
      expect(resolveRange(h, size).status, h).toBe(200);
    }
  });
  it('builds Content-Range headers', () => {
    expect(rangeHeaders(resolveRange('bytes=10-19', size), size, 'video/mp4')).toMatchObject({
      'Content-Range': 'bytes 10-19/1000',
      'Content-Length': '10',
      'Content-Type': 'video/mp4',
      'Accept-Ranges': 'bytes',
    });
    expect(rangeHeaders({ status: 416 }, size, 'video/mp4')).toMatchObject({ 'Content-Range': 'bytes */1000' });
    expect(rangeHeaders(resolveRange(undefined, size), size, 'video/mp4')).not.toHaveProperty('Content-Range');
  });
});

describe('media inside a file (an archive member served in place)', () => {
  it('maps a range of the member to the file bytes after its offset', () => {
    // A 1000-byte member stored at byte 5120 of a tar: its first and last bytes, and a suffix.
    const whole = resolveRange(undefined, 1000);
    if (whole.status === 416) throw new Error('unexpected 416');
    expect(fileSpan(whole, 5120)).toEqual({ start: 5120, endInclusive: 6119 });
    const tail = resolveRange('bytes=-10', 1000);
    if (tail.status === 416) throw new Error('unexpected 416');
    expect(fileSpan(tail, 5120)).toEqual({ start: 6110, endInclusive: 6119 });
    const mid = resolveRange('bytes=100-199', 1000);
    if (mid.status === 416) throw new Error('unexpected 416');
    expect(fileSpan(mid, 5120)).toEqual({ start: 5220, endInclusive: 5319 });
  });
  it('answers 416 past the member end even though the file goes on', () => {
    expect(resolveRange('bytes=1000-', 1000)).toEqual({ status: 416 });
  });
});

describe('openMedia', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailview-media-'));
  const file = join(dir, 'archive.bin');
  // Bytes whose value is their position mod 251 (a prime, so no run repeats at a power-of-two stride).
  const bytes = Buffer.from(Array.from({ length: 20000 }, (_, i) => i % 251));
  writeFileSync(file, bytes);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = async (r: MediaResponse): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const p of r.body ?? []) parts.push(p as Buffer);
    return Buffer.concat(parts);
  };

  it('serves a member by token: 200 whole, 206 ranges, 416 past its end, relative to the member', async () => {
    const media = createMediaRegistry();
    const token = media.register({ path: file, offsetBytes: 7000, sizeBytes: 3000, name: 'clip-2.mp4' }, 'video/mp4; codecs="avc1.42c01e"');
    const whole = await openMedia(media, token, undefined);
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({ 'Content-Length': '3000', 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes' });
    expect((await read(whole)).equals(bytes.subarray(7000, 10000))).toBe(true);
    const part = await openMedia(media, token, 'bytes=2990-');
    expect(part.status).toBe(206);
    expect(part.headers['Content-Range']).toBe('bytes 2990-2999/3000');
    expect((await read(part)).equals(bytes.subarray(9990, 10000))).toBe(true);
    const suffix = await openMedia(media, token, 'bytes=-5');
    expect((await read(suffix)).equals(bytes.subarray(9995, 10000))).toBe(true);
    expect((await openMedia(media, token, 'bytes=3000-')).status).toBe(416);
  });

  it('a whole file by path, an unknown token, and a member past the end of its file are answered 404', async () => {
    const media = createMediaRegistry();
    const token = media.register(file);
    const r = await openMedia(media, token, 'bytes=19990-');
    expect(r.headers['Content-Range']).toBe('bytes 19990-19999/20000');
    expect((await read(r)).equals(bytes.subarray(19990))).toBe(true);
    expect((await openMedia(media, 'no-such-token', undefined)).status).toBe(404);
    const gone = media.register({ path: file, offsetBytes: 19000, sizeBytes: 5000, name: 'x.mp4' });
    expect((await openMedia(media, gone, undefined)).status).toBe(404);
    media.unregister(token);
    expect((await openMedia(media, token, undefined)).status).toBe(404);
  });
});
