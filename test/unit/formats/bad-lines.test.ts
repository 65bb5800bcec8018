/**
 * asciicast v2/v3 with damaged content: each problem becomes the documented warning (with its 1-based
 * line and the byte offset of the line start) or fatal error, and the rest still plays.
 */
import { describe, expect, it } from 'vitest';
import { prng, run, runChunked, utf8 } from './helpers';

const V2 = '{"version": 2, "width": 80, "height": 24}\n';
const V3 = '{"version": 3, "term": {"cols": 80, "rows": 24}}\n';

/** Byte offset of the start of 1-based line `n` in `text`. */
function lineOffset(text: string, n: number): number {
  const lines = text.split('\n');
  return utf8(lines.slice(0, n - 1).map((l) => `${l}\n`).join('')).length;
}

describe('bad event lines become warnings with line and offset; the event is skipped', () => {
  it.each([
    ['a time that is a string', '["abc", "o", "x"]', 'BAD_TIME', /"abc"/],
    ['a negative time', '[-1, "o", "x"]', 'BAD_TIME', /negative \(-1\)/],
    ['a NaN-ish string time', '["NaN", "o", "x"]', 'BAD_TIME', /not a number/],
    ['an infinite time', '[1e400, "o", "x"]', 'BAD_TIME', /not finite/],
    ['a null time', '[null, "o", "x"]', 'BAD_TIME', /null/],
    ['non-string data', '[1.5, "o", 42]', 'BAD_DATA', /got 42/],
    ['object data', '[1.5, "i", {"k": 1}]', 'BAD_DATA', /"i" event data/],
    ['two elements', '[1.5, "o"]', 'BAD_EVENT', /got 2 elements/],
    ['four elements', '[1.5, "o", "x", "y"]', 'BAD_EVENT', /got 4 elements/],
    ['an object instead of an array', '{"t": 1}', 'BAD_EVENT', /got \{"t":1\}/],
    ['broken JSON', '[1.5, "o", "unterminated]', 'BAD_EVENT', /not valid JSON/],
    ['a non-string code', '[1.5, 7, "x"]', 'BAD_EVENT', /code must be a string/],
    ['a resize that is not COLSxROWS', '[1.5, "r", "80 by 24"]', 'BAD_RESIZE', /"80 by 24"/],
    ['a resize to zero columns', '[1.5, "r", "0x24"]', 'BAD_RESIZE', /"0x24"/],
  ])('%s', (_label, badLine, code, messageRe) => {
    const text = `${V2}[1, "o", "before"]\n${badLine}\n[2, "o", "after"]\n`;
    const r = run(text);
    expect(r.error).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code, line: 3, offsetBytes: lineOffset(text, 3) });
    expect(r.warnings[0]?.message).toMatch(messageRe);
    expect(r.warnings[0]?.message).toMatch(/^line 3: /);
    expect(r.events.map((e) => e.data)).toEqual(['before', 'after']);
  });

  it('unknown event codes are dropped silently, but still advance the v3 clock', () => {
    const r = run(`${V3}[1, "o", "a"]\n[2, "z", "future"]\n[0.5, "o", "b"]\n`);
    expect(r.warnings).toEqual([]);
    expect(r.events).toEqual([
      { timeMs: 1000, code: 'o', data: 'a' },
      { timeMs: 3500, code: 'o', data: 'b' },
    ]);
  });

  it('integer times are fine, and markers may have empty labels', () => {
    const r = run(`${V2}[1, "o", "a"]\n[2, "m", ""]\n[3, "x", "0"]\n`);
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => [e.timeMs, e.code, e.data])).toEqual([
      [1000, 'o', 'a'],
      [2000, 'm', ''],
      [3000, 'x', '0'],
    ]);
  });

  it('a time before the previous event is clamped to it, with BAD_TIME, and the data kept', () => {
    const text = `${V2}[2.5, "o", "a"]\n[1.0, "o", "b"]\n[3, "o", "c"]\n`;
    const r = run(text);
    expect(r.warnings).toEqual([
      { code: 'BAD_TIME', line: 3, offsetBytes: lineOffset(text, 3), message: expect.stringMatching(/1 s is before the previous event's 2.5 s/) },
    ]);
    expect(r.events.map((e) => [e.timeMs, e.data])).toEqual([
      [2500, 'a'],
      [2500, 'b'],
      [3000, 'c'],
    ]);
  });

  it('a negative v3 interval is skipped (it would move time backwards)', () => {
    const r = run(`${V3}[1, "o", "a"]\n[-0.5, "o", "b"]\n[1, "o", "c"]\n`);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([['BAD_TIME', 3]]);
    expect(r.events.map((e) => [e.timeMs, e.data])).toEqual([
      [1000, 'a'],
      [2000, 'c'],
    ]);
  });

  it('v2 tolerates blank lines; a "#" line is only a comment in v3', () => {
    const v2 = run(`${V2}\n[1, "o", "a"]\n   \n# not in v2\n[2, "o", "b"]\n`);
    expect(v2.events).toHaveLength(2);
    expect(v2.warnings.map((w) => [w.code, w.line])).toEqual([['BAD_EVENT', 5]]);
    const v3 = run(`${V3}# header comment\n\n[1, "o", "a"]\n  # indented comment\n[1, "o", "b"]\n`);
    expect(v3.warnings).toEqual([]);
    expect(v3.events.map((e) => e.timeMs)).toEqual([1000, 2000]);
  });

  it('caps warnings at 100 and then reports one TOO_MANY_WARNINGS', () => {
    const text = V2 + Array.from({ length: 250 }, (_, k) => `[${k}, "o", ${k}]\n`).join('') + '[300, "o", "last"]\n';
    const r = run(text);
    expect(r.warnings).toHaveLength(101);
    expect(r.warnings.slice(0, 100).every((w) => w.code === 'BAD_DATA')).toBe(true);
    expect(r.warnings[100]).toMatchObject({ code: 'TOO_MANY_WARNINGS', line: 102 });
    expect(r.events.map((e) => e.data)).toEqual(['last']);
  });
});

describe('line endings, BOM and the last line', () => {
  it('CRLF line endings parse like LF, offsets count the CR bytes', () => {
    const text = '{"version": 2, "width": 80, "height": 24}\r\n[1, "o", "a"]\r\n[bad\r\n[2, "o", "b"]\r\n';
    const r = run(text);
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
    expect(r.warnings).toEqual([{ code: 'BAD_EVENT', line: 3, offsetBytes: 58, message: 'line 3: not valid JSON: [bad' }]);
    expect(utf8(text).subarray(58, 62)).toEqual(utf8('[bad'));
  });

  it('a UTF-8 BOM before the header is skipped; offsets stay file offsets', () => {
    const text = `\ufeff${V2}[1, "o", "a"]\n[x\n`;
    const r = run(text);
    expect(r.header?.terminal).toMatchObject({ cols: 80, rows: 24 });
    expect(r.events).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code: 'BAD_EVENT', line: 3, offsetBytes: utf8(text).length - 3 });
  });

  it('a complete last line without a newline is parsed normally', () => {
    const r = run(`${V2}[1, "o", "a"]\n[2, "o", "b"]`);
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('a cut-off last line becomes TRUNCATED at its line and offset', () => {
    const text = `${V2}[1, "o", "a"]\n[2, "o", "partial outp`;
    const r = run(text);
    expect(r.events.map((e) => e.data)).toEqual(['a']);
    expect(r.warnings).toEqual([{ code: 'TRUNCATED', line: 3, offsetBytes: lineOffset(text, 3), message: expect.stringContaining('cut off') }]);
  });

  it('a header-only recording has a header and no events', () => {
    const r = run(V3);
    expect(r.error).toBeUndefined();
    expect(r.header?.terminal).toMatchObject({ cols: 80, rows: 24 });
    expect(r.events).toEqual([]);
  });

  it('an event line over the size limit is skipped with BAD_EVENT, without holding it', () => {
    const big = `[1, "o", "${'x'.repeat(5000)}"]`;
    const text = `${V2}${big}\n[2, "o", "small"]\n`;
    for (const chunk of [text.length, 100, 7]) {
      const r = runChunked(utf8(text), chunk, { maxItemBytes: 1024 });
      expect(r.events.map((e) => e.data)).toEqual(['small']);
      expect(r.warnings).toEqual([{ code: 'BAD_EVENT', line: 2, offsetBytes: V2.length, message: expect.stringContaining('over the 1 KiB limit') }]);
    }
  });
});

describe('fatal problems throw a TrailviewError with a code and a place', () => {
  it('empty input: EMPTY_FILE "the file is empty"', () => {
    expect(run('').error).toEqual({ code: 'EMPTY_FILE', message: 'the file is empty' });
  });

  it('whitespace only: EMPTY_FILE', () => {
    expect(run('\n \r\n').error).toMatchObject({ code: 'EMPTY_FILE', message: expect.stringContaining('only whitespace') });
  });

  it('a header that is not valid JSON: CORRUPT at line 1', () => {
    const r = run('{"version": 2, "width": 80, "height": 24\n[1, "o", "a"]\n');
    expect(r.error).toMatchObject({ code: 'CORRUPT', line: 1, offsetBytes: 0, message: expect.stringContaining('header is not valid JSON') });
    expect(r.calls).toEqual([]);
  });

  it.each([
    ['v2 without height', '{"version": 2, "width": 80}', /"height" .*height nothing/],
    ['v2 with zero width', '{"version": 2, "width": 0, "height": 24}', /width 0/],
    ['v2 with negative height', '{"version": 2, "width": 80, "height": -5}', /height -5/],
    ['v2 with a string width', '{"version": 2, "width": "80", "height": 24}', /width "80"/],
    ['v3 without term', '{"version": 3, "width": 80, "height": 24}', /"term.cols"/],
    ['v3 with term.rows missing', '{"version": 3, "term": {"cols": 80}}', /term.rows nothing/],
  ])('%s: CORRUPT at line 1', (_label, header, re) => {
    const r = run(`${header}\n[1, "o", "a"]\n`);
    expect(r.error).toMatchObject({ code: 'CORRUPT', line: 1 });
    expect(r.error?.message).toMatch(re);
    expect(r.calls).toEqual([]);
  });

  it('binary garbage and other formats: UNSUPPORTED_FORMAT with the detection reason', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0x08, 0x00]);
    expect(run(zip).error).toEqual({ code: 'UNSUPPORTED_FORMAT', message: 'not a terminal recording: starts with bytes 50 4b 03 04 (a ZIP archive)' });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(run(png).error?.message).toContain('(a PNG image)');
    expect(run('{"width": 80, "height": 24}\n[1, "o", "a"]\n').error).toEqual({
      code: 'UNSUPPORTED_FORMAT',
      message: 'not a terminal recording: first line is JSON but has no "version" field',
    });
  });

  it('random bytes never crash or hang: a typed error or warnings, quickly', () => {
    const rnd = prng(42);
    const started = Date.now();
    for (let k = 0; k < 200; k++) {
      const body = new Uint8Array(200 + Math.floor(rnd() * 2000)).map(() => Math.floor(rnd() * 256));
      // A third start as plain garbage, a third after a valid v2 header, a third after "{".
      const prefix = k % 3 === 0 ? new Uint8Array() : utf8(k % 3 === 1 ? V2 : '{');
      const bytes = new Uint8Array([...prefix, ...body]);
      const r = runChunked(bytes, 1 + Math.floor(rnd() * 300));
      if (k % 3 === 1) expect(r.error).toBeUndefined();
      else expect(['UNSUPPORTED_FORMAT', 'CORRUPT']).toContain(r.error?.code);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('after a fatal error, further calls throw the same error', async () => {
    const { createTerminalParser } = await import('../../../shared/formats/asciicast');
    const p = createTerminalParser({ header() {}, event() {}, warning() {} });
    const first = (() => {
      try {
        p.push(utf8('\u0000\u0001binary'));
        p.end();
      } catch (e) {
        return e;
      }
    })();
    expect(first).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect(() => p.end()).toThrow(first as Error);
  });
});
