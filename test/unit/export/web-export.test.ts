/**
 * Browser mode's export: no path from the page; the host writes under its data folder and answers a
 * /media/ URL the page downloads (with its access token), the bytes hashing to what the answer says.
 * Progress comes as `exportProgress` server-sent events; a page-chosen path is refused.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/api';
import type { RecordingSummary } from '../../../shared/model';
import { createWebHost, type WebHost } from '../../../main/web/server';
import { writeSyntheticCast } from '../../../main/core/testing/synthetic-cast';
import { inlineCore, tempDir } from '../core/helpers/temp';
import { readSse } from '../hosts/sse';

describe('export in browser mode', () => {
  const core = inlineCore();
  const work = tempDir('tv-web-export-');
  let web: WebHost;
  let origin: string;
  beforeAll(async () => {
    web = await createWebHost({ core, dataDir: join(work, 'web'), rendererDir: join(work, 'no-renderer'), version: '1.2.3-test' });
    origin = `http://127.0.0.1:${web.port}`;
  });
  afterAll(async () => {
    await web.close();
    await core.dispose();
  });
  const call = async <T>(method: string, req: unknown): Promise<Result<T>> =>
    (await (await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'X-Trailview-Token': web.token }, body: JSON.stringify(req) })).json()) as Result<T>;

  it('answers a download URL for the file it wrote under its data folder, and pushes progress', async () => {
    const source = join(work, 'session.cast');
    await writeSyntheticCast(source, { durationMs: 5 * 60_000, targetBytes: 500_000, seed: 5 });
    const opened = await call<RecordingSummary>('open', { source: { kind: 'path', path: source } });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = opened.value.id;
    await core.whenIndexed(id);

    const sse = await readSse(`${origin}/api/events?token=${web.token}`);
    await sse.waitForComment('connected');
    const answer = await call<{ path: string; sizeBytes: number; sha256: string }>('export', { id, fromMs: 30_000, toMs: 200_000, format: 'bundle', jobId: 'job1', notes: 'from the page' });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.path).toMatch(/^\/media\/[\w-]+\?token=/);
    // The last progress event of the job says 1 (it is sent before the answer).
    for (;;) {
      const e = (await sse.nextEvent()) as { event: string; payload: { jobId?: string; progress?: number } };
      if (e.event !== 'exportProgress') continue;
      expect(e.payload.jobId).toBe('job1');
      if (e.payload.progress === 1) break;
    }
    sse.close();

    const download = await fetch(`${origin}${answer.value.path}`);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(answer.value.sizeBytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(answer.value.sha256);
    expect(readdirSync(join(work, 'web', 'exports'))).toEqual(['session-30000-200000ms-evidence.zip']);
    // Without the access token the file is not served.
    expect((await fetch(`${origin}${answer.value.path.replace(/\?token=.*/, '')}`)).status).toBe(401);

    const refused = await call('export', { id, fromMs: 0, toMs: 1000, format: 'txt', outPath: join(work, 'chosen-by-page.txt') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_HERE' } });
    expect(readdirSync(work)).not.toContain('chosen-by-page.txt');
  });
});
