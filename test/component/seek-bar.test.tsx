import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeekBar, type SeekBarProps } from '../../renderer/components/SeekBar';
import { idleSpans, markerNear, pxToTime, tickPercents, timeToPx } from '../../renderer/components/seek-bar-math';
import { $, render, type Rendered } from './helpers';

describe('seek bar maths', () => {
  it('maps pixels to time and back, clamped to the bar', () => {
    expect(pxToTime(0, 500, 60_000)).toBe(0);
    expect(pxToTime(250, 500, 60_000)).toBe(30_000);
    expect(pxToTime(125, 500, 60_000)).toBe(15_000);
    expect(pxToTime(-20, 500, 60_000)).toBe(0);
    expect(pxToTime(900, 500, 60_000)).toBe(60_000);
    expect(pxToTime(10, 0, 60_000)).toBe(0);
    expect(timeToPx(45_000, 400, 60_000)).toBe(300);
    for (const x of [0, 37, 199, 400]) expect(timeToPx(pxToTime(x, 400, 60_000), 400, 60_000)).toBeCloseTo(x, 0);
  });

  it('shades idle stretches as spans of the width', () => {
    expect(idleSpans([{ startMs: 10_000, endMs: 40_000 }], 100_000)).toEqual([{ leftPct: 10, widthPct: 30 }]);
    expect(idleSpans([{ startMs: 5, endMs: 5 }], 100)).toEqual([]);
    // Less than a pixel apart (1000 px over 100 s: 100 ms a pixel) they are one span; further, two.
    const day = [{ startMs: 10_000, endMs: 20_000 }, { startMs: 20_050, endMs: 30_000 }, { startMs: 40_000, endMs: 50_000 }];
    expect(idleSpans(day, 100_000, 1000)).toEqual([{ leftPct: 10, widthPct: 20 }, { leftPct: 40, widthPct: 10 }]);
    expect(idleSpans(day, 100_000)).toHaveLength(3);
  });

  it('finds the marker under the pointer within a few pixels', () => {
    const markers = [
      { timeMs: 10_000, label: 'a' },
      { timeMs: 12_000, label: 'b' },
    ];
    // 1000 px for 100 s: 10 px per second.
    expect(markerNear(markers, 103, 1000, 100_000)?.label).toBe('a');
    expect(markerNear(markers, 118, 1000, 100_000)?.label).toBe('b');
    expect(markerNear(markers, 150, 1000, 100_000)).toBeUndefined();
  });

  it('collapses hit ticks to one per pixel column', () => {
    const hits = Array.from({ length: 1000 }, (_, i) => i); // 1000 hits in the first second
    expect(tickPercents(hits, 100_000, 500).length).toBeLessThanOrEqual(6);
    expect(tickPercents([0, 50_000, 100_000], 100_000, 500)).toEqual([0, 50, 100]);
  });
});

describe('<SeekBar>', () => {
  let r: Rendered | null = null;
  afterEach(() => {
    r?.unmount();
    r = null;
  });

  const base: SeekBarProps = {
    timeMs: 25_000,
    durationMs: 100_000,
    indexedUntilMs: 100_000,
    indexing: false,
    markers: [{ timeMs: 50_000, label: 'su to root' }],
    idle: [{ startMs: 60_000, endMs: 80_000 }],
    hitTimesMs: [10_000, 90_000],
    onSeek: () => undefined,
  };

  function bar(): HTMLElement {
    const el = $(r!.container, '[data-testid="seek-bar"]');
    // happy-dom does no layout: give the bar a 400 px box at x = 100.
    el.getBoundingClientRect = () => ({ left: 100, top: 0, width: 400, height: 18, right: 500, bottom: 18, x: 100, y: 0, toJSON: () => ({}) });
    return el;
  }

  it('is a focusable slider reporting the time in ms', async () => {
    r = await render(<SeekBar {...base} />);
    const el = bar();
    expect(el.getAttribute('role')).toBe('slider');
    expect(el.tabIndex).toBe(0);
    expect(el.getAttribute('aria-valuenow')).toBe('25000');
    expect(el.getAttribute('aria-valuemax')).toBe('100000');
    expect((el.querySelector('.seek-played') as HTMLElement).style.width).toBe('25%');
  });

  it('draws markers, idle stretches and search hits where they belong', async () => {
    r = await render(<SeekBar {...base} />);
    const marker = $(r.container, '.seek-marker');
    expect(marker.style.left).toBe('50%');
    expect(marker.dataset.label).toBe('su to root');
    const idle = $(r.container, '.seek-idle');
    expect([idle.style.left, idle.style.width]).toEqual(['60%', '20%']);
    const hits = [...r.container.querySelectorAll<HTMLElement>('.seek-hit')].map((h) => h.style.left);
    expect(hits).toEqual(['10%', '90%']);
    expect(r.container.querySelector('.seek-unindexed')).toBeNull();
  });

  it('marks the part not indexed yet while indexing', async () => {
    r = await render(<SeekBar {...base} indexing indexedUntilMs={30_000} />);
    const un = $(r.container, '.seek-unindexed');
    expect([un.style.left, un.style.width]).toEqual(['30%', '70%']);
  });

  it('seeks on click and while dragging, from the pointer position', async () => {
    const onSeek = vi.fn();
    r = await render(<SeekBar {...base} onSeek={onSeek} />);
    const el = bar();
    await act(async () => {
      el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: 200, button: 0, pointerId: 1 }));
    });
    expect(onSeek).toHaveBeenLastCalledWith(25_000);
    await act(async () => {
      el.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 400, pointerId: 1 }));
    });
    expect(onSeek).toHaveBeenLastCalledWith(75_000);
    await act(async () => {
      el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, clientX: 400, pointerId: 1 }));
    });
    await act(async () => {
      el.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 300, pointerId: 1 }));
    });
    expect(onSeek).toHaveBeenCalledTimes(2); // hovering after release does not seek
  });

  it('shows the time under the pointer, and a marker’s label near it', async () => {
    r = await render(<SeekBar {...base} />);
    const el = bar();
    await act(async () => {
      el.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 140 }));
    });
    expect($(r.container, '.seek-tooltip').textContent).toBe('0:10');
    await act(async () => {
      el.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 301 }));
    });
    const tip = $(r.container, '.seek-tooltip').textContent;
    expect(tip).toContain('su to root');
    expect(tip).toContain('0:50');
  });
});
