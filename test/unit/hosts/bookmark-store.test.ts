/**
 * The bookmark store: one JSON file per content hash, replaced whole through temp + rename, and a file it
 * cannot read is reported and left byte for byte as it was (it may hold someone's notes).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { TrailviewError } from '../../../shared/errors';

const SHA = 'ab'.repeat(32);
const OTHER = 'cd'.repeat(32);
let dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tv-bookmarks-'));
  dirs.push(d);
  return join(d, 'bookmarks');
}
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function thrown(fn: () => unknown): TrailviewError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TrailviewError) return err;
    throw err;
  }
  throw new Error('expected a TrailviewError');
}

describe('bookmark store', () => {
  it('adds, lists in time order, edits and deletes, per content hash', () => {
    const dir = tempDir();
    let clock = 1000;
    const store = createBookmarkStore(dir, { now: () => clock++ });
    expect(store.list(SHA)).toEqual([]);
    const late = store.save(SHA, { timeMs: 9000, note: '  rm -rf here  ' });
    const early = store.save(SHA, { timeMs: 1500, note: 'login' });
    store.save(OTHER, { timeMs: 5, note: 'other recording' });
    expect(late.note).toBe('rm -rf here');
    expect(late.createdAtEpochMs).toBe(1000);
    expect(late.id).not.toBe(early.id);
    expect(store.list(SHA).map((b) => b.note)).toEqual(['login', 'rm -rf here']);

    const edited = store.save(SHA, { id: early.id, timeMs: 12_000, note: 'login, moved' });
    expect(edited).toEqual({ ...early, timeMs: 12_000, note: 'login, moved' });
    expect(store.list(SHA).map((b) => b.id)).toEqual([late.id, early.id]);

    expect(store.remove(SHA, late.id)).toBe(true);
    expect(store.remove(SHA, late.id)).toBe(false);
    expect(store.list(SHA)).toEqual([edited]);
    expect(store.list(OTHER).map((b) => b.note)).toEqual(['other recording']);

    // What is on disk is plain JSON under the hash's name, readable by a fresh store.
    const onDisk = JSON.parse(readFileSync(join(dir, `${SHA}.json`), 'utf8'));
    expect(onDisk.sha256).toBe(SHA);
    expect(onDisk.bookmarks).toEqual([edited]);
    expect(createBookmarkStore(dir).list(SHA)).toEqual([edited]);
  });

  it('refuses to edit a bookmark that is not there', () => {
    const store = createBookmarkStore(tempDir());
    expect(thrown(() => store.save(SHA, { id: 'gone', timeMs: 1, note: '' })).code).toBe('NOT_FOUND');
  });

  it('writes through a temp file and rename: no temp files stay, and a failed write leaves the old list', () => {
    const dir = tempDir();
    const good = createBookmarkStore(dir);
    const kept = good.save(SHA, { timeMs: 100, note: 'kept' });
    const before = readFileSync(join(dir, `${SHA}.json`));
    expect(readdirSync(dir)).toEqual([`${SHA}.json`]);

    // A write that dies half-way (disk full, crash) must not touch the real file.
    const failing = createBookmarkStore(dir, {
      writeFile: (path, data) => {
        writeFileSync(path, data.slice(0, 10));
        throw new Error('ENOSPC: no space left on device');
      },
    });
    const err = thrown(() => failing.save(SHA, { timeMs: 200, note: 'lost' }));
    expect(err.message).toMatch(/no space left/);
    expect(err.message).toMatch(/previous list is unchanged/);
    expect(readFileSync(join(dir, `${SHA}.json`))).toEqual(before);
    expect(readdirSync(dir)).toEqual([`${SHA}.json`]);
    expect(good.list(SHA)).toEqual([kept]);
  });

  it('a file of bad JSON gives a clear error naming it, and is left alone by reads, saves and deletes', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${SHA}.json`);
    const junk = '{"version":1,"bookmarks":[{"id":"a","timeMs":1,"note":"half';
    writeFileSync(file, junk);
    const store = createBookmarkStore(dir);
    const err = thrown(() => store.list(SHA));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain(`bookmarks/${SHA}.json`);
    expect(err.message).toMatch(/not valid JSON/);
    expect(err.message).toMatch(/left as it is/);
    expect(err.message).not.toContain(dir); // no absolute paths for the UI
    expect(thrown(() => store.save(SHA, { timeMs: 1, note: 'x' })).code).toBe('CORRUPT');
    expect(thrown(() => store.remove(SHA, 'a')).code).toBe('CORRUPT');
    expect(readFileSync(file, 'utf8')).toBe(junk);
    expect(readdirSync(dir)).toEqual([`${SHA}.json`]);
  });

  it('a file of valid JSON in the wrong shape is also reported, not replaced', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${SHA}.json`);
    writeFileSync(file, '{"version":1,"bookmarks":[{"id":"a","timeMs":"soon","note":""}]}');
    const store = createBookmarkStore(dir);
    const err = thrown(() => store.save(SHA, { timeMs: 1, note: 'x' }));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/entry 1 is not a bookmark/);
    writeFileSync(file, '[1,2,3]');
    expect(thrown(() => store.list(SHA)).message).toMatch(/no "bookmarks" list/);
    expect(readFileSync(file, 'utf8')).toBe('[1,2,3]');
  });

  it('will not name a file from anything but a SHA-256', () => {
    const store = createBookmarkStore(tempDir());
    expect(thrown(() => store.list('../../etc/passwd')).code).toBe('INTERNAL');
  });
});
