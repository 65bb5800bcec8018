/**
 * Every file of the shared asciicast corpus through the streaming parser. Expected values come from
 * the corpus README and from a plain whole-file reading in this test (split on newlines, JSON.parse
 * each line), never from the parser's own earlier output.
 */
import { describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../../shared/model';
import { CORPUS_SKIP_REASON, corpusBytes, corpusFiles, corpusPresent, runSplit, type RunResult } from './helpers';

type RawEvent = [number, string, string];

/** The simplest possible independent reading: whole text, split lines, absolute times in ms. */
function readIndependently(bytes: Uint8Array): { header: Record<string, unknown>; events: Array<{ timeMs: number; code: string; data: string }> } {
  const text = new TextDecoder().decode(bytes);
  const doc = text.trimStart();
  let firstLine: Record<string, unknown> | undefined;
  try {
    firstLine = JSON.parse(doc.split('\n', 1)[0] ?? '') as Record<string, unknown>;
  } catch {
    firstLine = undefined; // a pretty-printed v1 document
  }
  if (!firstLine || firstLine.version === 1) {
    // v1: one JSON document; stdout delays are intervals.
    const v1 = JSON.parse(text) as { stdout: Array<[number, string]> } & Record<string, unknown>;
    let t = 0;
    return { header: v1, events: v1.stdout.map(([d, data]) => ({ timeMs: (t += d * 1000), code: 'o', data })) };
  }
  const lines = doc.split('\n').slice(1).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  let clock = 0;
  const events = lines.map((l) => {
    const [t, code, data] = JSON.parse(l) as RawEvent;
    clock = firstLine.version === 3 ? clock + t * 1000 : t * 1000;
    return { timeMs: clock, code, data };
  });
  return { header: firstLine, events };
}

function countByCode(events: ReadonlyArray<{ code: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.code] = (out[e.code] ?? 0) + 1;
  return out;
}

const of = (events: TerminalEvent[], code: string) => events.filter((e) => e.code === code);

describe.skipIf(!corpusPresent)('asciicast corpus', () => {
  const cache = new Map<string, RunResult>();
  const parse = (prefix: string): RunResult => {
    const name = corpusFiles().find((f) => f.startsWith(prefix));
    if (!name) throw new Error(`corpus file ${prefix}-* is missing`);
    let r = cache.get(name);
    if (!r) cache.set(name, (r = runSplit(corpusBytes(name))));
    return r;
  };

  it('has the ten files the README lists', () => {
    expect(corpusFiles().map((f) => f.slice(0, 2))).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10']);
  });

  it.each(corpusFiles())('%s: same events, codes and times as a whole-file reading, no warnings', (name) => {
    const bytes = corpusBytes(name);
    const r = parse(name.slice(0, 2));
    const ref = readIndependently(bytes);
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([]);
    expect(r.calls[0]?.[0]).toBe('header');
    expect(r.calls.filter((c) => c[0] === 'header')).toHaveLength(1);
    expect(countByCode(r.events)).toEqual(countByCode(ref.events));
    expect(r.events.map((e) => e.code + e.data)).toEqual(ref.events.map((e) => e.code + e.data));
    r.events.forEach((e, k) => expect(e.timeMs).toBeCloseTo(ref.events[k]?.timeMs ?? NaN, 2));
    for (let k = 1; k < r.events.length; k++) expect(r.events[k]!.timeMs).toBeGreaterThanOrEqual(r.events[k - 1]!.timeMs);
    const declared = typeof ref.header.duration === 'number' ? ref.header.duration * 1000 : undefined;
    expect(r.header?.declaredDurationMs).toBe(declared);
    // Where the header states a duration, the last event is inside it (recorders stop the clock after it).
    if (declared !== undefined) expect(r.events.at(-1)!.timeMs).toBeLessThanOrEqual(declared);
  });

  it('01 v1: 80x40 bash + vim, 25 frames, last frame just inside the 6.46111 s duration', () => {
    const r = parse('01');
    expect(r.header).toMatchObject({ format: 'asciicast', version: 1, terminal: { cols: 80, rows: 40, command: '/bin/bash', shell: '/bin/bash' } });
    expect(r.header?.terminal.title).toBeUndefined(); // "title": null
    expect(countByCode(r.events)).toEqual({ o: 25 });
    expect(r.events[0]).toEqual({ timeMs: 13.659, code: 'o', data: '\u001b[?1034hbash-3.2$ ' });
    expect(r.events.some((e) => e.data.includes('\u001b[?1049h'))).toBe(true);
    expect(6461.11 - r.events.at(-1)!.timeMs).toBeLessThan(10);
  });

  it('02 v2: 75x18 fish session with 30 "o" and 9 "i" events, idle_time_limit 2 s', () => {
    const r = parse('02');
    expect(r.header?.terminal).toMatchObject({ cols: 75, rows: 18, idleTimeLimitMs: 2000, startedAtEpochMs: 1509091818000, shell: '/usr/local/bin/fish' });
    expect(countByCode(r.events)).toEqual({ o: 30, i: 9 });
    expect(of(r.events, 'i').map((e) => e.data).join('')).toContain('vim');
  });

  it('03 v2: theme, command, env, UTF-8 output and one resize to 80x40', () => {
    const r = parse('03');
    expect(r.header?.terminal).toMatchObject({ cols: 100, rows: 50, command: '/bin/bash', env: { TERM: 'xterm-256color', SHELL: '/bin/bash' } });
    expect(r.header?.terminal.theme?.foreground).toBe('#000000');
    expect(r.header?.terminal.theme?.background).toBe('#ffffff');
    expect(r.header?.terminal.theme?.palette).toHaveLength(16);
    expect(r.header?.terminal.theme?.palette?.[1]).toBe('#c01c28');
    expect(of(r.events, 'o').map((e) => e.data).join('')).toBe('żółć\r\n');
    expect(of(r.events, 'r')).toEqual([{ timeMs: 5600.001, code: 'r', data: '80x40' }]);
    expect(countByCode(r.events)).toEqual({ o: 3, i: 1, r: 1 });
  });

  it('04 v3: term block, title, idle limit, and intervals summed into absolute times', () => {
    const r = parse('04');
    expect(r.header).toMatchObject({ version: 3 });
    expect(r.header?.terminal).toMatchObject({
      cols: 96,
      rows: 26,
      termType: 'xterm-ghostty',
      termVersion: 'ghostty 1.1.3-889478f-nix',
      title: 'bashing :)',
      command: '/bin/bash -l',
      idleTimeLimitMs: 2500,
      startedAtEpochMs: 1744302022000,
    });
    expect(r.header?.terminal.theme).toMatchObject({ foreground: '#aaaaaa', background: '#bbbbbb' });
    // 1.234567 + 1.0 + 4.678987 + 1.0 = 7.913554 s
    expect(of(r.events, 'r')).toEqual([{ timeMs: 7913.554, code: 'r', data: '80x24' }]);
    expect(r.events.at(-1)).toEqual({ timeMs: 10370.343, code: 'o', data: 'żółć jaźń' });
  });

  it('05 v3: comment and blank lines are skipped silently', () => {
    const r = parse('05');
    expect(r.events.map((e) => [e.timeMs, e.data])).toEqual([
      [1234.567, 'foo bar'],
      [5678.987, 'baz qux'],
      [8481.455, 'żółć jaźń'],
      [9481.455, 'bye!'],
    ]);
  });

  it('06 v2: labelled markers "first" and "second" among input events', () => {
    const r = parse('06');
    expect(of(r.events, 'm')).toEqual([
      { timeMs: 500, code: 'm', data: 'first' },
      { timeMs: 1100, code: 'm', data: 'second' },
    ]);
    expect(countByCode(r.events)).toEqual({ o: 5, i: 2, m: 2 });
  });

  it('07 v3: two resizes and an exit event', () => {
    const r = parse('07');
    expect(of(r.events, 'r')).toEqual([
      { timeMs: 1000, code: 'r', data: '100x30' },
      { timeMs: 2000, code: 'r', data: '50x10' },
    ]);
    expect(of(r.events, 'x')).toEqual([{ timeMs: 2100, code: 'x', data: '0' }]);
    expect(r.events.at(-1)?.code).toBe('x');
  });

  it('08 v2: 61 s real session at 104x29 with 1273 output events', () => {
    const r = parse('08');
    expect(r.header?.terminal).toMatchObject({ cols: 104, rows: 29 });
    expect(countByCode(r.events)).toEqual({ o: 1273 });
    expect(r.events.at(-1)?.timeMs).toBeCloseTo(61393.246, 3);
  });

  it('09 v3: the 3 MB stress file, 4998 output events at 160x76, 2.85 M characters in 0.08 s', () => {
    const r = parse('09');
    expect(r.header?.terminal).toMatchObject({ cols: 160, rows: 76, command: 'cat /dev/urandom | base64' });
    expect(countByCode(r.events)).toEqual({ o: 4998 });
    const chars = r.events.reduce((n, e) => n + e.data.length, 0);
    expect(chars).toBeGreaterThan(2_800_000);
    expect(chars).toBeLessThan(2_900_000);
    expect(r.events.at(-1)!.timeMs).toBeLessThan(100);
  });

  it('10 v2 (gzip): 129 s welcome session, output only apart from one resize', () => {
    const r = parse('10');
    expect(r.header?.terminal).toMatchObject({ cols: 80, rows: 20, title: 'Welcome to asciinema!', command: 'PS1="> " bash' });
    expect(r.header?.declaredDurationMs).toBeCloseTo(128978.812, 3);
    expect(countByCode(r.events)).toEqual({ o: 785, r: 1 });
    expect(of(r.events, 'r')).toEqual([{ timeMs: 4400, code: 'r', data: '81x20' }]);
  });
});

if (!corpusPresent) it.skip(`asciicast corpus tests: ${CORPUS_SKIP_REASON}`, () => {});
