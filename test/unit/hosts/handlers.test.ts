import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DisplayNames } from '../../../main/host/display-names';
import { dispatch } from '../../../main/host/dispatch';
import { createHandlers } from '../../../main/host/handlers';
import { openFiles } from '../../../main/host/open-files';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { createFakeCore } from './fake-core';

function setup(extra: { openDialog?: () => Promise<string[]> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tv-handlers-'));
  const a = join(dir, 'a.cast');
  writeFileSync(a, 'recording a');
  const core = createFakeCore();
  const recent = createRecentStore(jsonFileBackend(join(dir, 'recent.json')));
  const names = new DisplayNames();
  const bookmarks = createBookmarkStore(join(dir, 'bookmarks'));
  const parts = { mode: 'electron' as const, version: '1.0.0', recent, bookmarks, names, ...extra };
  return { dir, a, core, recent, names, parts, handlers: createHandlers(core, parts) };
}

describe('handler table', () => {
  it('returns a thrown non-Trailview error as INTERNAL with its message only', async () => {
    const { handlers, core } = setup();
    core.list = () => {
      throw new Error('disk on fire');
    };
    const res = await dispatch(handlers, 'library', {});
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error: disk on fire' } });
  });

  it('remembers opened files and reopens them by key', async () => {
    const { handlers, a, recent } = setup();
    const opened = await handlers.open({ source: { kind: 'path', path: a } });
    const [entry] = recent.list();
    expect(entry).toMatchObject({ fileName: 'a.cast', sizeBytes: opened.sizeBytes });
    expect(await handlers.open({ source: { kind: 'recent', key: entry!.key } })).toMatchObject({ id: opened.id });
    await expect(handlers.open({ source: { kind: 'recent', key: 'nope' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await handlers.recentClear({})).toEqual({ cleared: 1 });
  });

  it('refuses uploads where there are none, and the dialog where there is none', async () => {
    const { handlers } = setup();
    await expect(handlers.open({ source: { kind: 'upload', uploadId: 'x' } })).rejects.toMatchObject({ code: 'UNSUPPORTED_HERE' });
    await expect(handlers.openDialog({})).rejects.toMatchObject({ code: 'UNSUPPORTED_HERE' });
  });

  it('opens what the dialog picked: partial success is success, all failing is the first error', async () => {
    const picks: string[][] = [];
    const { handlers, a, dir } = setup({ openDialog: async () => picks.shift() ?? [] });
    picks.push([join(dir, 'missing.cast'), a]);
    expect((await handlers.openDialog({})).map((s) => s.fileName)).toEqual(['a.cast']);
    picks.push([join(dir, 'missing.cast')]);
    await expect(handlers.openDialog({})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await handlers.openDialog({})).toEqual([]);
  });

  it('host-opened files: samples stay out of the recent list, failures are reported per file', async () => {
    const { core, parts, a, dir, recent } = setup();
    const samples = await openFiles(core, parts, [a, join(dir, 'gone.cast')], false);
    expect(samples.opened.map((s) => s.fileName)).toEqual(['a.cast']);
    expect(samples.failed).toEqual([{ path: join(dir, 'gone.cast'), message: expect.stringContaining('gone.cast') }]);
    expect(recent.list()).toEqual([]);
    await openFiles(core, parts, [a], true);
    expect(recent.list()).toHaveLength(1);
  });

  it('shows upload names instead of stored hashes, in replies and in the library', async () => {
    const { core, recent, names, a, parts } = setup();
    const handlers = createHandlers(core, { mode: 'web', version: '1', recent, bookmarks: parts.bookmarks, names, resolveUpload: async () => ({ path: a, fileName: 'nice name.cast' }) });
    const s = await handlers.open({ source: { kind: 'upload', uploadId: 'abc' } });
    expect(s.fileName).toBe('nice name.cast');
    expect((await handlers.library({}))[0]!.fileName).toBe('nice name.cast');
    expect((await handlers.summary({ id: s.id })).fileName).toBe('nice name.cast');
    expect(recent.list()[0]!.fileName).toBe('nice name.cast');
  });
});
