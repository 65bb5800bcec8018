/**
 * The language switch in Chromium against the built browser-mode host, under its real CSP and bundle: the
 * settings dialog turns the UI Simplified Chinese at once (toolbar, player controls, info panel), the
 * choice survives a reload (kept by the host), and no translation key is missing (it would show as ⟦ns:key⟧).
 */
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CORPUS, dropAndLoad, e2eUnavailable, launchBrowser, startHost, type Host } from './harness';

const skip = e2eUnavailable();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('language switch in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const errors: string[] = [];
  const cast = join(CORPUS, 'asciicast/02-v2-demo-input.cast');

  beforeAll(async () => {
    host = await startHost();
    browserCtl = await launchBrowser();
    page = await browserCtl.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(host.url);
    await page.waitForSelector('[data-testid="app"]');
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
  });

  const text = (sel: string) => page.locator(sel).first().innerText();
  const attr = (sel: string, name: string) => page.locator(sel).first().getAttribute(name);

  it('starts in English (the browser is en-US)', async () => {
    await expect(text('[data-testid="open-button"]')).resolves.toBe('Open…');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
  });

  it('switches to Simplified Chinese from the settings dialog, everywhere at once', async () => {
    await page.locator('[data-testid="settings-button"]').click();
    await page.locator('[data-testid="settings-language"]').selectOption('zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await expect(attr('[data-testid="settings-dialog"]', 'aria-label')).resolves.toBe('设置');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="settings-dialog"]').waitFor({ state: 'detached' });
    await expect(text('[data-testid="open-button"]')).resolves.toBe('打开…');

    await dropAndLoad(page, [cast], basename(cast).slice(0, 20));
    await expect(attr('[data-testid="play-pause"]', 'aria-label')).resolves.toBe('播放');
    await expect(text('[data-testid="skip-idle"]')).resolves.toBe('跳过空闲');
    await page.locator('[data-testid="tab-info"]').click();
    const info = await text('[data-testid="info-panel"]');
    for (const label of ['文件', '格式', '时长', '终端尺寸']) expect(info).toContain(label);
    expect(await page.content()).not.toContain('⟦');
  });

  it('keeps the language after a reload', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid="app"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="open-button"]')?.textContent === '打开…');
    expect(await page.content()).not.toContain('⟦');
    expect(errors).toEqual([]);
  });
});
