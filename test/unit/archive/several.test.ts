/**
 * Archives holding several recordings (the first in path order opens, every one is listed and openable
 * as a member), zips of video clips (one timeline, stored clips read in place), and reuse of what was
 * written out before.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingSummary } from '../../../shared/model';
import { createHandlers } from '../../../main/host/handlers';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { inlineCore, tempDir } from '../core/helpers/temp';
import { buildTar, buildZip, sha256Of } from './builders';
import { CAST, CAST_GZ, GUAC_A, HAVE, M4V, NO_CORPUS, place, read, REPLAY_GZ, snapshot } from './helpers';

const core = inlineCore();
afterAll(() => core.dispose());
if (!HAVE) console.warn(NO_CORPUS);

describe.skipIf(!HAVE)('several recordings', () => {
  const items = [
    { name: 'z-last/session.cast.gz', data: read(CAST_GZ) },
    { name: 'b/guac.replay.gz', data: read(REPLAY_GZ) },
    { name: 'a/deeper/still/demo.cast', data: read(CAST) },
    { name: 'readme.txt', data: 'downloaded from the PAM' },
  ];

  it('opens the first by path order, lists all with kind and format, opens another as a member', async () => {
    const tar = place('many.tar', buildTar(items));
    const first = await core.open(tar);
    expect(first).toMatchObject({ kind: 'terminal', fileName: 'demo.cast', container: { memberPaths: ['a/deeper/still/demo.cast'] } });
    expect(first.container?.members.map((m) => [m.path, m.kind, m.format])).toEqual([
      ['a/deeper/still/demo.cast', 'terminal', 'asciicast'],
      ['b/guac.replay.gz', 'display', 'guacamole'],
      ['readme.txt', undefined, undefined],
      ['z-last/session.cast.gz', 'terminal', 'asciicast'],
    ]);
    const guac = await core.open(tar, { member: 'b/guac.replay.gz' });
    expect(guac).toMatchObject({ kind: 'display', fileName: 'guac.replay.gz', container: { memberPaths: ['b/guac.replay.gz'], fileName: 'many.tar' } });
    expect(guac.id).not.toBe(first.id);
    expect(core.list().map((s) => s.id).sort()).toEqual([first.id, guac.id].sort());
  });

  it('the contract: open { kind: member } names a member of the archive a recording came from', async () => {
    const zip = place('many.zip', await buildZip(items));
    const own = inlineCore();
    const handlers = createHandlers(own, { mode: 'web', version: 'test', recent: createRecentStore(jsonFileBackend(join(tempDir(), 'recent.json'))) } as never);
    const first = await handlers.open({ source: { kind: 'path', path: zip } });
    const other = await handlers.open({ source: { kind: 'member', id: first.id, memberPath: 'z-last/session.cast.gz' } });
    expect(other).toMatchObject({ kind: 'terminal', fileName: 'session.cast.gz', compression: 'gzip', container: { kind: 'zip', fileName: 'many.zip' } });
    const plain = await handlers.open({ source: { kind: 'path', path: place('lone.guac', read(GUAC_A)) } });
    await expect(handlers.open({ source: { kind: 'member', id: plain.id, memberPath: 'x' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await own.dispose();
  });

  it('opening the same archive again reuses what was written out', async () => {
    const dataDir = join(tempDir(), 'data');
    const tar = place('again.zip', await buildZip(items));
    const a = inlineCore(dataDir);
    await a.whenIndexed((await a.open(tar)).id);
    await a.dispose();
    const dir = join(dataDir, 'archives', sha256Of(tar));
    const first = snapshot(dir);
    expect(first.size).toBeGreaterThan(0);
    const b = inlineCore(dataDir);
    const s: RecordingSummary = await b.open(tar);
    await b.dispose();
    expect(s.container?.kind).toBe('zip');
    expect(snapshot(dir)).toEqual(first);
  });
});

describe.skipIf(!HAVE)('video clips', () => {
  it('a zip of stored MP4 clips plays as one timeline, read in place (nothing written out)', async () => {
    const m4v = read(M4V);
    const zip = place('clips.zip', await buildZip([
      { name: 'clips/rec-002.mp4', data: m4v, store: true },
      { name: 'clips/rec-001.mp4', data: m4v, store: true },
      { name: 'clips/rec-003.mp4', data: m4v, store: true },
    ]));
    const dataDir = join(tempDir(), 'data');
    const c = inlineCore(dataDir);
    const alone = await c.open(place('one.m4v', m4v));
    const s = await c.open(zip);
    expect(s.kind).toBe('video');
    if (s.kind !== 'video') return;
    expect(s.video.clips.map((x) => x.name)).toEqual(['rec-001.mp4', 'rec-002.mp4', 'rec-003.mp4']);
    expect(s.durationMs).toBe(3 * alone.durationMs);
    expect(s.video.clips.map((x) => x.startMs)).toEqual([0, alone.durationMs, 2 * alone.durationMs]);
    expect(s.container?.memberPaths).toEqual(['clips/rec-001.mp4', 'clips/rec-002.mp4', 'clips/rec-003.mp4']);
    const media = await c.media(s.id);
    for (const clip of media.clips) {
      expect(clip.path).toBe(zip);
      expect(read(zip).subarray(clip.offsetBytes, clip.offsetBytes + clip.sizeBytes).equals(m4v)).toBe(true);
    }
    expect(() => statSync(join(dataDir, 'archives', sha256Of(zip)))).toThrow();
    await c.dispose();
  });

  it('a deflated clip is written out once and played from there', async () => {
    const zip = place('deflated.zip', await buildZip([{ name: 'rec.mp4', data: read(M4V) }]));
    const c = inlineCore();
    const s = await c.open(zip);
    expect(s).toMatchObject({ kind: 'video', container: { memberPaths: ['rec.mp4'] } });
    const [clip] = (await c.media(s.id)).clips;
    expect(clip!.path).toBe(join(c.dataDir, 'archives', sha256Of(zip), '0'));
    expect(read(clip!.path).equals(read(M4V))).toBe(true);
    await c.dispose();
  });
  it("lion .part.mp4 parts: the manifest's order, one timeline, its fields as metadata", async () => {
    const m4v = read(M4V);
    const names = ['s1.0.part.mp4', 's1.1.part.mp4'];
    const tar = place('lion-video.tar', buildTar([
      { name: 's1.replay.json', data: JSON.stringify({ id: 's1', user: 'dave', asset: 'rdp-01', protocol: 'rdp', files: [{ name: names[1], start: 5 }, { name: names[0], start: 0 }] }) },
      { name: names[1]!, data: m4v },
      { name: names[0]!, data: m4v },
    ]));
    const c = inlineCore();
    const alone = await c.open(place('one.m4v', m4v));
    const s = await c.open(tar);
    expect(s).toMatchObject({ kind: 'video', durationMs: 2 * alone.durationMs, metadata: { user: 'dave' }, session: { user: 'dave', protocol: 'rdp' } });
    if (s.kind === 'video') expect(s.video.clips.map((x) => x.name)).toEqual(names);
    expect(s.container?.memberPaths).toEqual(['s1.replay.json', ...names]);
    expect(s.container?.members.find((m) => m.path === 's1.replay.json')).toMatchObject({ kind: 'video', format: 'mp4' });
    await c.dispose();
  });
});
