/**
 * The indexing terminal prints runs of ASCII itself (main/core/terminal/fast-print.ts): it must leave
 * exactly the terminal xterm's own print leaves, cell by cell with every attribute, cursor and hidden
 * state, on the corpus, on a synthetic session and on the cases where the shortcut must step aside.
 */
import { describe, expect, it } from 'vitest';
import { Emulator } from '../../../main/core/terminal/emulator';
import { printAsciiRun } from '../../../main/core/terminal/fast-print';
import { coreOf, createTerminal, writeSync, type HeadlessTerminal } from '../../../main/core/terminal/xterm-internals';
import { generateCastLines } from '../../../main/core/testing/synthetic-cast';
import { CORPUS_FILES, HAVE_CORPUS, loadCast, NO_CORPUS_MESSAGE, parseBytes } from './helpers/corpus';
import { diffTerminals, screenText } from './helpers/terminal-compare';
import type { TerminalEvent } from '../../../shared/model';

/** The indexing terminal keeps 200 lines of scrollback: so does the reference. */
const SCROLLBACK = 200;

class Pair {
  readonly fast: Emulator;
  readonly plain: HeadlessTerminal;
  constructor(cols: number, rows: number) {
    this.fast = new Emulator(cols, rows, { trackLines: true });
    this.plain = createTerminal(cols, rows, SCROLLBACK);
  }

  apply(e: TerminalEvent | string): void {
    if (typeof e === 'string') {
      this.fast.write(e);
      writeSync(this.plain, e);
    } else if (e.code === 'o') {
      this.fast.write(e.data, e.timeMs);
      writeSync(this.plain, e.data);
    } else if (e.code === 'r') {
      const m = /^(\d+)x(\d+)$/.exec(e.data);
      if (!m) return;
      this.fast.resize(Number(m[1]), Number(m[2]), e.timeMs);
      this.plain.resize(Number(m[1]), Number(m[2]));
    }
  }

  diff(): string[] {
    return diffTerminals(this.plain, this.fast.term, { scrollbackLines: SCROLLBACK });
  }

  expectSame(where: string): void {
    const d = this.diff();
    expect(d, `${where}\n  ${d.join('\n  ')}\n--- reference screen ---\n${screenText(this.plain)}`).toEqual([]);
  }

  dispose(): void {
    this.fast.dispose();
    this.plain.dispose();
  }
}

/** Each case is written piece by piece (each piece is one write, so prints split where pieces do). */
const CASES: { name: string; cols: number; rows: number; pieces: string[] }[] = [
  { name: 'text filling the row exactly, then the pending wrap', cols: 10, rows: 4, pieces: ['0123456789', 'abc', '\r\n0123456789\r\nxy'] },
  { name: 'a run longer than the row wraps in the middle of a print', cols: 8, rows: 3, pieces: ['abcdefghijklmnopqrstuvwxyz0123456789'] },
  { name: 'wraparound off: the last column is overwritten', cols: 8, rows: 3, pieces: ['\x1b[?7l', 'abcdefghijkl', '\x1b[?7h'] },
  { name: 'colours, bold, inverse and RGB on each run', cols: 30, rows: 4, pieces: ['\x1b[1;31mred\x1b[0m plain \x1b[7minv\x1b[38;2;10;20;30;48;5;200mrgb\x1b[m'] },
  { name: 'extended attributes (curly underline, underline colour) on ASCII cells', cols: 30, rows: 3, pieces: ['\x1b[4:3m\x1b[58;2;1;2;3mcurly\x1b[59mplain-ul\x1b[24m after'] },
  { name: 'ASCII over the right half of a wide character blanks its left half', cols: 12, rows: 3, pieces: ['漢字漢字', '\x1b[1;2H', 'ab'] },
  { name: 'ASCII over the left half of a wide character blanks its right half', cols: 12, rows: 3, pieces: ['漢字漢字', '\x1b[1;3H', 'x'] },
  { name: 'a combining mark in the next write joins the last ASCII cell', cols: 12, rows: 3, pieces: ['cafe', '\u0301', ' ok'] },
  { name: 'a combining mark right after ASCII in the same write', cols: 12, rows: 3, pieces: ['cafe\u0301 na\u0303o'] },
  { name: 'ASCII then non-ASCII and wide text in one print', cols: 16, rows: 3, pieces: ['abc日本def€ghi'] },
  { name: 'insert mode shifts the row', cols: 12, rows: 3, pieces: ['abcdefgh', '\x1b[1;3H\x1b[4h', 'XY', '\x1b[4l', 'z'] },
  { name: 'DEC line drawing and UK charsets translate ASCII', cols: 20, rows: 3, pieces: ['\x1b(0lqqk\x1b(B ok \x1b(A#1\x1b(B#2', '\x0elqk\x0fend'] },
  { name: 'a hyperlink (OSC 8) is recorded on its cells', cols: 30, rows: 3, pieces: ['see \x1b]8;;https://example.org\x07the link\x1b]8;;\x07 done'] },
  { name: 'protected cells (DECSCA) keep their flag', cols: 20, rows: 3, pieces: ['\x1b[1"qprotected\x1b[0"q open'] },
  { name: 'a scroll region and reverse index', cols: 20, rows: 5, pieces: ['\x1b[2;4r\x1b[2H', 'one\r\ntwo\r\nthree\r\nfour\r\nfive', '\x1bMback', '\x1b[r'] },
  { name: 'alternate screen', cols: 20, rows: 4, pieces: ['normal text', '\x1b[?1049h', 'alt text here', '\x1b[?1049l', ' back'] },
  { name: 'a print split by a control character and cursor moves', cols: 20, rows: 4, pieces: ['ab\tcd\bXY\x1b[5Gmid\x1b[Dq'] },
];

describe('the indexing terminal prints ASCII runs as xterm does', () => {
  it('the shortcut is taken for plain ASCII and steps aside in insert mode', () => {
    const term = createTerminal(20, 3);
    const core = coreOf(term);
    const data = Uint32Array.from('hello world', (c) => c.codePointAt(0)!);
    expect(printAsciiRun(core, data, 0, data.length)).toBe(data.length);
    expect(term.buffer.active.getLine(0)!.translateToString(true)).toBe('hello world');
    writeSync(term, '\x1b[4h');
    expect(printAsciiRun(core, data, 0, data.length)).toBe(0);
    writeSync(term, '\x1b[4l\r\n\x1b(0');
    expect(printAsciiRun(core, data, 0, data.length)).toBe(0);
    term.dispose();
  });

  it('stops at the right margin and at the first character it does not handle', () => {
    const term = createTerminal(8, 3);
    const core = coreOf(term);
    const data = Uint32Array.from('abcdefghijk', (c) => c.codePointAt(0)!);
    expect(printAsciiRun(core, data, 0, data.length)).toBe(8);
    const mixed = Uint32Array.from('ab€cd', (c) => c.codePointAt(0)!);
    writeSync(term, '\r\n');
    expect(printAsciiRun(core, mixed, 0, mixed.length)).toBe(2);
    term.dispose();
  });

  for (const c of CASES) {
    it(c.name, () => {
      const pair = new Pair(c.cols, c.rows);
      c.pieces.forEach((piece, i) => {
        pair.apply(piece);
        pair.expectSame(`after piece ${i} ${JSON.stringify(piece)}`);
      });
      pair.dispose();
    });
  }

  it('a hyperlink knows every row its text was printed on (it lives as long as one of them does)', () => {
    const linkRows = (term: HeadlessTerminal) => {
      const links = (coreOf(term)._oscLinkService as unknown as { _dataByLinkId: Map<number, { lines: { line: number }[] }> })._dataByLinkId;
      return [...links.values()].map((l) => l.lines.map((m) => m.line));
    };
    const pair = new Pair(10, 4);
    pair.apply('\x1b]8;;https://example.org/a\x07start\r\nnext row\x1b]8;;\x07\r\n');
    pair.apply('\x1b]8;id=x;https://example.org/b\x07wrapping link text\x1b]8;;\x07');
    pair.expectSame('after the links');
    expect(linkRows(pair.fast.term)).toEqual(linkRows(pair.plain));
    expect(linkRows(pair.plain)).toEqual([[0, 1], [2, 3]]);
    pair.dispose();
  });

  it('a synthetic session (the benchmark generator: prompts, logs, colour, vim, top)', () => {
    const lines = [...generateCastLines({ durationMs: 120_000, targetBytes: 400_000, seed: 3, cols: 100, rows: 30 })];
    const { header, events } = parseBytes(new TextEncoder().encode(lines.join('')));
    const pair = new Pair(header.terminal.cols, header.terminal.rows);
    events.forEach((e, i) => {
      pair.apply(e);
      if (i % 25 === 0) pair.expectSame(`after event ${i}`);
    });
    pair.expectSame('at the end');
    pair.dispose();
  });
});

describe.skipIf(!HAVE_CORPUS)(`the same on the corpus${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`, () => {
  for (const file of HAVE_CORPUS ? CORPUS_FILES : []) {
    it(file, () => {
      const { header, events } = loadCast(file);
      const pair = new Pair(header.terminal.cols, header.terminal.rows);
      const every = Math.max(1, Math.floor(events.length / 40));
      events.forEach((e, i) => {
        pair.apply(e);
        if (i % every === 0) pair.expectSame(`${file} after event ${i}`);
      });
      pair.expectSame(`${file} at the end`);
      pair.dispose();
    });
  }
});
