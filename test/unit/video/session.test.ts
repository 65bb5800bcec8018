/**
 * VideoSession: clips (whole files or runs of bytes inside one file, as an archive stores them) on one
 * timeline; the honest answers for calls video has no data for; and the core opening a video by content.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/core';
import { VideoSession } from '../../../main/core/video/session';
import type { ByteSource } from '../../../main/core/types';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/video');
const work = mkdtempSync(join(tmpdir(), 'trailview-video-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Three clips stored one after another inside one file, with padding between, like members of a tar. */
function packedClips(): { path: string; sources: ByteSource[]; bytes: Buffer[] } {
  const bytes = [0, 1, 2].map((i) => readFileSync(join(FIXTURES, `clip-${i}-h264.mp4`)));
  const parts: Buffer[] = [];
  const sources: ByteSource[] = [];
  let at = 0;
  for (const [i, b] of bytes.entries()) {
    const pad = Buffer.alloc(512 - (at % 512) + 512, 0x55);
    parts.push(pad, b);
    at += pad.length;
    sources.push({ path: join(work, 'clips.pack'), offsetBytes: at, sizeBytes: b.length, name: `clip-${i}.mp4` });
    at += b.length;
  }
  parts.push(Buffer.alloc(700, 0xaa));
  writeFileSync(join(work, 'clips.pack'), Buffer.concat(parts));
  return { path: join(work, 'clips.pack'), sources, bytes };
}

describe('VideoSession', () => {
  it('places three clips read in place consecutively, identified by their bytes', async () => {
    const { sources, bytes } = packedClips();
    const events: unknown[] = [];
    const session = new VideoSession((e) => events.push(e));
    const s = await session.open(sources, work, { fileName: 'clips.zip' });
    const sha256 = createHash('sha256').update(Buffer.concat(bytes)).digest('hex');
    expect(s).toMatchObject({ kind: 'video', format: 'mp4', fileName: 'clips.zip', sha256, id: sha256.slice(0, 16), durationMs: 6000 });
    expect(s.sizeBytes).toBe(bytes.reduce((n, b) => n + b.length, 0));
    expect(s.video.clips.map((c) => [c.name, c.startMs, c.durationMs, c.sizeBytes])).toEqual([
      ['clip-0.mp4', 0, 2000, bytes[0]!.length],
      ['clip-1.mp4', 2000, 2000, bytes[1]!.length],
      ['clip-2.mp4', 4000, 2000, bytes[2]!.length],
    ]);
    expect(s.parts).toEqual(s.video.clips.map((c) => ({ name: c.name, startMs: c.startMs, durationMs: c.durationMs })));
    expect(s.index).toMatchObject({ state: 'ready', progress: 1, indexedUntilMs: 6000 });
    expect(s.video).toMatchObject({ width: 320, height: 240, faststart: false, fragmented: false });
    expect(events).toHaveLength(1);
    const media = await session.media();
    expect(media.clips.map((c) => [c.offsetBytes, c.sizeBytes, c.startMs, c.mimeType])).toEqual(
      sources.map((src, i) => [src.offsetBytes, src.sizeBytes, i * 2000, s.video.clips[i]!.mimeType]),
    );
  });

  it('answers honestly for what video has no data for', async () => {
    const session = new VideoSession();
    const file = join(work, 'one.mp4');
    copyFileSync(join(FIXTURES, 'clip-0-h264.mp4'), file);
    await session.open([{ path: file, offsetBytes: 0, sizeBytes: readFileSync(file).length, name: 'one.mp4' }], work);
    await expect(session.chunk()).rejects.toMatchObject({ code: 'UNSUPPORTED_HERE', message: expect.stringContaining('plays from its media URL') });
    expect(await session.search({ id: session.summary().id, query: 'x' })).toMatchObject({ hits: [], total: 0, partial: false });
    expect(await session.transcriptPage(0, 10)).toEqual({ lines: [], total: 0, done: true });
    expect((await session.activity()).screen).toEqual([]);
    expect(session.summary().parts).toBeUndefined();
  });

  it('a member whose bytes lie outside its file is refused', async () => {
    const { sources } = packedClips();
    await expect(new VideoSession().open([{ ...sources[2]!, sizeBytes: sources[2]!.sizeBytes + 5000 }], work)).rejects.toMatchObject({ code: 'CORRUPT' });
  });
});

describe('the core opens videos by content', () => {
  it('an MP4 named .txt opens as video; its media is the whole file; a cast has no media', async () => {
    const core = createCore({ dataDir: join(work, 'data'), worker: 'inline' });
    try {
      const file = join(work, 'not-a-text-file.txt');
      copyFileSync(join(FIXTURES, 'mediarecorder-vp8.webm'), file);
      const s = await core.open(file);
      expect(s).toMatchObject({ kind: 'video', format: 'webm', fileName: 'not-a-text-file.txt' });
      expect((await core.media(s.id)).clips).toEqual([
        { path: file, offsetBytes: 0, sizeBytes: readFileSync(file).length, name: 'not-a-text-file.txt', mimeType: 'video/webm; codecs="vp8"', startMs: 0, durationMs: s.durationMs },
      ]);
      const cast = join(work, 'x.cast');
      writeFileSync(cast, '{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "hi"]\n');
      const t = await core.open(cast);
      expect((await core.media(t.id)).clips).toEqual([]);
    } finally {
      await core.dispose();
    }
  });
});
