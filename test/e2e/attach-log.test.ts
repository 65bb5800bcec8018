/**
 * Logs dropped with a recording, in Chromium against the built browser-mode host: a recorded bash session
 * (bash-editing.cast, asciicast timestamp 1760000000) dropped together with a JumpServer command-record
 * CSV made for it. The log is not opened as a recording; it is attached (stored under the recording's
 * SHA-256 in the data folder), its command that the recording never shows appears in the Commands panel,
 * the Info panel lists it with its counts, and all of it is still there after a reload.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropAndLoad, e2eUnavailable, launchBrowser, openApp, ROOT, type Host } from './harness';

const CAST = join(ROOT, 'test/fixtures/commands/bash-editing.cast');
const CAST_NAME = 'bash-editing';
const skip = e2eUnavailable();
if (skip) console.warn(skip);

// 20 s into the recording, a command only the server saw (flagged 5); a row from another day does not match.
const CSV = 'input,output,risk_level,timestamp,session\r\n"sudo cat /etc/shadow","root:*:19000:0:99999:7:::",5,1760000020,sid-e2e\r\nuptime,,0,1760090000,sid-e2e\r\n';

describe.skipIf(skip !== null)('logs dropped with a recording (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let work = '';
  const sha256 = createHash('sha256').update(readFileSync(CAST)).digest('hex');
  const logSha = createHash('sha256').update(CSV).digest('hex');

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tv-e2e-attach-'));
    writeFileSync(join(work, 'commands.csv'), CSV);
    ({ host, browserCtl, page } = await openApp());
    await dropAndLoad(page, [CAST, join(work, 'commands.csv')], CAST_NAME, { indexed: true });
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const logRow = (p: Page) => p.locator('[data-testid="command-row"]', { hasText: 'sudo cat /etc/shadow' });

  it('attaches the log instead of opening it, and its command shows in the Commands panel at its time', async () => {
    // The CSV was not opened as a recording (the library holds the host's samples and the cast).
    const names = await page.locator('[data-testid="library-item"]').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => n.includes('commands.csv'))).toBe(false);
    await page.keyboard.press('c');
    await logRow(page).waitFor({ timeout: 30_000 });
    expect(Number(await logRow(page).getAttribute('data-time-ms'))).toBe(20_000);
    // The recording's own commands are still all there (13 in bash-editing.truth.json) plus the logged one.
    const truth = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/commands/bash-editing.truth.json'), 'utf8')) as { commands: unknown[] };
    expect(await page.locator('[data-testid="command-row"]').count()).toBe(truth.commands.length + 1);
    const index = JSON.parse(readFileSync(join(host.dataDir, 'logs', `${sha256}.json`), 'utf8')) as { logs: { logId: string; matched: number; rows: number }[] };
    expect(index.logs).toMatchObject([{ logId: logSha, rows: 2, matched: 1 }]);
    expect(readFileSync(join(host.dataDir, 'logs', 'files', `${logSha}.csv`), 'utf8')).toBe(CSV);
  });

  it('lists the log in the Info panel, and keeps it after a reload', async () => {
    // The Info panel's section is rendered whether or not its tab is in front.
    const item = page.locator('[data-testid="attached-log"]');
    await item.waitFor({ state: 'attached' });
    expect(await item.innerText()).toContain('commands.csv');
    expect([await item.getAttribute('data-rows'), await item.getAttribute('data-matched')]).toEqual(['2', '1']);
    await page.reload();
    await page.waitForSelector('[data-testid="app"]');
    await dropAndLoad(page, [CAST], CAST_NAME, { indexed: true });
    await page.keyboard.press('c');
    await logRow(page).waitFor({ timeout: 30_000 });
  });
});
