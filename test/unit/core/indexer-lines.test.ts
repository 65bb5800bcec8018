/**
 * Which lines the text index gets, and when: driven through the ParserSink interface with events built
 * here, so each rule is checked on its own.
 */
import { describe, expect, it } from 'vitest';
import { TerminalIndexer, type BuiltChunk } from '../../../main/core/terminal/indexer';
import type { TerminalEvent } from '../../../shared/model';

function run(cols: number, rows: number, events: [number, string][] | TerminalEvent[], opts = {}) {
  const chunks: BuiltChunk[] = [];
  const ix = new TerminalIndexer((c) => chunks.push(c), opts);
  ix.header({ format: 'asciicast', version: 2, terminal: { cols, rows } });
  for (const e of events) ix.event(Array.isArray(e) ? { timeMs: e[0], code: 'o', data: e[1] } : e);
  ix.finish();
  return { lines: [...ix.text.lines()].map((l) => [l.timeMs, l.text] as const), facts: ix.facts, chunks };
}

const typed = (start: number, text: string, stepMs = 100): [number, string][] => [...text].map((ch, i) => [start + i * stepMs, ch]);

describe('text index lines', () => {
  it('a typed command is indexed once, complete (at its last keystroke), not while being typed', () => {
    const { lines } = run(40, 5, [[0, '$ '], ...typed(500, 'ls -la /etc'), [3000, '\r\ntotal 0\r\n$ ']]);
    expect(lines).toEqual([
      [1500, '$ ls -la /etc'],
      [3000, 'total 0'],
      [3000, '$'],
    ]);
  });

  it('lines that scroll into the scrollback keep the time they were written', () => {
    const { lines } = run(20, 3, [
      [0, 'first\r\n'],
      [5000, 'second\r\n'],
      [9000, 'third\r\n'],
      [9500, 'fourth\r\n'],
    ]);
    expect(lines).toEqual([
      [0, 'first'],
      [5000, 'second'],
      [9000, 'third'],
      [9500, 'fourth'],
    ]);
  });

  it('a progress bar redrawn with CR is indexed in its final state only', () => {
    const events: [number, string][] = [];
    for (let p = 0; p <= 100; p += 10) events.push([p * 30, `\rprogress ${p}%`]);
    events.push([3500, '\r\ndone']);
    const { lines } = run(30, 4, events);
    expect(lines.map((l) => l[1])).toEqual(['progress 100%', 'done']);
  });

  it('a full-screen redraw loop indexes each changed row per frame, unchanged rows once', () => {
    const frame = (n: number) => `\x1b[H\x1b[1mtop - frame\x1b[0m\x1b[K\r\nload ${n}\x1b[K\r\nsame row\x1b[K\r\n`;
    const { lines } = run(30, 5, [
      [0, '\x1b[?1049h'],
      [100, frame(1)],
      [1200, frame(2)],
      [2300, frame(3)],
      [3000, '\x1b[?1049l'],
    ]);
    expect(lines.filter((l) => l[1] === 'top - frame')).toHaveLength(1);
    expect(lines.filter((l) => l[1] === 'same row')).toHaveLength(1);
    expect(lines.filter((l) => l[1].startsWith('load')).map((l) => l)).toEqual([
      [100, 'load 1'],
      [1200, 'load 2'],
      [2300, 'load 3'],
    ]);
  });

  it('alternate screen content is indexed, and so is the normal screen under it', () => {
    const { lines } = run(30, 4, [
      [0, '$ vim notes.txt'],
      [1000, '\r\n\x1b[?1049h\x1b[H\x1b[2Jhello from vim\r\n~\r\n~'],
      [5000, '\x1b[?1049l$ '],
    ]);
    expect(lines).toEqual([
      [0, '$ vim notes.txt'],
      [1000, 'hello from vim'],
      [1000, '~'],
      [1000, '~'],
      [5000, '$'],
    ]);
  });

  it('a screen cleared and redrawn with the same text is a new occurrence', () => {
    const { lines } = run(30, 4, [
      [0, 'same text\r\n'],
      [2000, '\x1b[H\x1b[2J'],
      [3000, 'same text\r\n'],
    ]);
    expect(lines).toEqual([
      [0, 'same text'],
      [3000, 'same text'],
    ]);
  });

  it('soft-wrapped rows are one line, so a word across the wrap is found', () => {
    const { lines } = run(10, 4, [[0, 'abcdefghijKLMNOP tail\r\n']]);
    expect(lines).toEqual([[0, 'abcdefghijKLMNOP tail']]);
  });

  it('lines pushed out of a scroll region are indexed too', () => {
    const { lines } = run(20, 6, [
      [0, 'header\x1b[2;5r\x1b[2;1H'],
      [100, 'a1\r\na2\r\na3\r\na4\r\n'],
      [200, 'a5\r\na6\r\n'],
    ]);
    expect(lines.map((l) => l[1]).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'header']);
  });

  it('escape sequences are not in the text, trailing blanks are trimmed, blank lines skipped', () => {
    const { lines } = run(40, 4, [[0, '\x1b[31mred\x1b[0m   \r\n\r\n   \r\n\x1b]0;title\x07x\x1b[5Cy\r\n']]);
    expect(lines.map((l) => l[1])).toEqual(['red', 'x     y']);
  });
});

describe('chunks and facts', () => {
  it('cuts a keyframe every N events / bytes / ms, never inside an escape sequence', () => {
    const events: [number, string][] = [];
    for (let i = 0; i < 30; i++) events.push([i * 10, i % 5 === 4 ? '\x1b[3' : `${i % 5 === 0 && i ? '1m' : ''}line ${i}\r\n`]);
    const { chunks } = run(20, 5, events, { keyframeEveryEvents: 4 });
    for (const c of chunks.slice(1)) {
      const previous = events[c.firstEvent - 1]![1];
      expect(previous.endsWith('\x1b[3'), `chunk at event ${c.firstEvent}`).toBe(false);
    }
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.reduce((n, c) => n + c.events.length, 0)).toBe(30);
    const timed = run(20, 5, [[0, 'a'], [30_000, 'b'], [70_000, 'c'], [130_001, 'd']]).chunks;
    expect(timed.map((c) => c.keyframe.timeMs)).toEqual([0, 70_000, 130_001]);
  });

  it('chunk 0 is cut after firstChunkBytes of output, later chunks after keyframeEveryBytes', () => {
    const line = `${'x'.repeat(99)}\n`;
    const events: [number, string][] = Array.from({ length: 200 }, (_, i) => [i, line]);
    const { chunks } = run(120, 10, events, { firstChunkBytes: 1000, keyframeEveryBytes: 5000 });
    const sizes = chunks.map((c) => c.events.reduce((n, e) => n + e.data.length, 0));
    // A chunk closes at the first event once it holds at least its limit: limit + at most one event.
    expect(sizes[0]).toBe(1000);
    expect(sizes.slice(1, -1).every((n) => n === 5000)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200 * line.length);
    // The first-chunk limit never makes chunk 0 bigger than the others.
    expect(run(120, 10, events, { firstChunkBytes: 9000, keyframeEveryBytes: 5000 }).chunks[0]!.events.length).toBe(50);
  });

  it('idle stretches: gaps in output longer than the threshold, at the start and the end too', () => {
    const { facts } = run(20, 5, [
      { timeMs: 3000, code: 'o', data: 'a' },
      { timeMs: 3500, code: 'i', data: 'x' },
      { timeMs: 4000, code: 'o', data: 'b' },
      { timeMs: 9000, code: 'o', data: 'c' },
      { timeMs: 9100, code: 'm', data: 'mark' },
      { timeMs: 12_000, code: 'x', data: '0' },
    ]);
    expect(facts.idle).toEqual([
      { startMs: 0, endMs: 3000 },
      { startMs: 4000, endMs: 9000 },
      { startMs: 9000, endMs: 12_000 },
    ]);
    expect(facts.inputEvents).toBe(1);
    expect(facts.markers).toEqual([{ timeMs: 9100, label: 'mark' }]);
    expect(facts.durationMs).toBe(12_000);
  });
});
