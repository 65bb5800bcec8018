/**
 * Listing in place: tars written by hand and by GNU tar (an independent writer), zips by jszip; entry
 * paths checked; links, devices, traversal and absolute paths refused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { openArchive, memberHead, archiveKindOf } from '../../../main/core/archive/archive';
import { checkEntryPath } from '../../../main/core/archive/entry-path';
import { isTarHeader, listTar } from '../../../main/core/archive/tar';
import { DEFAULT_ARCHIVE_LIMITS } from '../../../main/core/archive/types';
import { listZip } from '../../../main/core/archive/zip';
import { tempDir } from '../core/helpers/temp';
import { buildTar, buildZip } from './builders';

const HAVE_GNU_TAR = existsSync('/usr/bin/tar');
const long = `${'nested/'.repeat(20)}deep-session.cast`;

async function tarEntries(buf: Buffer) {
  const path = join(tempDir('tv-arch-'), 'a.tar');
  writeFileSync(path, buf);
  const h = await open(path, 'r');
  try {
    return await listTar(h, buf.length, 'a.tar');
  } finally {
    await h.close();
  }
}

describe('entry paths', () => {
  it('refuses traversal, absolute paths and drive letters; normalises the rest', () => {
    expect(checkEntryPath('./a/./b.cast')).toEqual({ ok: true, path: 'a/b.cast' });
    expect(checkEntryPath('a\\b.cast')).toEqual({ ok: true, path: 'a/b.cast' });
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'c:x', '..\\x', '', '.', 'a\0b']) expect(checkEntryPath(bad).ok, bad).toBe(false);
  });
});

describe('tar', () => {
  it('lists ustar, GNU long-name, pax and prefix entries with their data where the header says', async () => {
    const buf = buildTar([
      { name: 'dir/', type: '5' },
      { name: 'dir/a.txt', data: 'hello' },
      { name: long, data: 'gnu long', longName: 'gnu' },
      { name: `pax/${long}`, data: 'pax long', longName: 'pax' },
      { name: `${'p'.repeat(120)}/short.txt`, data: 'prefixed', longName: 'ustar-prefix' },
      { name: 'empty.txt', data: '' },
    ]);
    const { entries, problem } = await tarEntries(buf);
    expect(problem).toBeUndefined();
    expect(entries.map((e) => [e.name, e.type, e.sizeBytes])).toEqual([
      ['dir/', 'dir', 0],
      ['dir/a.txt', 'file', 5],
      [long, 'file', 8],
      [`pax/${long}`, 'file', 8],
      [`${'p'.repeat(120)}/short.txt`, 'file', 8],
      ['empty.txt', 'file', 0],
    ]);
    const texts = entries.map((e) => buf.subarray(e.dataOffsetBytes!, e.dataOffsetBytes! + e.sizeBytes).toString());
    expect(texts).toEqual(['', 'hello', 'gnu long', 'pax long', 'prefixed', '']);
  });

  it.skipIf(!HAVE_GNU_TAR)('agrees with GNU tar on a tar GNU tar wrote (long names, links)', async () => {
    const dir = tempDir('tv-gnutar-');
    const src = join(dir, 'src');
    mkdirSync(join(src, long.slice(0, long.lastIndexOf('/'))), { recursive: true });
    writeFileSync(join(src, long), 'x'.repeat(1000));
    writeFileSync(join(src, 'b.json'), '{}');
    symlinkSync('/etc/passwd', join(src, 'link'));
    for (const format of ['gnu', 'pax', 'ustar']) {
      const tar = join(dir, `${format}.tar`);
      const args = ['-cf', tar, `--format=${format}`, '-C', src, '.'];
      try {
        execFileSync('tar', args, { stdio: 'pipe' });
      } catch {
        continue; // ustar cannot hold a name this long: GNU tar refuses, nothing to compare
      }
      const gnu = execFileSync('tar', ['-tf', tar]).toString().trim().split('\n').map((n) => n.replace(/\/$/, '')).sort();
      const h = await open(tar, 'r');
      const { entries } = await listTar(h, (await h.stat()).size, 'x.tar').finally(() => h.close());
      expect(entries.map((e) => e.name.replace(/\/$/, '')).sort(), format).toEqual(gnu);
      const file = entries.find((e) => e.name.endsWith('deep-session.cast'))!;
      expect(readFileSync(tar).subarray(file.dataOffsetBytes!, file.dataOffsetBytes! + file.sizeBytes).toString()).toBe('x'.repeat(1000));
      expect(entries.find((e) => e.name.endsWith('link'))?.type).toBe('symlink');
    }
  });

  it('links, devices and fifos are listed by type; a damaged header stops the listing with a problem', async () => {
    const good = buildTar([
      { name: 'a.txt', data: 'a' },
      { name: 'sym', type: '2', linkName: '/etc/passwd' },
      { name: 'hard', type: '1', linkName: 'a.txt' },
      { name: 'dev', type: '3' },
      { name: 'fifo', type: '6' },
      { name: 'b.txt', data: 'b' },
    ]);
    expect((await tarEntries(good)).entries.map((e) => e.type)).toEqual(['file', 'symlink', 'hardlink', 'device', 'fifo', 'file']);
    const bad = Buffer.from(good);
    bad[1024 + 5] = bad[1024 + 5]! ^ 0xff; // inside the second header's name
    const listed = await tarEntries(bad);
    expect(listed.entries).toHaveLength(1);
    expect(listed.problem).toMatch(/byte 1024.*damaged/);
  });

  it('a cut-off tar lists what is there and says where it ends', async () => {
    const buf = buildTar([{ name: 'a.txt', data: 'a'.repeat(2000) }]).subarray(0, 1200);
    const { entries, problem } = await tarEntries(buf);
    expect(entries[0]?.sizeBytes).toBe(1200 - 512);
    expect(problem).toMatch(/ends inside member a\.txt/);
  });

  it('detection: a tar header checksum, a zip signature, a gzip holding a tar; not text or JSON', () => {
    const tar = buildTar([{ name: 'a', data: 'a' }]);
    expect(isTarHeader(tar.subarray(0, 512))).toBe(true);
    expect(archiveKindOf(tar)).toBe('tar');
    expect(archiveKindOf(Buffer.from('PK\x03\x04rest'))).toBe('zip');
    expect(archiveKindOf(Buffer.from([0x1f, 0x8b]), tar)).toBe('tar.gz');
    expect(archiveKindOf(Buffer.from([0x1f, 0x8b]), Buffer.from('{"version": 2}'))).toBeUndefined();
    expect(archiveKindOf(Buffer.alloc(1024))).toBeUndefined();
    expect(archiveKindOf(Buffer.from(`{"version": 2, "width": 80}\n${' '.repeat(600)}`))).toBeUndefined();
  });
});

describe('zip', () => {
  it('lists what jszip wrote, with sizes, methods and the bytes of stored members in place', async () => {
    const buf = await buildZip([
      { name: 'clips/1.txt', data: 'one', store: true },
      { name: 'clips/2.txt', data: 'two'.repeat(1000) },
      { name: 'sub/', data: '', dir: true },
      { name: 'sym', data: '/etc/passwd', unixPermissions: 0o120777 },
    ]);
    const path = join(tempDir('tv-zip-'), 'a.zip');
    writeFileSync(path, buf);
    const h = await open(path, 'r');
    const entries = await listZip(h, buf.length, 'a.zip').finally(() => h.close());
    const jszip = await JSZip.loadAsync(buf);
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(jszip.files).sort());
    expect(entries.find((e) => e.name === 'clips/1.txt')).toMatchObject({ method: 'stored', sizeBytes: 3, type: 'file' });
    expect(entries.find((e) => e.name === 'clips/2.txt')).toMatchObject({ method: 'deflate', sizeBytes: 3000 });
    expect(entries.find((e) => e.name === 'sub/')?.type).toBe('dir');
    expect(entries.find((e) => e.name === 'sym')?.type).toBe('symlink');

    const archive = (await openArchive(path, join(tempDir(), 'data'), DEFAULT_ARCHIVE_LIMITS))!;
    expect(archive.kind).toBe('zip');
    const text = async (name: string) => Buffer.from(await memberHead(archive, archive.entries.find((e) => e.path === name)!)).toString();
    expect(await text('clips/1.txt')).toBe('one');
    expect(await text('clips/2.txt')).toBe('two'.repeat(1000));
    expect(archive.entries.find((e) => e.path === 'sym')?.refused).toMatch(/link/);
  });

  it('a zip cut before its central directory is CORRUPT, named', async () => {
    const buf = await buildZip([{ name: 'a.txt', data: 'a'.repeat(100) }]);
    const path = join(tempDir('tv-zip-'), 'cut.zip');
    writeFileSync(path, buf.subarray(0, buf.length - 30));
    await expect(openArchive(path, join(tempDir(), 'data'), DEFAULT_ARCHIVE_LIMITS)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('cut.zip') });
  });
});
