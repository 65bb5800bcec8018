/**
 * A JumpServer session download dropped into the browser-mode app: the recording inside plays, and the
 * session metadata next to it shows in the library (user@asset) and in Info > Session, labelled.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildTar } from '../unit/archive/builders';
import { SID, sessionJson } from '../unit/archive/helpers';
import { CORPUS, dropAndLoad, e2eUnavailable, openApp, type Host, type launchBrowser } from './harness';

const CAST = join(CORPUS, 'asciicast/02-v2-demo-input.cast');
const skip = e2eUnavailable();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('a JumpServer tar in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let scratch = '';

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trailview-e2e-tar-'));
    ({ host, browserCtl, page } = await openApp());
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('plays the recording inside and shows who, where and when from its session JSON', async () => {
    const tar = join(scratch, `${SID}.tar`);
    writeFileSync(tar, buildTar([{ name: `${SID}.cast.gz`, data: gzipSync(readFileSync(CAST)) }, { name: `${SID}.json`, data: sessionJson() }]));
    await dropAndLoad(page, [tar], SID.slice(0, 8), { indexed: true });
    const item = page.locator('[data-testid="library-item"][aria-selected="true"]');
    await expect(item.locator('[data-testid="library-who"]').innerText()).resolves.toContain('alice');
    await page.locator('[data-testid="tab-info"]').click();
    const fact = (id: string) => page.locator(`[data-testid="${id}"]`).innerText();
    await expect(fact('fact-user')).resolves.toBe('Alice(alice)');
    await expect(fact('fact-asset')).resolves.toBe('db-01(10.0.0.5)');
    await expect(fact('fact-login-from')).resolves.toBe('Web Terminal');
    // 10:20:30 at +08:00 is 02:20:30 UTC.
    await expect(fact('fact-start')).resolves.toContain('2023-06-01 02:20:30 UTC');
    await expect(fact('fact-archive')).resolves.toContain(`${SID}.tar`);
    await expect(fact('fact-member')).resolves.toBe(`${SID}.cast.gz`);
    // The recording itself plays: its duration is the cast's last event time, read from the file here.
    const lines = readFileSync(CAST, 'utf8').trim().split('\n');
    const lastMs = Math.round((JSON.parse(lines[lines.length - 1]!) as [number])[0] * 1000);
    const durationMs = Number(await page.locator('[data-testid="player"]').getAttribute('data-duration-ms'));
    expect(Math.abs(durationMs - lastMs)).toBeLessThanOrEqual(1);
  });
});
