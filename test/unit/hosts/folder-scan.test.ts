/**
 * Opening folders: which files a scan takes (by content, not by name), what it skips (hidden names, links,
 * non-recordings, levels past the depth limit), the count limits, cancelling, and the progress it reports.
 * Fixtures are copies of corpus files in a temp dir.
 */
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../shared/folder-scan';
import { createScanJobs, fileLooksLikeRecording, openFolder, scanFolder } from '../../../main/host/folder-scan';
import { openFiles } from '../../../main/host/open-files';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { fakeSummary, createFakeCore } from './fake-core';

const ROOT = resolve(import.meta.dirname, '../../..');
const CAST = join(ROOT, 'resources/samples/08-v2-misc-real-session.cast');
const CAST_GZ = join(ROOT, 'resources/samples/10-v2-welcome-bash-output-only.cast.gz');
const GUAC = join(ROOT, '../shared/corpus/guacamole/guacd160-ssh-keys.guac');

/** A one-member tar: a 512-byte ustar header (magic at 257) and the member's data. */
function tarBytes(): Buffer {
  const header = Buffer.alloc(512);
  header.write('a.cast', 0);
  header.write('ustar\u000000', 257, 'binary');
  return Buffer.concat([header, Buffer.alloc(512)]);
}

function makeTree(): { root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'tv-scan-'));
  const root = join(base, 'downloads');
  const w = (rel: string, data: string | Buffer) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), data);
  };
  const c = (src: string, rel: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    copyFileSync(src, join(root, rel));
  };
  // Recordings under names that say nothing, and non-recordings under names that lie.
  c(CAST, 'session-one');
  c(CAST_GZ, 'b/welcome.bin');
  w('b/jumpserver.tar', tarBytes());
  w('b/clips.zip', Buffer.concat([Buffer.from('PK\u0003\u0004', 'binary'), Buffer.alloc(60)]));
  w('b/video.mp4', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(20)]));
  w('notes.cast', 'these are my notes, not a recording\n');
  w('picture.cast.gz', gzipSync(Buffer.from('\u0089PNG not really')));
  w('empty.cast', '');
  w('meta.json', JSON.stringify({ user: 'alice', asset: 'db1' }));
  // Hidden files and folders are never looked at, even when they hold recordings.
  c(CAST, '.hidden.cast');
  c(CAST, '.git/objects/x.cast');
  c(CAST, '__MACOSX/y.cast');
  // Depth: root = 0, b = 1, b/c = 2, b/c/d = 3.
  c(CAST, 'b/c/level2.cast');
  c(CAST, 'b/c/d/level3.cast');
  // A link leading out of the folder is not followed.
  const outside = join(base, 'outside');
  mkdirSync(outside);
  copyFileSync(CAST, join(outside, 'secret.cast'));
  symlinkSync(outside, join(root, 'link-out'));
  symlinkSync(join(outside, 'secret.cast'), join(root, 'link.cast'));
  return { root, outside };
}

const rel = (root: string, paths: string[]) => paths.map((p) => relative(root, p).split('\\').join('/'));

describe('folder scan', () => {
  it('finds recordings by content and skips hidden names, links and non-recordings', async () => {
    const { root } = makeTree();
    const r = await scanFolder(root);
    expect(rel(root, r.found)).toEqual(['session-one', 'b/clips.zip', 'b/jumpserver.tar', 'b/video.mp4', 'b/welcome.bin', 'b/c/level2.cast', 'b/c/d/level3.cast']);
    // Every regular, non-hidden file was looked at: 5 at the top (link.cast is a link), 4 in b, 1 in c, 1 in d.
    expect(r.filesSeen).toBe(11);
    expect(r.truncated).toBe(false);
    expect(r.cancelled).toBe(false);
  });

  it('Guacamole dumps count too (corpus)', async (ctx) => {
    try {
      expect(await fileLooksLikeRecording(GUAC)).toBe(true);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') ctx.skip(`corpus missing: ${GUAC}`);
      throw err;
    }
  });

  it('stops at the depth and count limits and says it was truncated', async () => {
    const { root } = makeTree();
    const shallow = await scanFolder(root, { limits: { maxDepth: 1 } });
    expect(rel(root, shallow.found)).not.toContain('b/c/level2.cast');
    expect(rel(root, shallow.found)).toContain('b/welcome.bin');
    expect((await scanFolder(root, { limits: { maxDepth: 0 } })).found.map((p) => relative(root, p))).toEqual(['session-one']);
    const byFiles = await scanFolder(root, { limits: { maxFiles: 6 } });
    expect(byFiles.filesSeen).toBe(6);
    expect(byFiles.truncated).toBe(true);
    const byFound = await scanFolder(root, { limits: { maxFound: 2 } });
    expect(byFound.found).toHaveLength(2);
    expect(byFound.truncated).toBe(true);
    // Exactly as many as there are: not truncated.
    expect((await scanFolder(root, { limits: { maxFound: 7 } })).truncated).toBe(false);
  });

  it('opens what it found, reports progress to the end, and a cancel stops the opening', async () => {
    const { root } = makeTree();
    const events: ScanProgress[] = [];
    const jobs = createScanJobs();
    const opened: string[] = [];
    const result = await openFolder(root, jobs, {
      open: async (p) => {
        opened.push(p);
        if (p.endsWith('video.mp4')) throw new Error('no video support in this test');
        return fakeSummary(String(opened.length), p, 1, 'x');
      },
      emit: (event, payload) => {
        expect(event).toBe('scan');
        events.push(payload as ScanProgress);
      },
    });
    expect(opened).toHaveLength(7);
    expect(result.opened).toHaveLength(6);
    expect(result.failed).toEqual([{ name: 'video.mp4', message: 'internal error: no video support in this test' }]);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ folderName: 'downloads', filesSeen: 11, found: 7, opened: 6, failed: 1, done: true, cancelled: false });
    expect(events.slice(0, -1).every((e) => !e.done)).toBe(true);
    expect(new Set(events.map((e) => e.scanId)).size).toBe(1);

    // Cancel after the second recording opened: the rest are not opened.
    const seen: string[] = [];
    const cancelled = await openFolder(root, jobs, {
      open: async (p) => {
        seen.push(p);
        if (seen.length === 2) expect(jobs.cancel(scanIdOf(events2))).toBe(true);
        return fakeSummary(String(seen.length), p, 1, 'x');
      },
      emit: (_e, payload) => events2.push(payload as ScanProgress),
    });
    expect(seen).toHaveLength(2);
    expect(cancelled.cancelled).toBe(true);
    expect(events2.at(-1)).toMatchObject({ done: true, cancelled: true, opened: 2 });
    // A finished scan can no longer be cancelled.
    expect(jobs.cancel(scanIdOf(events2))).toBe(false);
  });

  it('refuses a path that is not a folder', async () => {
    await expect(openFolder(CAST, createScanJobs(), { open: async () => fakeSummary('1', 'x', 1, 'x') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(openFolder(join(tmpdir(), 'no-such-dir-tv'), createScanJobs(), { open: async () => fakeSummary('1', 'x', 1, 'x') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('openFiles scans folders given on the command line next to plain files', async () => {
    const { root } = makeTree();
    const dir = mkdtempSync(join(tmpdir(), 'tv-scan-host-'));
    const core = createFakeCore();
    const parts = {
      mode: 'electron' as const,
      version: '1',
      recent: createRecentStore(jsonFileBackend(join(dir, 'recent.json'))),
      bookmarks: createBookmarkStore(join(dir, 'bookmarks')),
    };
    const r = await openFiles(core, parts, [join(root, 'b', 'c'), CAST], true, createScanJobs());
    expect(r.opened.map((s) => s.fileName)).toEqual(['level2.cast', 'level3.cast', '08-v2-misc-real-session.cast']);
    expect(r.failed).toEqual([]);
  });
});

const events2: ScanProgress[] = [];
function scanIdOf(events: ScanProgress[]): string {
  return events[0]!.scanId;
}
