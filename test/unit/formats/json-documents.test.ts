/**
 * The single-document formats: asciicast v1 and JumpServer koko. Both are scanned member by member,
 * so these tests cover document order, damaged members, cut-off documents and the size limits.
 */
import { describe, expect, it } from 'vitest';
import { CORPUS_SKIP_REASON, corpusBytes, corpusPresent, run, runChunked, runSplit, utf8 } from './helpers';

const v1 = (doc: object) => JSON.stringify(doc, null, 2);

describe('asciicast v1', () => {
  it('emits the header when "stdout" starts and sums the delays', () => {
    const r = run(v1({ version: 1, width: 100, height: 30, duration: 1.5, command: 'sh', title: 'demo', env: { TERM: 'xterm', SHELL: '/bin/sh' }, stdout: [[0.25, 'a'], [0.5, 'b'], [0, 'c']] }));
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([]);
    expect(r.calls[0]).toEqual([
      'header',
      {
        format: 'asciicast',
        version: 1,
        declaredDurationMs: 1500,
        terminal: { cols: 100, rows: 30, command: 'sh', title: 'demo', env: { TERM: 'xterm', SHELL: '/bin/sh' }, shell: '/bin/sh', termType: 'xterm' },
      },
    ]);
    expect(r.events).toEqual([
      { timeMs: 250, code: 'o', data: 'a' },
      { timeMs: 750, code: 'o', data: 'b' },
      { timeMs: 750, code: 'o', data: 'c' },
    ]);
  });

  it('reads keys in any order, and a one-line document', () => {
    const r = run('{"stdout_len":3,"height":10,"env":{},"width":40,"version":1,"stdout":[[1,"x"]],"duration":1}');
    expect(r.header?.terminal).toMatchObject({ cols: 40, rows: 10 });
    expect(r.events).toEqual([{ timeMs: 1000, code: 'o', data: 'x' }]);
  });

  it('plays at 80x24 with one BAD_EVENT warning when the size is missing before "stdout"', () => {
    const text = '{"version": 1, "stdout": [[0.5, "a"]], "width": 120, "height": 40}';
    const r = run(text);
    expect(r.header?.terminal).toMatchObject({ cols: 80, rows: 24 });
    expect(r.warnings).toEqual([{ code: 'BAD_EVENT', line: 1, offsetBytes: text.indexOf('"stdout"'), message: expect.stringContaining('playing at 80x24') }]);
    expect(r.events).toHaveLength(1);
  });

  it('damaged frames become warnings at the frame\'s line and byte; the rest plays', () => {
    const text = [
      '{"version": 1, "width": 80, "height": 24, "stdout": [',
      '[0.5, "ok"],',
      '["abc", "bad time"],',
      '[-1, "negative"],',
      '[0.5, 42],',
      '[0.5, "a", "b"],',
      '[0.5, tru],',
      '{"d": 1},',
      '[0.5, "last"]',
      ']}',
    ].join('\n');
    const r = run(text);
    const at = (needle: string) => ({ line: text.split('\n').findIndex((l) => l.startsWith(needle)) + 1, offsetBytes: text.indexOf(needle) });
    expect(r.warnings).toEqual([
      { code: 'BAD_TIME', ...at('["abc"'), message: expect.stringMatching(/delay is not a number \("abc"\)/) },
      { code: 'BAD_TIME', ...at('[-1'), message: expect.stringMatching(/negative/) },
      { code: 'BAD_DATA', ...at('[0.5, 42]'), message: expect.stringMatching(/got 42/) },
      { code: 'BAD_EVENT', ...at('[0.5, "a", "b"]'), message: expect.stringMatching(/got 3 elements/) },
      { code: 'BAD_EVENT', ...at('[0.5, tru]'), message: expect.stringMatching(/not valid JSON/) },
      { code: 'BAD_EVENT', ...at('{"d": 1}'), message: expect.stringMatching(/\[delay, data\]/) },
    ]);
    // The frame with non-string data still took its 0.5 s; the skipped bad-time frames did not.
    expect(r.events).toEqual([
      { timeMs: 500, code: 'o', data: 'ok' },
      { timeMs: 1500, code: 'o', data: 'last' },
    ]);
  });

  it('a document cut in the middle keeps the frames before the cut and warns TRUNCATED', () => {
    const full = v1({ version: 1, width: 80, height: 24, stdout: [[0.1, 'one'], [0.1, 'two'], [0.1, 'three']] });
    const cut = full.slice(0, full.indexOf('"three"') + 3);
    const r = run(cut);
    expect(r.error).toBeUndefined();
    expect(r.events.map((e) => e.data)).toEqual(['one', 'two']);
    const frameStart = full.lastIndexOf('[', full.indexOf('"three"'));
    expect(r.warnings).toEqual([
      { code: 'TRUNCATED', offsetBytes: frameStart, line: full.slice(0, frameStart).split('\n').length, message: expect.stringContaining('cut off') },
    ]);
  });

  it('a document cut before any frame is CORRUPT, with the offset', () => {
    const r = run('{\n  "version": 1,\n  "width": 80,\n  "height": 24,\n  "stdo');
    expect(r.error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('before any event') });
    expect(r.error?.offsetBytes).toBeGreaterThan(0);
  });

  it('broken structure before any frame is CORRUPT at the offending byte', () => {
    const text = '{"version": 1, "width" 80, "height": 24, "stdout": []}';
    const r = run(text);
    expect(r.error).toMatchObject({ code: 'CORRUPT', line: 1, offsetBytes: text.indexOf(' 80') + 1, message: expect.stringContaining('expected ":" after "width"') });
    const bad = run('{"version": 1, "width": 8x0, "height": 24, "stdout": [[1, "a"]]}');
    expect(bad.error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('"width" is not valid JSON') });
  });

  it('broken structure after frames stops with a warning and keeps what was played', () => {
    const text = '{"version": 1, "width": 80, "height": 24, "stdout": [[1, "a"] [2, "b"]]}';
    const r = run(text);
    expect(r.error).toBeUndefined();
    expect(r.events.map((e) => e.data)).toEqual(['a']);
    expect(r.warnings).toEqual([{ code: 'BAD_EVENT', line: 1, offsetBytes: text.indexOf('[2'), message: expect.stringContaining('expected "," or "]"') }]);
  });

  it('a document without "stdout", or with a non-array one, is CORRUPT', () => {
    expect(run('{"version": 1, "width": 80, "height": 24}').error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('no "stdout"') });
    expect(run('{"version": 1, "width": 80, "height": 24, "stdout": null}').error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('"stdout" must be an array') });
  });

  it('a frame over the size limit is skipped with BAD_EVENT; its neighbours play', () => {
    const text = v1({ version: 1, width: 80, height: 24, stdout: [[1, 'a'], [1, 'x'.repeat(4000)], [1, 'b']] });
    for (const chunk of [text.length, 512, 13]) {
      const r = runChunked(utf8(text), chunk, { maxItemBytes: 1024 });
      expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
      expect(r.warnings).toEqual([{ code: 'BAD_EVENT', line: expect.any(Number), offsetBytes: expect.any(Number), message: expect.stringContaining('over the 1 KiB limit') }]);
    }
  });

  it('data after the document is reported, not played', () => {
    const text = '{"version": 1, "width": 80, "height": 24, "stdout": [[1, "a"]]}\ngarbage';
    const r = run(text);
    expect(r.events).toHaveLength(1);
    expect(r.warnings).toEqual([{ code: 'BAD_EVENT', line: 2, offsetBytes: text.indexOf('garbage'), message: expect.stringContaining('after the end of the JSON document') }]);
  });

  it.skipIf(!corpusPresent)('the 01 corpus file cut at every byte: a prefix of the events, or an error before the first', () => {
    const bytes = corpusBytes('01-v1-demo-vim.json');
    const full = runSplit(bytes).events;
    const firstFrameEnd = new TextDecoder().decode(bytes).indexOf(']', new TextDecoder().decode(bytes).indexOf('"stdout"') + 12);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const r = runSplit(bytes.subarray(0, cut));
      if (r.error) {
        // Cut before "version" is complete, the content cannot be told apart from other JSON.
        expect(r.error.code, `cut at ${cut}`).toBe(cut <= bytes.indexOf(0x31 /* "1" of the version */) + 1 ? 'UNSUPPORTED_FORMAT' : 'CORRUPT');
        expect(cut, `cut at ${cut}`).toBeLessThanOrEqual(firstFrameEnd + 1);
        continue;
      }
      expect(full.slice(0, r.events.length), `cut at ${cut}`).toEqual(r.events);
      if (r.events.length < full.length) expect(r.warnings.map((w) => w.code), `cut at ${cut}`).toEqual(['TRUNCATED']);
    }
  });
});

describe('koko (JumpServer legacy)', () => {
  it('sorts members by time (Go writes "10.5" before "2.3") and plays them at 80x24', () => {
    const r = run('{"0.500000":"$ ","10.500000":"exit\\r\\n","2.300000":"ls\\r\\n","2.300001":"a b c\\r\\n"}');
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([]);
    expect(r.calls[0]).toEqual(['header', { format: 'koko', terminal: { cols: 80, rows: 24 } }]);
    expect(r.events).toEqual([
      { timeMs: 500, code: 'o', data: '$ ' },
      { timeMs: 2300, code: 'o', data: 'ls\r\n' },
      { timeMs: 2300.001, code: 'o', data: 'a b c\r\n' },
      { timeMs: 10500, code: 'o', data: 'exit\r\n' },
    ]);
  });

  it('keeps file order for equal times and decodes escapes and UTF-8', () => {
    const r = run('{"1.0":"first","0.5":"\\u001b[1m\\ud83c\\udf89 é","1.0":"second"}');
    expect(r.events.map((e) => e.data)).toEqual(['\u001b[1m🎉 é', 'first', 'second']);
  });

  it('bad members are warnings at their line and byte; the rest plays', () => {
    const text = '{\n"1.0": "a",\n"abc": "not a time",\n"-2": "negative",\n"3.0": 7,\n"4.0": "b"\n}';
    const r = run(text);
    expect(r.warnings).toEqual([
      { code: 'BAD_TIME', line: 3, offsetBytes: text.indexOf('"abc"'), message: expect.stringContaining('not a time in seconds') },
      { code: 'BAD_TIME', line: 4, offsetBytes: text.indexOf('"-2"'), message: expect.stringContaining('negative') },
      { code: 'BAD_DATA', line: 5, offsetBytes: text.indexOf('7'), message: expect.stringContaining('must be a string, got 7') },
    ]);
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('a cut-off document plays what was complete and warns TRUNCATED', () => {
    const text = '{"2.0":"b","1.0":"a","3.0":"cut he';
    const r = run(text);
    expect(r.events.map((e) => e.data)).toEqual(['a', 'b']);
    expect(r.warnings).toEqual([{ code: 'TRUNCATED', line: 1, offsetBytes: text.indexOf('"cut'), message: expect.stringContaining('cut off') }]);
  });

  it('no usable output at all is CORRUPT', () => {
    expect(run('{"1.0": 5}').error).toMatchObject({ code: 'CORRUPT', message: 'the koko recording holds no output' });
    expect(run('{"1.0": "a').error).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('cut off') });
  });

  it('more output than the buffer limit is TOO_LARGE', () => {
    const members = Array.from({ length: 50 }, (_, k) => `"${k}.0":"${'x'.repeat(100)}"`).join(',');
    const r = run(`{${members}}`, { maxBufferedBytes: 2000 });
    expect(r.error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('more than 2000 bytes of output') });
    expect(r.events).toEqual([]);
  });
});

if (!corpusPresent) it.skip(`v1 corpus cut test: ${CORPUS_SKIP_REASON}`, () => {});
