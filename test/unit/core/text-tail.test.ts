/**
 * The byte-level pieces of the text index: the unsealed tail (Latin-1 bytes, switching to UTF-16 at the
 * first character that needs it) and the pending lines of a scan (sorted by time on the way out, the
 * same dedupe key whether a line came as bytes or as a string).
 */
import { describe, expect, it } from 'vitest';
import { hashCodes, PendingLines } from '../../../main/core/terminal/pending-lines';
import { TextIndex } from '../../../main/core/terminal/text-index';
import { TextTail } from '../../../main/core/terminal/text-tail';

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('TextTail', () => {
  it('holds Latin-1 lines as bytes and keeps them when a wider character arrives', () => {
    const tail = new TextTail();
    tail.appendLatin1(latin1('xx café ± yy'), 3, 9);
    tail.appendString('naïve');
    tail.appendString('');
    tail.appendString('中文 😀 e\u0301');
    tail.appendLatin1(latin1('after wide'), 0, 10);
    expect([0, 1, 2, 3, 4].map((i) => tail.lineText(i))).toEqual(['café ±', 'naïve', '', '中文 😀 e\u0301', 'after wide']);
    expect(tail.lineText(5)).toBe('');
    const { text, starts } = tail.seal();
    expect(text).toBe('café ±\nnaïve\n\n中文 😀 e\u0301\nafter wide\n');
    expect([...starts]).toEqual([0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1).slice(0, -1)]);
    // Sealed: the next block starts empty and narrow again.
    expect(tail.lineCount).toBe(0);
    tail.appendString('again');
    expect(tail.snapshot().text).toBe('again\n');
  });

  it('grows past its first buffer (long lines, many lines)', () => {
    const tail = new TextTail();
    const long = 'y'.repeat(200_000);
    for (let i = 0; i < 3; i++) tail.appendString(`${i}${long}`);
    tail.appendString('ĳ'.repeat(70_000));
    expect(tail.lineText(2)).toBe(`2${long}`);
    expect(tail.lineText(3)).toBe('ĳ'.repeat(70_000));
    expect(tail.chars).toBe(3 * 200_002 + 70_001);
  });
});

describe('PendingLines', () => {
  it('hands lines over sorted by time, equal times in the order found, bytes and strings alike', () => {
    const p = new PendingLines();
    const add = (s: string, t: number) => {
      p.reserve(s.length);
      for (let i = 0; i < s.length; i++) p.bytes[p.used + i] = s.charCodeAt(i);
      p.keepBytes(p.used + s.length, t);
    };
    add('third', 30);
    p.keepText('first ☃', 10);
    add('second a', 20);
    add('second b', 20);
    const index = new TextIndex();
    p.flushInto(index);
    expect([...index.lines()].map((l) => [l.timeMs, l.text])).toEqual([
      [10, 'first ☃'],
      [20, 'second a'],
      [20, 'second b'],
      [30, 'third'],
    ]);
    expect(p.count).toBe(0);
    add('again', 5);
    expect(p.take()).toEqual([{ text: 'again', timeMs: 5 }]);
  });

  it('a text hashes the same as bytes or as a string, and differently from its neighbours', () => {
    const key = (src: Uint8Array | string) => {
      const out = new Int32Array(2);
      hashCodes(src, 0, src.length, out);
      return [...out];
    };
    expect(key(latin1('ls -la /etc'))).toEqual(key('ls -la /etc'));
    expect(key('ls -la /etc')).not.toEqual(key('ls -la /etd'));
    expect(key('ab')).not.toEqual(key('ba'));
    expect(key('')).not.toEqual(key('\0'));
  });
});
