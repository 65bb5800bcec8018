/** The export range store, its time text, and the seek bar's band (happy-dom). */
import { afterEach, describe, expect, it } from 'vitest';
import { clearRange, getRange, resolveRange, setIn, setOut, setRange, setShownRecording, startRangeDrag } from '../../renderer/export/range-state';
import { formatClock, parseClock } from '../../renderer/export/time-text';
import { exportFileName, formatsFor } from '../../renderer/export/export-formats';
import { keyToAction } from '../../renderer/keyboard/keymap';
import { RangeBand } from '../../renderer/components/RangeBar';
import { flush, render } from './helpers';
import { act } from 'react';

const key = (k: string) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false });

afterEach(() => {
  clearRange();
  setShownRecording(null);
});

describe('time text', () => {
  it('formats H:MM:SS.mmm and reads it back, to the millisecond', () => {
    for (const ms of [0, 1, 999, 1000, 59_999, 61_001, 3_599_999, 3_725_042, 36_000_000 + 7]) {
      expect(parseClock(formatClock(ms))).toBe(ms);
    }
    expect(formatClock(3_725_042)).toBe('1:02:05.042');
  });
  it('reads the shorter forms people type and refuses nonsense', () => {
    expect(parseClock('2:05')).toBe(125_000);
    expect(parseClock('90:00')).toBe(5_400_000);
    expect(parseClock('125.5')).toBe(125_500);
    expect(parseClock('7')).toBe(7000);
    expect(parseClock('0:00:01,25')).toBe(1250);
    for (const bad of ['', 'abc', '-1', '1:60', '1:61:00', '1:2:3:4', '1.2.3']) expect(parseClock(bad), bad).toBeNull();
  });
});

describe('range store', () => {
  it('I then O makes a range; O before I drops the in-point instead of making it empty', () => {
    setIn('a', 5000);
    expect(getRange()).toEqual({ id: 'a', fromMs: 5000 });
    setOut('a', 9000);
    expect(getRange()).toEqual({ id: 'a', fromMs: 5000, toMs: 9000 });
    setOut('a', 4000);
    expect(getRange()).toEqual({ id: 'a', toMs: 4000 });
    setIn('a', 4500);
    expect(getRange()).toEqual({ id: 'a', fromMs: 4500 });
  });
  it('setRange swaps backwards ends; an in-point of another recording is not kept', () => {
    setRange('a', { fromMs: 8000.4, toMs: 2000 });
    expect(getRange()).toEqual({ id: 'a', fromMs: 2000, toMs: 8000 });
    setOut('b', 3000);
    expect(getRange()).toEqual({ id: 'b', toMs: 3000 });
  });
  it('resolves open ends to 0 and the duration, clamps, and refuses an empty range', () => {
    expect(resolveRange({ id: 'a', fromMs: 1000 }, 'a', 10_000)).toEqual({ fromMs: 1000, toMs: 10_000 });
    expect(resolveRange({ id: 'a', toMs: 50_000 }, 'a', 10_000)).toEqual({ fromMs: 0, toMs: 10_000 });
    expect(resolveRange({ id: 'b', fromMs: 1000 }, 'a', 10_000)).toEqual({ fromMs: 0, toMs: 10_000 });
    expect(resolveRange({ id: 'a', fromMs: 10_000 }, 'a', 10_000)).toBeNull();
  });
  it('showing another recording drops the range; a seek-bar drag sets it on the shown recording', () => {
    setShownRecording('a');
    setRange('a', { fromMs: 1, toMs: 2 });
    setShownRecording('b');
    expect(getRange()).toBeNull();
    const drag = startRangeDrag(7000)!;
    drag(3000);
    expect(getRange()).toEqual({ id: 'b', fromMs: 3000, toMs: 7000 });
    setShownRecording(null);
    expect(startRangeDrag(1)).toBeNull();
  });
});

describe('keys, formats and names', () => {
  it('I / O / E are the export keys, lower or upper case, not while typing', () => {
    expect(keyToAction(key('i'), false)).toEqual({ type: 'exportRange', what: 'in' });
    expect(keyToAction(key('O'), false)).toEqual({ type: 'exportRange', what: 'out' });
    expect(keyToAction(key('e'), false)).toEqual({ type: 'exportRange', what: 'dialog' });
    expect(keyToAction(key('e'), true)).toBeNull();
  });
  it('offers each kind its own clip format, and video for all', () => {
    expect(formatsFor('terminal')).toEqual(['cast', 'txt', 'csv', 'bundle', 'webm', 'mp4']);
    expect(formatsFor('display')).toEqual(['guac', 'txt', 'csv', 'bundle', 'webm', 'mp4']);
    expect(formatsFor('video')).toEqual(['webm', 'mp4']);
    expect(exportFileName('koko/../a:b.cast.gz', 65_000, 3_725_000, 'webm')).toBe('koko_.._a_b_1m05s-1h2m05s.webm');
  });
});

describe('the seek bar band', () => {
  it('shows the shown recording\'s range at its place and nothing for another recording', async () => {
    setShownRecording('a');
    const r = await render(<RangeBand durationMs={10_000} />);
    expect(r.container.querySelector('[data-testid="seek-range"]')).toBeNull();
    await act(async () => setRange('a', { fromMs: 2500, toMs: 5000 }));
    const band = r.container.querySelector<HTMLElement>('[data-testid="seek-range"]')!;
    expect(band.style.left).toBe('25%');
    expect(band.style.width).toBe('25%');
    await act(async () => setShownRecording('b'));
    await flush();
    expect(r.container.querySelector('[data-testid="seek-range"]')).toBeNull();
    r.unmount();
  });
});
