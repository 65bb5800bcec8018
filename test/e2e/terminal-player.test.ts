/**
 * A person's path through the terminal player, in Chromium against the built browser-mode host:
 * drop a recording, see the first frame, play, change speed, seek by keyboard and by the bar, search,
 * jump to a hit, and look at the screen. Waits on data-state / data-* attributes only.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CORPUS, distinctColours, dropFiles, e2eUnavailable, launchBrowser, openApp, playerAttr, settledTime, terminalText, timeMs, type Host } from './harness';

const skip = e2eUnavailable();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('terminal player in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let scratch: string;
  const cast = join(CORPUS, 'asciicast/08-v2-misc-real-session.cast');
  const durationMs = 61_393; // last event of the file, per its own event list

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'trailview-e2e-files-'));
    ({ host, browserCtl, page } = await openApp());
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('opens a dropped file and shows its first frame', async () => {
    await dropFiles(page, [cast]);
    const item = page.locator('[data-testid="library-item"]', { hasText: '08-v2-misc-real-session' });
    await item.waitFor();
    await expect(item.getAttribute('aria-selected')).resolves.toBe('true');
    await page.waitForSelector('[data-testid="player"][data-state="paused"], [data-testid="player"][data-state="ready"]');
    expect(Math.abs(Number(await playerAttr(page, 'data-duration-ms')) - durationMs)).toBeLessThan(2);
    // At 0 ms nothing has been written yet (the first output is at 16.75 ms): step through the first
    // events, as a person would with '.', until fish has drawn its prompt.
    for (let i = 0; i < 6 && !/marcin/.test(await terminalText(page)); i++) {
      const before = await timeMs(page);
      await page.keyboard.press('.');
      await page.waitForFunction((t) => Number(document.querySelector('[data-testid="player"]')!.getAttribute('data-time-ms')) > t, before);
    }
    expect(await terminalText(page)).toMatch(/marcin@stacja/);
  });

  it('plays, and changes speed while playing', async () => {
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="player"][data-state="playing"]');
    const t0 = await timeMs(page);
    await page.waitForFunction((t) => Number(document.querySelector('[data-testid="player"]')!.getAttribute('data-time-ms')) > t + 300, t0);
    const before = Number(await playerAttr(page, 'data-speed'));
    await page.keyboard.press('>');
    await page.waitForFunction((s) => Number(document.querySelector('[data-testid="player"]')!.getAttribute('data-speed')) > s, before);
    expect(await playerAttr(page, 'data-state')).toBe('playing');
    await page.keyboard.press('k');
    await page.waitForSelector('[data-testid="player"][data-state="paused"]');
  });

  it('seeks with the keyboard', async () => {
    await page.keyboard.press('5');
    const t = await settledTime(page);
    expect(Math.abs(t - durationMs * 0.5)).toBeLessThan(50);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((want) => Math.abs(Number(document.querySelector('[data-testid="player"]')!.getAttribute('data-time-ms')) - want) < 50, t - 5000);
    await page.keyboard.press('0');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="player"]')!.getAttribute('data-time-ms')) === 0);
  });

  it('seeks with the bar, and the screen matches the time', async () => {
    const bar = page.locator('[data-testid="seek-bar"]');
    const box = (await bar.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    const t = await settledTime(page);
    expect(Math.abs(t - durationMs * 0.75)).toBeLessThan(durationMs * 0.02);
    // At 75% the session is in the middle of a cargo build: its output is on screen.
    await page.waitForFunction(() => /Compiling|Building/.test(document.querySelector('[data-testid="terminal"] .xterm-rows')?.textContent ?? ''));
  });

  it('searches and jumps to a hit with the line on screen', async () => {
    await page.keyboard.press('/');
    const input = page.locator('[data-testid="search-input"]');
    await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await input.fill('rustybuzz');
    await input.press('Enter');
    const hits = page.locator('[data-testid="search-hit"]');
    await hits.first().waitFor();
    expect(await hits.count()).toBeGreaterThan(0);
    const hit = hits.nth(Math.min(2, (await hits.count()) - 1));
    const hitMs = Number(await hit.getAttribute('data-time-ms'));
    await hit.click();
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid="player"]')!.getAttribute('data-time-ms')) === want && document.querySelector('[data-testid="player"]')!.getAttribute('data-seeking') === 'false', hitMs);
    expect(await terminalText(page)).toContain('rustybuzz');
    // The hit is highlighted with xterm's selection.
    await page.waitForSelector('[data-testid="terminal"] .xterm-selection div');
  });

  it('looks like something: a screenshot is not blank', async () => {
    const png = await page.screenshot();
    writeFileSync(join(scratch, 'player.png'), png);
    expect(await distinctColours(page, png)).toBeGreaterThan(8);
    const term = await page.locator('[data-testid="terminal"]').screenshot();
    expect(await distinctColours(page, term)).toBeGreaterThan(3);
  });

  it('explains a file that is not a recording', async () => {
    const junk = join(scratch, 'notes.cast');
    // Text that is neither JSON nor any format we know (a zip's magic would now make it a broken archive: CORRUPT).
    writeFileSync(junk, 'meeting notes, 3 March: rotate the db password\n');
    await dropFiles(page, [junk]);
    const panel = page.locator('[data-testid="error-panel"]');
    await panel.waitFor();
    expect(await panel.getAttribute('data-code')).toBe('UNSUPPORTED_FORMAT');
    expect(await panel.innerText()).toMatch(/notes\.cast/);
  });
});
