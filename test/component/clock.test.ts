import { describe, expect, it } from 'vitest';
import { advance, gapRate, stepSpeed, wallDurationMs, SPEEDS, clampSpeed } from '../../renderer/player/clock';

const off = { on: false, capMs: 2000 };
const on = { on: true, capMs: 2000 };

describe('speed steps', () => {
  it('walks the menu steps up and down and stops at the ends', () => {
    expect(SPEEDS).toEqual([0.25, 0.5, 1, 1.5, 2, 4, 8, 16]);
    expect(stepSpeed(1, 1)).toBe(1.5);
    expect(stepSpeed(1.5, 1)).toBe(2);
    expect(stepSpeed(16, 1)).toBe(16);
    expect(stepSpeed(1, -1)).toBe(0.5);
    expect(stepSpeed(0.25, -1)).toBe(0.25);
    // A speed between steps goes to the neighbouring step.
    expect(stepSpeed(3, 1)).toBe(4);
    expect(stepSpeed(3, -1)).toBe(2);
    expect(clampSpeed(100)).toBe(16);
    expect(clampSpeed(0.01)).toBe(0.25);
  });
});

describe('gapRate', () => {
  it('compresses only gaps longer than the cap, and only when skip-idle is on', () => {
    expect(gapRate(10_000, off)).toBe(1);
    expect(gapRate(1_500, on)).toBe(1);
    expect(gapRate(10_000, on)).toBe(5);
  });
});

describe('advance', () => {
  const events = [0, 1000, 11_000, 12_000];

  it('moves recording time at the playback speed', () => {
    expect(advance(events, 0, 500, 1, off, 12_000)).toEqual({ timeMs: 500, leftoverWallMs: 0 });
    expect(advance(events, 0, 500, 2, off, 12_000).timeMs).toBe(1000);
    expect(advance(events, 0, 100, 0.25, off, 12_000).timeMs).toBe(25);
  });

  it('plays a long idle gap in capMs of wall time when skip-idle is on', () => {
    // The 10 s gap (1000 -> 11000) lasts 2 s: half of it (1 s wall) covers half the gap.
    expect(advance(events, 1000, 1000, 1, on, 12_000).timeMs).toBe(6000);
    expect(advance(events, 1000, 2000, 1, on, 12_000).timeMs).toBe(11_000);
    // Without skip-idle the same second covers one second.
    expect(advance(events, 1000, 1000, 1, off, 12_000).timeMs).toBe(2000);
  });

  it('crosses several gaps in one frame, each at its own rate', () => {
    // 1 s of gap 0..1000 at rate 1, then 1 s into the compressed gap (rate 5) = 5 s of it.
    expect(advance(events, 0, 2000, 1, on, 12_000).timeMs).toBe(6000);
  });

  it('applies speed and skip-idle together', () => {
    // At 2x, 1 s of wall time is 2 s effective = the whole compressed 10 s gap.
    expect(advance(events, 1000, 1000, 2, on, 12_000).timeMs).toBe(11_000);
  });

  it('stops at the limit and hands back the unused wall time', () => {
    const r = advance(events, 11_500, 1000, 1, off, 12_000);
    expect(r.timeMs).toBe(12_000);
    expect(r.leftoverWallMs).toBe(500);
    const fast = advance(events, 11_500, 1000, 4, off, 12_000);
    expect(fast.leftoverWallMs).toBe(875);
  });

  it('treats events sharing a timestamp as one boundary', () => {
    expect(advance([0, 1000, 1000, 1000, 20_000], 1000, 1000, 1, on, 20_000).timeMs).toBeCloseTo(1000 + 19_000 / 2);
  });

  it('is the inverse of wallDurationMs', () => {
    for (const skip of [on, off]) {
      for (const speed of [0.5, 1, 4]) {
        const wall = wallDurationMs(events, 0, 12_000, speed, skip);
        const r = advance(events, 0, wall, speed, skip, 12_000);
        expect(r.timeMs).toBeCloseTo(12_000);
        expect(r.leftoverWallMs).toBeCloseTo(0);
      }
    }
    expect(wallDurationMs(events, 0, 12_000, 1, on)).toBe(1000 + 2000 + 1000);
    expect(wallDurationMs(events, 0, 12_000, 1, off)).toBe(12_000);
  });

  it('keeps the timeline continuous when the speed changes mid-way (frames compose)', () => {
    const a = advance(events, 0, 300, 1, off, 12_000);
    const b = advance(events, a.timeMs, 300, 4, off, 12_000);
    expect(b.timeMs).toBe(300 + 1200);
  });
});
