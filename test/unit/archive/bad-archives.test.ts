/**
 * Archives that must not hurt: traversal, absolute and link entries refused and never written anywhere;
 * decompression bombs cut off at the (lowered) limits; archives with no recording say what they hold.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SessionRouter } from '../../../main/core/session-router';
import { DEFAULT_ARCHIVE_LIMITS } from '../../../main/core/archive/types';
import { inlineCore, tempDir } from '../core/helpers/temp';
import { buildTar, buildZip, sha256Of } from './builders';
import { CAST, HAVE, NO_CORPUS, place, read, snapshot } from './helpers';

const core = inlineCore();
afterAll(() => core.dispose());
afterEach(() => {
  SessionRouter.archiveLimits = DEFAULT_ARCHIVE_LIMITS;
});
if (!HAVE) console.warn(NO_CORPUS);

/** An asciicast v2 recording whose one output event is `bytes` spaces: compresses ~1000:1. */
function spaciousCast(bytes: number): string {
  return `{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "${' '.repeat(bytes)}"]\n`;
}

describe.skipIf(!HAVE)('bad archives', () => {
  it('traversal, absolute and link entries are refused, listed, and nothing lands outside the extraction folder', async () => {
    const cast = read(CAST);
    // One root holding the download (two folders down, so '../../escape.cast' would land in the root) and the data dir.
    const root = tempDir('tv-evil-');
    const tar = join(root, 'downloads', 'today', 'evil.tar');
    mkdirSync(dirname(tar), { recursive: true });
    writeFileSync(tar, buildTar([
      { name: '../../escape.cast', data: cast },
      { name: '/tmp/absolute.cast', data: cast },
      { name: 'C:/windows.cast', data: cast },
      { name: 'link.cast', type: '2', linkName: '../../../etc/passwd' },
      { name: 'hard.cast', type: '1', linkName: '/etc/shadow' },
      { name: 'dev', type: '3' },
      { name: 'ok/good.cast', data: cast },
    ]));
    const core = inlineCore(join(root, 'data'));
    const outside = snapshot(root);
    const before = sha256Of(tar);
    const s = await core.whenIndexed((await core.open(tar)).id);
    expect(s.container?.memberPaths).toEqual(['ok/good.cast']);
    expect(s.container?.members.map((m) => m.path)).toEqual(['ok/good.cast']);
    expect(Object.fromEntries((s.container?.refused ?? []).map((r) => [r.path, r.reason]))).toEqual({
      '../../escape.cast': expect.stringContaining('..'),
      '/tmp/absolute.cast': 'is an absolute path',
      'C:/windows.cast': 'starts with a drive letter',
      'link.cast': 'is a symbolic link',
      'hard.cast': 'is a hard link',
      dev: 'is a device file',
    });
    for (const member of ['../../escape.cast', 'link.cast', '/tmp/absolute.cast']) {
      await expect(core.open(tar, { member })).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining(member) });
    }
    // Only the data dir changed (its archives/ and cache/), and in archives/ only numbered members.
    const after = snapshot(root);
    const dataRel = core.dataDir.slice(root.length + 1);
    for (const [p, v] of after) if (!p.startsWith(dataRel)) expect(outside.get(p), p).toBe(v);
    expect([...after.keys()].filter((p) => !p.startsWith(dataRel) && !outside.has(p))).toEqual([]);
    expect(existsSync(join(root, 'escape.cast'))).toBe(false);
    expect(existsSync('/tmp/absolute.cast')).toBe(false);
    await core.dispose();
    expect(readdirSync(join(core.dataDir, 'archives', before)).every((n) => /^\d+$/.test(n))).toBe(true);
    expect(sha256Of(tar)).toBe(before);
  });

  it('a zip whose member inflates past the ratio limit is TOO_LARGE naming the member and the limit; nothing is left behind', async () => {
    SessionRouter.archiveLimits = { maxMemberBytes: 4 * 2 ** 30, maxRatio: 200, ratioFloorBytes: 1024 * 1024 };
    const zip = await buildZip([{ name: 'inner/bomb.cast', data: spaciousCast(8 * 2 ** 20) }]);
    expect(zip.length).toBeLessThan(64 * 1024);
    const path = place('bomb.zip', zip);
    const err = await core.open(path).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOO_LARGE' });
    expect((err as Error).message).toMatch(/bomb\.zip: member inner\/bomb\.cast decompresses to more than 200 times its .* compressed size/);
    const dir = join(core.dataDir, 'archives', sha256Of(path));
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('the size limit, and a .tar.gz bomb (the whole tar is limited)', async () => {
    SessionRouter.archiveLimits = { maxMemberBytes: 2 * 2 ** 20, maxRatio: 1e9, ratioFloorBytes: 0 };
    const zip = place('big.zip', await buildZip([{ name: 'big.cast', data: spaciousCast(3 * 2 ** 20) }]));
    await expect(core.open(zip)).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/big\.zip: member big\.cast decompresses to more than 2 MiB, the limit for one archive member/) });
    const tgz = place('big.tar.gz', gzipSync(buildTar([{ name: 'big.cast', data: spaciousCast(3 * 2 ** 20) }])));
    await expect(core.open(tgz)).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('big.tar.gz decompresses to more than 2 MiB') });
    // Within the limits the same member opens.
    SessionRouter.archiveLimits = DEFAULT_ARCHIVE_LIMITS;
    const s = await core.open(zip);
    expect(s).toMatchObject({ kind: 'terminal', container: { kind: 'zip' } });
  });

  it('an archive with no recording says what it found', async () => {
    const tar = place('x.tar', buildTar([
      { name: 'a.txt', data: 'hello' },
      { name: 'b.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
      { name: 'notes.md', data: '# notes' },
      { name: '../up.cast', data: read(CAST) },
    ]));
    await expect(core.open(tar)).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: expect.stringMatching(/^archive x\.tar holds 3 files, none a recording: a\.txt, b\.png, notes\.md; 1 entry refused \(\.\.\/up\.cast has a '\.\.' segment/),
    });
    await expect(core.open(place('empty.zip', await buildZip([])))).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'archive empty.zip holds no files' });
  });

  it('--member on a file that is not an archive, or a member it lacks, is a clear error', async () => {
    const cast = place('plain.cast', read(CAST));
    await expect(core.open(cast, { member: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('plain.cast is not an archive') });
    const tar = place('one.tar', buildTar([{ name: 'a.cast', data: read(CAST) }, { name: 'n.txt', data: 'x' }]));
    await expect(core.open(tar, { member: 'b.cast' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'one.tar has no member "b.cast"' });
    await expect(core.open(tar, { member: 'n.txt' })).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'one.tar: member n.txt is not a recording' });
  });
});
