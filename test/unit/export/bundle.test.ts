/**
 * Evidence bundles: what is inside is what the manifest says (checked here with our own hashing of the
 * unzipped members, and against the source file's bytes), a fresh bundle verifies, and one changed byte
 * in any member makes verify fail naming exactly that member; a member removed or added is named too.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../main/core/export/verify';
import { MANIFEST_NAME, SUMS_NAME, type BundleManifest } from '../../../shared/formats/bundle/manifest';
import { inlineCore, tempDir, writeTemp } from '../core/helpers/temp';
import { buildTar } from '../archive/builders';
import { CAST_GZ, HAVE as HAVE_ARCHIVE_CORPUS, SID, place, read, sessionJson } from '../archive/helpers';

const core = inlineCore();
afterAll(() => core.dispose());

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const CAST =
  '{"version":2,"width":30,"height":6,"timestamp":1700000000,"title":"db maintenance"}\n' +
  [...Array(60).keys()].map((i) => JSON.stringify([i * 0.5, 'o', `line ${i} \x1b[1;3${i % 8}mcolour\x1b[0m\r\n`])).join('\n') +
  '\n[12.0,"m","chapter"]\n[13.0,"i","ls\\r"]\n';

async function makeBundle(): Promise<{ path: string; source: string }> {
  const source = writeTemp('session.cast', CAST);
  const summary = await core.whenIndexed((await core.open(source)).id);
  const path = join(tempDir('tv-bundle-'), 'evidence.zip');
  const result = await core.exportClip(summary.id, {
    fromMs: 10_000,
    toMs: 20_000,
    format: 'bundle',
    outPath: path,
    notes: 'Ticket 4711: checked by A. Examiner',
    bookmarks: [{ timeMs: 12_500, note: 'in range' }, { timeMs: 25_000, note: 'out of range' }],
    appVersion: '9.9.9',
  });
  expect(result.sha256).toBe(sha(readFileSync(path)));
  expect(result.sizeBytes).toBe(statSync(path).size);
  return { path, source };
}

async function rezip(members: Map<string, Buffer>, path: string): Promise<void> {
  const zip = new JSZip();
  for (const [name, bytes] of members) zip.file(name, bytes);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

async function unzip(path: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const out = new Map<string, Buffer>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async('nodebuffer'));
  return out;
}

describe('evidence bundle', () => {
  it('holds the clip, transcript, README, SHA256SUMS and a manifest that describes them and the source', async () => {
    const { path, source } = await makeBundle();
    const members = await unzip(path);
    expect([...members.keys()].sort()).toEqual(['README.txt', 'SHA256SUMS', 'clip.cast', 'commands.csv', 'manifest.json', 'transcript.txt', 'transfers.csv']);
    const manifest = JSON.parse(members.get(MANIFEST_NAME)!.toString('utf8')) as BundleManifest;
    expect(manifest.source).toMatchObject({ fileName: 'session.cast', sizeBytes: statSync(source).size, sha256: sha(readFileSync(source)) });
    expect(manifest.range).toMatchObject({ fromMs: 10_000, toMs: 20_000, fromIso: '2023-11-14T22:13:30.000Z', toIso: '2023-11-14T22:13:40.000Z' });
    expect(manifest.notes).toBe('Ticket 4711: checked by A. Examiner');
    expect(manifest.bookmarks).toEqual([{ timeMs: 12_500, note: 'in range' }]);
    expect(manifest.exportedBy).toMatchObject({ app: 'Trailview', version: '9.9.9' });
    for (const m of manifest.members) {
      expect(m.sha256, m.name).toBe(sha(members.get(m.name)!));
      expect(m.sizeBytes, m.name).toBe(members.get(m.name)!.length);
    }
    expect(manifest.members.map((m) => m.name).sort()).toEqual(['README.txt', 'SHA256SUMS', 'clip.cast', 'commands.csv', 'transcript.txt', 'transfers.csv']);
    expect(members.get('commands.csv')!.toString('utf8').split('\r\n')[0]).toBe('timeMs,endMs,command,exitCode,risk,context');
    // SHA256SUMS is what `sha256sum -c` reads: every member but itself and the manifest.
    const sums = members.get(SUMS_NAME)!.toString('utf8');
    for (const name of ['clip.cast', 'transcript.txt', 'README.txt']) expect(sums).toContain(`${sha(members.get(name)!)}  ${name}\n`);
    // The manifest's self hash: its bytes with the value zeroed.
    const text = members.get(MANIFEST_NAME)!.toString('utf8');
    expect(manifest.manifestSha256).toBe(sha(text.replace(manifest.manifestSha256, '0'.repeat(64))));
    expect(members.get('README.txt')!.toString('utf8')).toContain('sha256sum -c SHA256SUMS');
    const transcript = members.get('transcript.txt')!.toString('utf8');
    expect(transcript).toContain('line 25');
    expect(transcript).not.toContain('line 5 ');
    expect((await verifyBundle(path)).ok).toBe(true);
  });

  it('names exactly the member in which one byte changed, for every member', async () => {
    const { path } = await makeBundle();
    const original = await unzip(path);
    const dir = tempDir('tv-tamper-');
    for (const [name, bytes] of original) {
      for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
        const changed = Buffer.from(bytes);
        changed[at] = changed[at]! ^ 0x01;
        const members = new Map(original);
        members.set(name, changed);
        const tampered = join(dir, `${name}-${at}.zip`);
        await rezip(members, tampered);
        const verdict = await verifyBundle(tampered);
        expect(verdict.ok, `${name} byte ${at}`).toBe(false);
        expect(verdict.problems.map((p) => p.member), `${name} byte ${at}: ${JSON.stringify(verdict.problems)}`).toEqual([name]);
      }
    }
  });

  it('opened in the player, a bundle plays its clip and carries the verdict: all verified, or the changed member named', async () => {
    const { path } = await makeBundle();
    const intact = await core.open(path);
    expect(intact.container?.kind).toBe('zip');
    expect(intact.container?.bundle).toMatchObject({ ok: true, problems: [] });
    // Every member but the manifest is checked against it (the manifest checks itself by its self hash).
    expect(new Set([...intact.container!.bundle!.verified, MANIFEST_NAME])).toEqual(new Set((await unzip(path)).keys()));
    const clip = intact.container!.memberPaths[0]!;
    expect(clip).toMatch(/\.cast$/);

    const members = await unzip(path);
    const changed = Buffer.from(members.get(clip)!);
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 0x01;
    members.set(clip, changed);
    const tampered = join(tempDir('tv-tamper-'), 'tampered.zip');
    await rezip(members, tampered);
    const opened = await core.open(tampered);
    expect(opened.container?.bundle?.ok).toBe(false);
    expect(opened.container?.bundle?.problems.map((p) => p.member)).toEqual([clip]);
  });

  it('names a missing member and an added one; an untouched copy rezipped still verifies', async () => {
    const { path } = await makeBundle();
    const original = await unzip(path);
    const dir = tempDir('tv-tamper-');
    const same = join(dir, 'same.zip');
    await rezip(original, same);
    expect((await verifyBundle(same)).ok).toBe(true);

    const missing = new Map(original);
    missing.delete('transcript.txt');
    await rezip(missing, join(dir, 'missing.zip'));
    expect((await verifyBundle(join(dir, 'missing.zip'))).problems).toMatchObject([{ member: 'transcript.txt', problem: 'missing' }]);

    const extra = new Map(original);
    extra.set('notes-added-later.txt', Buffer.from('trust me'));
    await rezip(extra, join(dir, 'extra.zip'));
    expect((await verifyBundle(join(dir, 'extra.zip'))).problems).toMatchObject([{ member: 'notes-added-later.txt', problem: 'extra' }]);
  });

  it('a byte flipped in the zip file itself is found and pinned on a member', async () => {
    const { path } = await makeBundle();
    const bytes = readFileSync(path);
    const zip = await JSZip.loadAsync(bytes);
    const dir = tempDir('tv-tamper-');
    // Inside the clip's compressed data: just after its local header and name.
    const at = bytes.indexOf(Buffer.from('clip.cast')) + 'clip.cast'.length + 20;
    const flipped = Buffer.from(bytes);
    flipped[at] = flipped[at]! ^ 0xff;
    writeFileSync(join(dir, 'flipped.zip'), flipped);
    const verdict = await verifyBundle(join(dir, 'flipped.zip')).catch((e: unknown) => e);
    expect(Object.keys(zip.files)).toContain('clip.cast');
    expect(verdict).toMatchObject({ ok: false });
    expect((verdict as { problems: { member: string }[] }).problems.map((p) => p.member)).toContain('clip.cast');
  });
});

describe.skipIf(!HAVE_ARCHIVE_CORPUS)('evidence bundle of a recording read out of a JumpServer tar', () => {
  it('names the archive as well as the member, carries the session facts and the wall-clock range from them', async () => {
    const tar = place(`${SID}.tar`, buildTar([{ name: `${SID}.cast.gz`, data: read(CAST_GZ) }, { name: `${SID}.json`, data: sessionJson() }]));
    const tarSha = sha(readFileSync(tar));
    const summary = await core.whenIndexed((await core.open(tar)).id);
    const path = join(tempDir('tv-bundle-tar-'), 'evidence.zip');
    await core.exportClip(summary.id, { fromMs: 1000, toMs: 3000, format: 'bundle', outPath: path });
    const manifest = JSON.parse((await unzip(path)).get(MANIFEST_NAME)!.toString('utf8')) as BundleManifest;
    expect(manifest.container).toMatchObject({ kind: 'tar', fileName: `${SID}.tar`, sha256: tarSha, memberPaths: [`${SID}.cast.gz`] });
    expect(manifest.source).toMatchObject({ fileName: `${SID}.cast.gz`, sha256: sha(read(CAST_GZ)) });
    expect(manifest.session).toMatchObject({ user: 'Alice(alice)', asset: 'db-01(10.0.0.5)' });
    // date_start 2023/06/01 10:20:30 +0800 is 02:20:30 UTC; the range starts 1 s in.
    expect(manifest.range.fromIso).toBe('2023-06-01T02:20:31.000Z');
    expect((await verifyBundle(path)).ok).toBe(true);
    expect(sha(readFileSync(tar))).toBe(tarSha);
  });
});
