/**
 * The command timeline and bookmarks in Chromium against the built browser-mode host: a corpus cast's
 * commands (from the core's extraction) appear in the Commands panel and on the lane, a click on either
 * seeks the player there, B adds a bookmark whose note is typed at once, and after a reload the bookmark
 * is still there, stored under the recording's SHA-256 in the data folder. Screenshots of the player
 * with the lane and panels in both themes go to /tmp/tv-shots/ for people to look at.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CORPUS, dropAndLoad, e2eUnavailable, launchBrowser, openApp, settledTime, type Host } from './harness';

const CAST = join(CORPUS, 'asciicast/10-v2-welcome-bash-output-only.cast.gz');
const SHOTS = '/tmp/tv-shots';
const skip = e2eUnavailable() ?? (existsSync(CAST) ? null : `timeline e2e skipped: ${CAST} is missing`);
if (skip) console.warn(skip);

/** Waits until the player has finished a seek and sits at `ms`. */
async function playerAt(page: Page, ms: number): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const p = document.querySelector('[data-testid="player"]');
      return p?.getAttribute('data-seeking') === 'false' && Number(p.getAttribute('data-time-ms')) === want;
    },
    ms,
    { timeout: 15_000 },
  );
}

describe.skipIf(skip !== null)('command timeline and bookmarks in Chromium (browser mode)', () => {
  let host: Host;
  let browserCtl: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const sha256 = skip ? '' : createHash('sha256').update(readFileSync(CAST)).digest('hex');

  beforeAll(async () => {
    ({ host, browserCtl, page } = await openApp());
    await dropAndLoad(page, [CAST], '10-v2-welcome-bash', { indexed: true });
    await settledTime(page);
  });

  afterAll(async () => {
    await browserCtl?.close();
    await host?.stop();
  });

  it('lists the commands the core found, and a click on one seeks the player to it', async () => {
    await page.keyboard.press('c');
    // The list may come in parts while the commands are still being derived: take it once it is complete.
    await page.waitForSelector('[data-testid="commands-panel"][data-state="complete"]', { timeout: 30_000 });
    const rows = page.locator('[data-testid="command-row"]');
    await rows.first().waitFor({ timeout: 30_000 });
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    // The last command: far from where the player is (0), so the seek is visible.
    const row = rows.nth(n - 1);
    const wantMs = Number(await row.getAttribute('data-time-ms'));
    expect(wantMs).toBeGreaterThan(0);
    await row.locator('[data-row]').click();
    await playerAt(page, wantMs);
    // While the player sits on it, it is the highlighted command.
    await page.waitForSelector(`[data-testid="command-row"][aria-current="true"][data-time-ms="${wantMs}"]`);
  });

  it('shows the same commands on the lane; a click on a glyph seeks there', async () => {
    const glyphs = page.locator('[data-testid="tl-glyph"][data-kind="command"]');
    await glyphs.first().waitFor();
    const first = glyphs.first();
    const wantMs = Number(await first.getAttribute('data-time-ms'));
    const rowTimes = await page.locator('[data-testid="command-row"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time-ms'))));
    expect(rowTimes).toContain(wantMs);
    await first.hover();
    await expect(page.locator('[data-testid="tl-tooltip"]').innerText()).resolves.not.toBe('');
    await first.click();
    await playerAt(page, wantMs);
    // Between glyphs the lane tells the time, and names an idle stretch when the pointer is in one.
    const idle = page.locator('.tl-idle');
    expect(await idle.count()).toBeGreaterThan(0);
    const box = (await idle.first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.locator('[data-testid="tl-tooltip"]').innerText()).resolves.toMatch(/Idle \d+:\d\d – \d+:\d\d/);
  });

  it('B bookmarks the current moment with a note, and it is there after a reload', async () => {
    const atMs = await settledTime(page);
    await page.locator('[data-testid="seek-bar"]').focus();
    // Typed straight after B, as people do: not one key may go missing before the field appears.
    await page.keyboard.press('b');
    await page.keyboard.type('first command ran here');
    await page.keyboard.press('Enter');
    const row = page.locator('[data-testid="bookmark-row"]', { hasText: 'first command ran here' });
    await row.waitFor();
    expect(Number(await row.getAttribute('data-time-ms'))).toBe(atMs);

    // Stored by the recording's content hash in the host's data folder, as plain JSON.
    const file = join(host.dataDir, 'bookmarks', `${sha256}.json`);
    await expect.poll(() => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).bookmarks?.[0]?.note, { timeout: 5000 }).toBe('first command ran here');

    await page.reload();
    await page.waitForSelector('[data-testid="app"]');
    const item = page.locator('[data-testid="library-item"]', { hasText: '10-v2-welcome-bash-output-only' });
    await item.waitFor();
    if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
    await page.locator('[data-testid="tab-bookmarks"]').click();
    const again = page.locator('[data-testid="bookmark-row"]', { hasText: 'first command ran here' });
    await again.waitFor();
    // And it seeks: go elsewhere first, then click the bookmark.
    await page.keyboard.press('End');
    await settledTime(page);
    await again.locator('[data-row]').click();
    await playerAt(page, atMs);
    await page.waitForSelector('[data-testid="tl-glyph"][data-kind="bookmark"]');
  });

  it('screenshots the player with the lane and panels in light and dark', async () => {
    mkdirSync(SHOTS, { recursive: true });
    await page.locator('[data-testid="tab-commands"]').click();
    const theme = () => page.locator('[data-testid="app"]').getAttribute('data-theme');
    const seen = new Set<string>();
    for (let i = 0; i < 3 && seen.size < 2; i++) {
      const t = (await theme()) ?? '';
      if (!seen.has(t)) {
        seen.add(t);
        // Hover a command so the lane's tooltip is in the picture.
        await page.locator('[data-testid="tl-glyph"][data-kind="command"]').nth(1).hover();
        writeFileSync(join(SHOTS, `timeline-${t}.png`), await page.screenshot());
      }
      await page.locator('[data-testid="theme-toggle"]').click();
    }
    expect([...seen].sort()).toEqual(['dark', 'light']);
  });
});
