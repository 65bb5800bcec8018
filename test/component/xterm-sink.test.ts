/** The real xterm.js sink (xterm runs in happy-dom with its DOM renderer; nothing is measured). */
import { afterEach, describe, expect, it } from 'vitest';
import { XtermSink } from '../../renderer/player/engines/xterm-sink';
import { ACTUAL_FONT_PX, actualFontSize, setActualFontSize } from '../../renderer/player/fit';
import type { SinkOp } from '../../renderer/player/sink';

let sink: XtermSink | null = null;
afterEach(() => {
  sink?.dispose();
  sink = null;
  setActualFontSize(ACTUAL_FONT_PX);
});

function make(): XtermSink {
  const stage = document.createElement('div');
  document.body.appendChild(stage);
  sink = new XtermSink(stage);
  return sink;
}

const restore = (s: XtermSink, cols: number, rows: number, ops: SinkOp[]) => new Promise<void>((r) => s.restore(cols, rows, ops, r));
const apply = (s: XtermSink, ops: SinkOp[]) => new Promise<void>((r) => s.apply(ops, r));
const lines = (s: XtermSink) => {
  const b = s.term.buffer.active;
  return Array.from({ length: s.term.rows }, (_, y) => b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
};

describe('XtermSink', () => {
  it('restores into a reset terminal of the keyframe’s size', async () => {
    const s = make();
    await restore(s, 20, 4, [{ kind: 'write', data: 'old screen\r\nmore' }]);
    await restore(s, 30, 5, [{ kind: 'write', data: '\x1b[31mred\x1b[0m\r\nnext' }]);
    expect([s.term.cols, s.term.rows]).toEqual([30, 5]);
    expect(lines(s).slice(0, 3)).toEqual(['red', 'next', '']);
    expect(s.term.buffer.active.getLine(0)!.getCell(0)!.getFgColor()).toBe(1);
  });

  it('applies resizes in order with the output around them', async () => {
    const s = make();
    await restore(s, 10, 3, []);
    await apply(s, [
      { kind: 'write', data: 'abcdefghijKL' }, // wraps at 10 columns
      { kind: 'resize', cols: 40, rows: 3 },
      { kind: 'write', data: '\r\nwide enough for this line' },
    ]);
    expect(s.term.cols).toBe(40);
    expect(lines(s)).toContain('wide enough for this line');
  });

  it('keeps a restore behind writes still being parsed (no stale output after it)', async () => {
    const s = make();
    await restore(s, 20, 3, []);
    s.apply([{ kind: 'write', data: 'stale stuff' }]); // not awaited: still queued
    await restore(s, 20, 3, [{ kind: 'write', data: 'fresh' }]);
    expect(lines(s)[0]).toBe('fresh');
  });

  it('keeps the same order on the queued path (an xterm without a synchronous parse)', async () => {
    const s = make();
    (s.term as unknown as { _core: { writeSync?: unknown } })._core.writeSync = undefined;
    await restore(s, 20, 3, []);
    s.apply([{ kind: 'write', data: 'stale stuff' }, { kind: 'resize', cols: 25, rows: 3 }]); // queued, not parsed yet
    expect(s.backlogChars()).toBeGreaterThan(0);
    await restore(s, 20, 4, [{ kind: 'write', data: 'fresh' }]);
    expect(lines(s)[0]).toBe('fresh');
    expect([s.term.cols, s.term.rows]).toEqual([20, 4]);
    expect(s.backlogChars()).toBe(0);
  });

  it('selects a search hit on screen so it can be copied, and forgets it on the next restore', async () => {
    const s = make();
    await restore(s, 40, 4, [{ kind: 'write', data: '$ id\r\nroot@db1:~# cat /etc/shadow\r\n' }]);
    const ok = s.highlight({ timeMs: 0, text: 'root@db1:~# cat /etc/shadow', matchStart: 16, matchLength: 11, lineIndex: 1 });
    expect(ok).toBe(true);
    expect(s.selectionText()).toBe('/etc/shadow');
    await restore(s, 40, 4, [{ kind: 'write', data: 'other' }]);
    expect(s.selectionText()).toBe('');
    expect(s.highlight({ timeMs: 0, text: 'gone', matchStart: 0, matchLength: 4, lineIndex: 0 })).toBe(false);
  });

  it('keeps scrollback written by the keyframe', async () => {
    const s = make();
    const history = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\r\n');
    await restore(s, 20, 5, [{ kind: 'write', data: history }]);
    const b = s.term.buffer.active;
    expect(b.length).toBeGreaterThan(25);
    expect(b.getLine(0)!.translateToString(true)).toBe('line 0');
  });

  it('takes the font size setting at 100 %, at once and when it changes later', async () => {
    setActualFontSize(17);
    const s = make();
    expect(s.term.options.fontSize).toBe(17);
    s.fit('actual');
    setActualFontSize(21);
    expect(actualFontSize()).toBe(21);
    await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    expect(s.term.options.fontSize).toBe(21);
    // A disposed sink no longer listens (it would touch a dead terminal).
    s.dispose();
    sink = null;
    expect(() => setActualFontSize(15)).not.toThrow();
  });

  it('takes the recording’s colours, else the app theme’s', () => {
    const s = make();
    s.setTheme({ background: '#102030', foreground: '#c0c0c0' }, true);
    expect(s.term.options.theme?.background).toBe('#102030');
    s.setTheme(undefined, false);
    expect(s.term.options.theme?.background).not.toBe('#102030');
  });
});
