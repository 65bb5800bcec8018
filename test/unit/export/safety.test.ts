/**
 * Export safety: the source is never touched; a failed or cancelled export leaves nothing under the
 * chosen name (a file already there stays as it was) and no temp file behind; progress is reported.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrailviewError } from '../../../shared/errors';
import { runExport } from '../../../main/core/export/run-export';
import { SessionRouter } from '../../../main/core/session-router';
import { writeSyntheticCast } from '../../../main/core/testing/synthetic-cast';
import { inlineCore, tempDir } from '../core/helpers/temp';

const core = inlineCore();
afterAll(() => core.dispose());

const fingerprint = (path: string) => {
  const st = statSync(path);
  return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), mtimeMs: st.mtimeMs, size: st.size, mode: st.mode };
};

async function bigCast(): Promise<string> {
  const path = join(tempDir('tv-safety-src-'), 'long.cast');
  await writeSyntheticCast(path, { durationMs: 20 * 60_000, targetBytes: 3_000_000, seed: 3 });
  return path;
}

describe('export safety', () => {
  it('a cancelled export (after its first progress event) leaves no file and no temp file; the source is unchanged', async () => {
    const source = await bigCast();
    const before = fingerprint(source);
    const summary = await core.whenIndexed((await core.open(source)).id);
    for (const format of ['cast', 'bundle', 'txt'] as const) {
      const dir = tempDir('tv-safety-out-');
      const outPath = join(dir, `clip.${format}`);
      const abort = new AbortController();
      const seen: number[] = [];
      const off = core.on('exportProgress', (p) => {
        seen.push(p.progress);
        abort.abort();
      });
      const result = core.exportClip(summary.id, { fromMs: 0, toMs: summary.durationMs, format, outPath }, { jobId: `cancel-${format}`, signal: abort.signal });
      await expect(result, format).rejects.toMatchObject({ code: 'CANCELLED' });
      off();
      expect(seen.length, format).toBeGreaterThan(0);
      expect(readdirSync(dir), format).toEqual([]);
    }
    expect(fingerprint(source)).toEqual(before);
  });

  it('an export that fails half-way leaves the file already under the chosen name as it was, and no temp file', async () => {
    const source = await bigCast();
    const before = fingerprint(source);
    const router = new SessionRouter(() => undefined);
    await router.open(source, join(tempDir('tv-safety-data-'), 'data'));
    await router.whenIndexed();
    // The recording's third chunk cannot be read (a disk error, say).
    const failing = Object.create(router) as SessionRouter;
    failing.chunk = async (at) => {
      if (at.chunkIndex === 2) throw new TrailviewError('NOT_READABLE', 'simulated read error in chunk 2');
      return router.chunk(at);
    };
    for (const format of ['cast', 'bundle'] as const) {
      const dir = tempDir('tv-safety-out-');
      const outPath = join(dir, 'evidence.out');
      writeFileSync(outPath, 'an earlier export');
      const progress: number[] = [];
      const run = runExport({ session: failing, createDisplay: () => Promise.reject(new Error('unused')), sourcePaths: [source] }, { fromMs: 0, toMs: 600_000, format, outPath }, new AbortController().signal, (f) => progress.push(f));
      await expect(run, format).rejects.toMatchObject({ code: 'NOT_READABLE', message: 'simulated read error in chunk 2' });
      expect(readdirSync(dir), format).toEqual(['evidence.out']);
      expect(readFileSync(outPath, 'utf8')).toBe('an earlier export');
      expect(progress.length).toBeGreaterThan(0);
    }
    await router.close();
    expect(fingerprint(source)).toEqual(before);
  });

  it('refuses a missing folder and the source itself as the destination, creating nothing', async () => {
    const source = await bigCast();
    const before = fingerprint(source);
    const summary = await core.whenIndexed((await core.open(source)).id);
    const missing = join(tempDir('tv-safety-out-'), 'no-such-folder', 'clip.cast');
    await expect(core.exportClip(summary.id, { fromMs: 0, toMs: 1000, format: 'cast', outPath: missing })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(missing)).toBe(false);
    await expect(core.exportClip(summary.id, { fromMs: 0, toMs: 1000, format: 'cast', outPath: source })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(fingerprint(source)).toEqual(before);
  });
});
