import type { Page } from 'playwright-core';

/** Samples a page's JS heap through the DevTools protocol every 50 ms; stop() returns the peak in bytes. */
export async function sampleHeap(page: Page): Promise<{ stop(): Promise<number> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  let running = true;
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m: { name: string }) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    peak = Math.max(peak, used);
  };
  const loop = (async () => {
    while (running) {
      await read().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await read().catch(() => undefined);
      await cdp.detach().catch(() => undefined);
      return peak;
    },
  };
}
