/**
 * What the indexer finds in real recordings: durations, markers, resizes, idle stretches, input counts,
 * and text lines, each at a time when the line really is on screen (checked with screenAt).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_FILES, HAVE_CORPUS, NO_CORPUS_MESSAGE } from './helpers/corpus';
import { copyOfCorpus, inlineCore } from './helpers/temp';
import { terminalSummary } from './helpers/kinds';

const core = inlineCore();
afterAll(() => core.dispose());

async function indexed(name: string) {
  const s = await core.open(copyOfCorpus(name));
  return terminalSummary(await core.whenIndexed(s.id));
}

describe.skipIf(!HAVE_CORPUS)(`indexer facts on the corpus${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`, () => {
  it('10: bash session (gzip, v2): duration from the events, the resize, the idle stretch, lines on screen', async () => {
    const s = await indexed('10-v2-welcome-bash-output-only.cast.gz');
    expect(s.format).toBe('asciicast');
    expect(s.formatVersion).toBe(2);
    expect(s.compression).toBe('gzip');
    expect(s.durationMs).toBeCloseTo(119207.933, 3);
    expect(s.resizes).toEqual([{ timeMs: 4400, cols: 81, rows: 20 }]);
    // No idle_time_limit in the header: gaps over 2 s count; this session has exactly one.
    expect(s.idle).toEqual([{ startMs: 22248.017, endMs: 24809.024 }]);
    expect(s.inputEvents).toBe(0);
    expect(s.index).toMatchObject({ state: 'ready', progress: 1, fromCache: false });

    for (const [query, line] of [
      ['brew install', '> brew install asciinema'],
      ['sha1sum', 'bash-3.2$ sha1sum /etc/f* | tail -n 10 | lolcat -F 0.3'],
      ['ftpusers', 'd3e5fb0c582645e60f8a13802be0c909a3f9e4d7  /etc/ftpusers'],
      ['17648', 'https://asciinema.org/a/17648'],
    ] as const) {
      const r = await core.search({ id: s.id, query });
      expect(r.total, query).toBe(1);
      const hit = r.hits[0]!;
      expect(hit.text).toBe(line);
      // The hit's time is a moment when the whole line is on the screen.
      const screen = await core.screenAt(s.id, hit.timeMs);
      expect(screen.lines, `${query} at ${hit.timeMs} ms`).toContain(line);
    }
  });

  it('10: lines that scrolled away were indexed while they were on screen', async () => {
    const s = await indexed('10-v2-welcome-bash-output-only.cast.gz');
    const r = await core.search({ id: s.id, query: 'Welcome to asciinema' });
    expect(r.hits.map((h) => h.text)).toEqual(['> # Welcome to asciinema!']);
    const end = await core.screenAt(s.id, s.durationMs);
    expect(end.lines).not.toContain('> # Welcome to asciinema!');
    expect((await core.screenAt(s.id, r.hits[0]!.timeMs)).lines).toContain('> # Welcome to asciinema!');
  });

  // A line counts as seen when the screen at its time shows it (on one row, or across wrapped rows).
  // Lines that only ever flashed by inside one event (08 prints 59 lines at once on a 29-row screen;
  // 09 writes dozens of events per millisecond) cannot be shown at any time, hence the 08 threshold.
  for (const [name, every, atLeast] of [
    ['10-v2-welcome-bash-output-only.cast.gz', 1, 1],
    ['01-v1-demo-vim.json', 1, 1],
    ['02-v2-demo-input.cast', 1, 1],
    ['08-v2-misc-real-session.cast', 3, 0.95],
  ] as const) {
    it(`${name}: indexed lines are on screen at their time`, async () => {
      const s = await indexed(name);
      let seen = 0;
      let checked = 0;
      let i = 0;
      for await (const line of core.transcript(s.id)) {
        if (i++ % every) continue;
        const screen = await core.screenAt(s.id, line.timeMs);
        const rows = screen.lines.map((l) => l.padEnd(screen.cols)).join('');
        if (screen.lines.includes(line.text) || rows.includes(line.text)) seen++;
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
      expect(seen / checked).toBeGreaterThanOrEqual(atLeast);
    });
  }

  it('06: markers and input events', async () => {
    const s = await indexed('06-v2-markers-input.cast');
    expect(s.markers).toEqual([
      { timeMs: 500, label: 'first' },
      { timeMs: 1100, label: 'second' },
    ]);
    expect(s.inputEvents).toBe(2);
    expect(s.durationMs).toBe(2000);
  });

  it('07: v3 intervals, two resizes, the exit event', async () => {
    const s = await indexed('07-v3-resize-exit.cast');
    expect(s.formatVersion).toBe(3);
    expect(s.resizes).toEqual([
      { timeMs: 1000, cols: 100, rows: 30 },
      { timeMs: 2000, cols: 50, rows: 10 },
    ]);
    expect(s.durationMs).toBe(2100);
    expect(s.events).toBe(6);
    const screen = await core.screenAt(s.id, 2100);
    expect(screen.cols).toBe(50);
    expect(screen.lines[0]).toBe('hello world!');
  });

  it('02: idle threshold comes from the header idle_time_limit, keystrokes are counted', async () => {
    const s = await indexed('02-v2-demo-input.cast');
    expect(s.terminal.idleTimeLimitMs).toBe(2000);
    expect(s.inputEvents).toBe(9);
    for (const gap of s.idle) expect(gap.endMs - gap.startMs).toBeGreaterThan(2000);
  });

  it('01: the vim session on the alternate screen is searchable', async () => {
    const s = await indexed('01-v1-demo-vim.json');
    expect(s.formatVersion).toBe(1);
    const r = await core.search({ id: s.id, query: '~' });
    expect(r.total).toBeGreaterThan(0);
  });

  it('every corpus file indexes to a ready summary with lines in time order', async () => {
    for (const name of CORPUS_FILES) {
      const s = await indexed(name);
      expect(s.index.state, name).toBe('ready');
      let last = -Infinity;
      let lines = 0;
      for await (const line of core.transcript(s.id)) {
        expect(line.timeMs).toBeGreaterThanOrEqual(last);
        expect(line.text).toBe(line.text.trimEnd());
        expect(line.text.trim()).not.toBe('');
        expect(line.text).not.toMatch(/\x1b/);
        last = line.timeMs;
        lines++;
      }
      if (s.events > 5) expect(lines, name).toBeGreaterThan(0);
    }
  });
});
