import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRecentStore, jsonFileBackend, keyValueBackend, RECENT_LIMIT, recentKey } from '../../../main/host/recent-store';
import { cleanUploadName, createUploadStore } from '../../../main/host/uploads';
import { fakeSummary } from './fake-core';

const summary = (name: string) => fakeSummary('0123456789abcdef', name, 10, 'ab'.repeat(32));

describe('recent store', () => {
  it('keys entries by a hash and never lists the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-recent-'));
    const store = createRecentStore(jsonFileBackend(join(dir, 'recent.json')), () => 1000);
    const entry = store.add('/secret/place/a.cast', summary('a.cast'));
    expect(entry).toEqual({ key: recentKey('/secret/place/a.cast'), fileName: 'a.cast', sizeBytes: 10, openedAtEpochMs: 1000, format: 'asciicast', durationMs: 1000 });
    expect(JSON.stringify(store.list())).not.toContain('/secret/place');
    expect(store.resolve(entry.key)?.path).toBe('/secret/place/a.cast');
    // The file keeps the path (host-private), the key stays opaque.
    expect(readFileSync(join(dir, 'recent.json'), 'utf8')).toContain('/secret/place/a.cast');
    expect(entry.key).not.toContain('a.cast');
  });

  it('moves a reopened file to the top, caps the list and clears', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-recent-'));
    const store = createRecentStore(jsonFileBackend(join(dir, 'recent.json')));
    for (let i = 0; i < RECENT_LIMIT + 5; i++) store.add(`/f/${i}.cast`, summary(`${i}.cast`));
    store.add('/f/3.cast', summary('3.cast'));
    const list = store.list();
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]!.fileName).toBe('3.cast');
    expect(list.filter((e) => e.fileName === '3.cast')).toHaveLength(1);
    store.update(list[0]!.key, { durationMs: 5 });
    expect(store.list()[0]!.durationMs).toBe(5);
    expect(store.clear()).toBe(RECENT_LIMIT);
    expect(store.list()).toEqual([]);
  });

  it('survives a corrupt file and works over a key-value store (electron-store shape)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-recent-'));
    writeFileSync(join(dir, 'recent.json'), '{not json');
    expect(createRecentStore(jsonFileBackend(join(dir, 'recent.json'))).list()).toEqual([]);
    const kv = new Map<string, unknown>();
    const store = createRecentStore(keyValueBackend({ get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) }));
    store.add('/x/y.cast', summary('y.cast'));
    kv.set('recent', [...(kv.get('recent') as unknown[]), { junk: true }]);
    expect(store.list().map((e) => e.fileName)).toEqual(['y.cast']);
  });
});

describe('upload store', () => {
  it('streams to a temp file and renames it to its SHA-256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-up-'));
    const store = createUploadStore({ dir });
    const body = Buffer.from('some recording bytes');
    const { uploadId, sizeBytes } = await store.receive(Readable.from([body.subarray(0, 5), body.subarray(5)]), 'dir/../x.cast');
    expect(uploadId).toBe(createHash('sha256').update(body).digest('hex'));
    expect(sizeBytes).toBe(body.length);
    expect(readdirSync(dir)).toEqual([uploadId]);
    expect(await store.resolve(uploadId)).toEqual({ path: join(dir, uploadId), fileName: 'x.cast' });
    // The same content again shares the file.
    await store.receive(Readable.from([body]), 'again.cast');
    expect(readdirSync(dir)).toEqual([uploadId]);
  });

  it('stops a stream that grows past the limit and removes the temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-up-'));
    const store = createUploadStore({ dir, maxBytes: 100 });
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(30, 65));
    await expect(store.receive(Readable.from(chunks), 'big.cast')).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(readdirSync(dir)).toEqual([]);
    await expect(store.receive(Readable.from([]), 'big.cast', 101)).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('resolves only ids it stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-up-'));
    const store = createUploadStore({ dir });
    for (const id of ['../../etc/passwd', 'f'.repeat(64), 'abc']) {
      await expect(store.resolve(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(existsSync(join(dir, 'f'.repeat(64)))).toBe(false);
  });

  it('cleans display names', () => {
    expect(cleanUploadName('C:\\Users\\me\\s.cast')).toBe('s.cast');
    expect(cleanUploadName('a\u0000b\n.cast')).toBe('ab.cast');
    expect(cleanUploadName('')).toBe('upload');
    expect(cleanUploadName(null)).toBe('upload');
  });
});
