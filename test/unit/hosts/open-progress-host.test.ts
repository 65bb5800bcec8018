/**
 * Open progress through a host (the handler table and the event forwarder every transport uses), on the
 * real core: `open` with a jobId pushes `openProgress` events to the UI's sink, `openCancel` stops it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../../shared/api';
import { toApiError } from '../../../shared/errors';
import { DisplayNames } from '../../../main/host/display-names';
import { forwardCoreEvents } from '../../../main/host/events';
import { createHandlers } from '../../../main/host/handlers';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { buildTar } from '../archive/builders';
import { inlineCore, tempDir, writeTemp } from '../core/helpers/temp';

const core = inlineCore();
afterAll(() => core.dispose());

describe('open progress through the host', () => {
  const cast = [JSON.stringify({ version: 2, width: 80, height: 24 })];
  for (let i = 0; i < 4000; i++) cast.push(JSON.stringify([i / 10, 'o', randomBytes(3000).toString('base64')]));
  const path = writeTemp('host.tar.gz', gzipSync(buildTar([{ name: 'a.cast', data: `${cast.join('\n')}\n` }]), { level: 1 }), tempDir());

  it('pushes openProgress to the sink, and openCancel stops the open with CANCELLED', async () => {
    const names = new DisplayNames();
    const pushed: { event: EventName; payload: unknown }[] = [];
    const handlers = createHandlers(core, {
      mode: 'web',
      version: 'test',
      names,
      recent: createRecentStore(jsonFileBackend(join(tempDir(), 'recent.json'))),
      bookmarks: createBookmarkStore(join(tempDir(), 'bookmarks')),
    });
    let cancel: Promise<{ cancelled: boolean }> | undefined;
    const off = forwardCoreEvents(core, names, (event, payload) => {
      pushed.push({ event, payload });
      const p = payload as Events['openProgress'];
      if (event === 'openProgress' && p.jobId === 'job-2' && p.phase === 'unpacking') cancel ??= handlers.openCancel({ jobId: 'job-2' });
    });
    try {
      const opened = await handlers.open({ source: { kind: 'path', path }, jobId: 'job-1' });
      expect(opened.kind).toBe('terminal');
      const first = pushed.filter((p) => p.event === 'openProgress').map((p) => p.payload as Events['openProgress']);
      expect(first.every((p) => p.jobId === 'job-1' && p.fileName === 'host.tar.gz')).toBe(true);
      expect(first.some((p) => p.phase === 'unpacking' && p.progress === 1)).toBe(true);
      await core.close(opened.id);

      // Other content (the same would find its tar already unpacked and have nothing to cancel there).
      const again = writeTemp('host-again.tar.gz', gzipSync(buildTar([{ name: 'b.cast', data: `${cast.join('\n')}\n` }]), { level: 1 }), tempDir());
      const err = await handlers.open({ source: { kind: 'path', path: again }, jobId: 'job-2' }).then(
        () => undefined,
        (e: unknown) => toApiError(e),
      );
      expect(err).toEqual({ code: 'CANCELLED', message: 'host-again.tar.gz: opening cancelled' });
      expect(await cancel).toEqual({ cancelled: true });
      expect(await handlers.openCancel({ jobId: 'job-2' })).toEqual({ cancelled: false });
      // A cancelled open is not remembered as a recent file: only the first open is.
      expect(await handlers.recentList({})).toHaveLength(1);
    } finally {
      off();
    }
  });
});
