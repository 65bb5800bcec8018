/** The renderer's xterm.js warm-up (renderer/player/engines/xterm-warm-up.ts), in happy-dom. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmUpXterm, whenIdle } from '../../renderer/player/engines/xterm-warm-up';

afterEach(() => vi.useRealTimers());

describe('xterm warm-up', () => {
  it('parses about a chunk of ordinary output in a terminal that is never shown', () => {
    const before = document.body.innerHTML;
    expect(warmUpXterm(1000)).toBeGreaterThan(60_000);
    // Nothing was added to the page.
    expect(document.body.innerHTML).toBe(before);
  });

  it('waits for an idle moment, and not at all once cancelled', async () => {
    vi.useFakeTimers();
    const ran = vi.fn();
    whenIdle(ran);
    const cancel = whenIdle(ran);
    cancel();
    expect(ran).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3000);
    expect(ran).toHaveBeenCalledTimes(1);
  });
});
