/**
 * Settings in browser mode, end to end: change the theme and the default speed in the Settings dialog,
 * forget everything the page itself kept (localStorage), reload, and find both kept by the host (its
 * settings.json in the data dir); a recording opened afterwards starts at the saved speed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropAndLoad, e2eUnavailable, launchBrowser, openApp, playerAttr, ROOT, type Host } from './harness';

const skip = e2eUnavailable();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('desktop settings in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    ({ host, browserCtl, page } = await openApp());
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
  });

  it('keeps the theme and the default speed chosen in Settings across a reload', { timeout: 120_000 }, async () => {
    const theme = () => page.locator('[data-testid="app"]').getAttribute('data-theme');
    const before = await theme();
    const other = before === 'dark' ? 'light' : 'dark';

    // Keyboard first: Ctrl+, opens it with focus on the theme.
    await page.locator('body').click();
    await page.keyboard.press('Control+Comma');
    await page.waitForSelector('[data-testid="settings-dialog"]');
    await page.selectOption('[data-testid="settings-theme"]', other);
    await page.waitForSelector(`[data-testid="app"][data-theme="${other}"]`);
    await page.selectOption('[data-testid="settings-speed"]', '2');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="settings-dialog"]', { state: 'detached' });

    // The host wrote them (read back from its data dir, not from the page).
    await expect.poll(() => {
      try {
        return JSON.parse(readFileSync(join(host.dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
      } catch {
        return {};
      }
    }).toMatchObject({ theme: other, defaultSpeed: 2 });

    // Forget the page's own hint, reload: what shows comes from the host.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector(`[data-testid="app"][data-theme="${other}"]`);
    await page.keyboard.press('Control+Comma');
    await page.waitForSelector('[data-testid="settings-dialog"]');
    expect(await page.locator('[data-testid="settings-theme"]').inputValue()).toBe(other);
    expect(await page.locator('[data-testid="settings-speed"]').inputValue()).toBe('2');
    await page.keyboard.press('Escape');

    // A recording opened now starts at 2x.
    await dropAndLoad(page, [join(ROOT, 'resources/samples/08-v2-misc-real-session.cast')], '08-v2-misc-real-session');
    await expect.poll(() => playerAttr(page, 'data-speed')).toBe('2');
  });
});
