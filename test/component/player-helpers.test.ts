import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../shared/model';
import { fitFontSize, overflows } from '../../renderer/player/fit';
import { columnsOf, locateHit, type BufferLike, type LineLike } from '../../renderer/player/highlight';
import { nextHitIndex } from '../../renderer/player/navigation';
import { parseResize } from '../../renderer/player/engines/terminal-events';
import { xtermTheme } from '../../renderer/player/xterm-theme';

/** A buffer line as xterm sees it: one cell per column, wide characters followed by a 0-width cell. */
function line(text: string, cols = 40): LineLike {
  const cells: { ch: string; w: number }[] = [];
  for (const ch of text) {
    const wide = /[\u3000-\u9fff\uff00-\uffef]/.test(ch);
    cells.push({ ch, w: wide ? 2 : 1 });
    if (wide) cells.push({ ch: '', w: 0 });
  }
  while (cells.length < cols) cells.push({ ch: '', w: 1 });
  return {
    translateToString: (trim) => {
      const s = cells.filter((c) => c.w !== 0).map((c) => c.ch || ' ').join('');
      return trim ? s.trimEnd() : s;
    },
    getCell: (x) => (cells[x] ? { getChars: () => cells[x]!.ch, getWidth: () => cells[x]!.w } : undefined),
  };
}

function buffer(lines: string[], viewportY = 0): BufferLike {
  const ls = lines.map((l) => line(l));
  return { length: ls.length, viewportY, getLine: (y) => ls[y] };
}

const hit = (text: string, matchStart: number, matchLength: number): SearchHit => ({ timeMs: 0, text, matchStart, matchLength, lineIndex: 0 });

describe('locateHit', () => {
  it('finds the hit’s line on screen and maps the match to cell columns', () => {
    const buf = buffer(['$ ls', 'root@host:~# cat /etc/shadow', 'done']);
    expect(locateHit(buf, 3, 40, hit('root@host:~# cat /etc/shadow', 17, 11))).toEqual({ row: 1, col: 17, lengthCells: 11 });
  });

  it('counts wide characters as two cells', () => {
    const buf = buffer(['日本語 password here']);
    expect(columnsOf(buf.getLine(0)!, 40).slice(0, 5)).toEqual([0, 2, 4, 6, 7]);
    expect(locateHit(buf, 1, 40, hit('日本語 password here', 4, 8))).toEqual({ row: 0, col: 7, lengthCells: 8 });
  });

  it('prefers the visible rows, and falls back to any line holding the match', () => {
    const buf = buffer(['secret in scrollback', 'x', 'secret on screen'], 1);
    expect(locateHit(buf, 2, 40, hit('secret on screen', 0, 6))?.row).toBe(2);
    // The exact line is gone (redrawn), but the matched word is still on screen.
    expect(locateHit(buf, 2, 40, hit('a secret elsewhere', 2, 6))).toEqual({ row: 2, col: 0, lengthCells: 6 });
    expect(locateHit(buf, 2, 40, hit('nothing', 0, 7))).toBeNull();
  });
});

describe('fitFontSize', () => {
  const base = { availWidthPx: 800, availHeightPx: 600, cols: 80, rows: 24, cellWidthPx: 8, cellHeightPx: 16, fontPx: 13 };
  it('scales the font so the whole fixed grid fits, never reflowing it', () => {
    // Width limits: 800 / (80*8) = 1.25 -> 16.25 -> 16 px (0.5 steps, rounded down).
    expect(fitFontSize(base)).toBe(16);
    // Height limits: 300 / (24*16) = 0.78 -> 10.1 -> 10 px.
    expect(fitFontSize({ ...base, availHeightPx: 300 })).toBe(10);
    expect(fitFontSize({ ...base, availWidthPx: 10 })).toBe(5); // clamped to the minimum
    expect(fitFontSize({ ...base, availWidthPx: 10_000, availHeightPx: 10_000 })).toBe(28);
    expect(fitFontSize({ ...base, cellWidthPx: 0 })).toBeNull();
  });
  it('detects overflow after rounding', () => {
    expect(overflows({ ...base, cellWidthPx: 10.1 })).toBe(true);
    expect(overflows(base)).toBe(false);
  });
});

describe('small helpers', () => {
  it('rounds core times up, so what appeared at a fractional ms is on screen', async () => {
    const { clampTime, showTimeOf } = await import('../../renderer/player/navigation');
    expect(showTimeOf(27773.4)).toBe(27774);
    expect(showTimeOf(27773)).toBe(27773);
    expect(clampTime(61394, 61393.246)).toBe(61394);
    expect(clampTime(70000, 61393.246)).toBe(61394);
    expect(clampTime(-5, 100)).toBe(0);
    expect(clampTime(Number.NaN, 100)).toBe(0);
  });

  it('parses resize data', () => {
    expect(parseResize('100x30')).toEqual({ cols: 100, rows: 30 });
    expect(parseResize(' 80 x 24 ')).toEqual({ cols: 80, rows: 24 });
    expect(parseResize('0x24')).toBeNull();
    expect(parseResize('wide')).toBeNull();
  });

  it('picks the next hit from the playhead first, then walks and wraps', () => {
    const times = [1000, 5000, 9000];
    expect(nextHitIndex(times, null, 4000, 1)).toBe(1);
    expect(nextHitIndex(times, null, 9500, 1)).toBe(0);
    expect(nextHitIndex(times, null, 4000, -1)).toBe(0);
    expect(nextHitIndex(times, 2, 0, 1)).toBe(0);
    expect(nextHitIndex(times, 0, 0, -1)).toBe(2);
    expect(nextHitIndex([], null, 0, 1)).toBe(-1);
  });

  it('uses the recording’s theme when it has one, else the app’s', () => {
    const rec = xtermTheme({ foreground: '#aaaaaa', background: '#101010', palette: ['#000000', '#ff0000', '#00ff00', '#ffff00', '#0000ff', '#ff00ff', '#00ffff', '#ffffff'] }, true);
    expect(rec.background).toBe('#101010');
    expect(rec.foreground).toBe('#aaaaaa');
    expect(rec.red).toBe('#ff0000');
    expect(rec.brightRed).toBe('#ff0000'); // 8 colours repeat for the bright half
    const dark = xtermTheme(undefined, true);
    const light = xtermTheme(undefined, false);
    expect(dark.background).not.toBe(light.background);
    // Junk in a header never reaches the terminal.
    expect(xtermTheme({ background: 'url(x)' }, false).background).toBe(light.background);
  });
});
