import { beforeEach, describe, expect, it } from 'vitest';
import { TerminalEngine } from '../../renderer/player/engines/terminal';
import { terminalChunks } from '../../renderer/player/chunk-cache';
import { buildRecording, createFakeApi, type FakeApi, type FakeRecording } from './fake-api';
import { FakeSink } from './fake-sink';
import { ManualScheduler } from './manual-scheduler';

/** Settles promise chains (fetches and sink callbacks are promise/microtask based in the fakes). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Plays `ms` of wall time in 100 ms steps, letting fetches settle between steps as a browser would. */
async function playFor(sched: ManualScheduler, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    sched.advance(Math.min(100, ms - t), 16);
    await settle();
  }
}

const cast = (): FakeRecording =>
  buildRecording({
    id: 'rec1',
    cols: 80,
    rows: 24,
    eventsPerChunk: 3,
    events: [
      [0.5, 'o', 'a'],
      [1.0, 'i', 'typed'],
      [1.0, 'o', 'b'],
      [2.0, 'm', 'marker one'],
      [2.5, 'o', 'c'],
      [3.0, 'r', '100x30'],
      [3.5, 'o', 'd'],
      [13.5, 'o', 'e'], // a 10 s idle gap before this
      [14.0, 'o', 'f'],
    ],
  });

describe('TerminalEngine', () => {
  let api: FakeApi;
  let sink: FakeSink;
  let sched: ManualScheduler;
  let engine: TerminalEngine;
  let rec: FakeRecording;

  beforeEach(async () => {
    rec = cast();
    api = createFakeApi([rec]);
    sink = new FakeSink();
    sched = new ManualScheduler();
    engine = new TerminalEngine({ fetchChunk: terminalChunks((req) => api.call('chunk', req)), createSink: () => sink, scheduler: sched });
    engine.mount(document.createElement('div'));
    await engine.load(rec.summary, 0);
  });

  it('loads ready at the requested time with the first keyframe restored', () => {
    expect(engine.state).toBe('ready');
    expect(engine.currentTimeMs).toBe(0);
    expect(sink.calls[0]).toMatchObject({ type: 'restore', cols: 80, rows: 24 });
    expect(sink.screen).toBe('');
  });

  it('opens a recording at its first frame when no time is given', async () => {
    const burst = buildRecording({
      id: 'burst',
      events: [
        [0.0168, 'o', '\x1b[?2004h'],
        [0.0233, 'o', 'user@host ~> '],
        [0.05, 'i', 'x'],
        [1.1, 'o', 'ls'],
      ],
    });
    const api2 = createFakeApi([burst]);
    const sink2 = new FakeSink();
    const e2 = new TerminalEngine({ fetchChunk: terminalChunks((req) => api2.call('chunk', req)), createSink: () => sink2, scheduler: sched });
    e2.mount(document.createElement('div'));
    await e2.load(burst.summary);
    // The prompt (23.3 ms, shown from 24) ends the first burst; "ls" a second later is not part of it.
    expect(e2.currentTimeMs).toBe(24);
    expect(sink2.screen).toBe('\x1b[?2004huser@host ~> ');
    expect(e2.state).toBe('ready');
  });

  it('seeks by restoring the keyframe and writing every output event up to the target in one write', async () => {
    await engine.seek(3200);
    const last = sink.calls.at(-1)!;
    expect(last.type).toBe('restore');
    // Chunk 1 starts at the marker (2.0) with keyframe "ab"; then c and the resize are due.
    expect(last).toMatchObject({ cols: 80, rows: 24 });
    expect(last.ops).toEqual([
      { kind: 'write', data: 'abc' },
      { kind: 'resize', cols: 100, rows: 30 },
    ]);
    expect(engine.currentTimeMs).toBe(3200);
    // Chunk 2's keyframe already has the resized grid.
    await engine.seek(3700);
    expect(sink.calls.at(-1)).toEqual({ type: 'restore', cols: 100, rows: 30, ops: [{ kind: 'write', data: 'abcd' }] });
    expect(engine.currentTimeMs).toBe(3700);
    expect(engine.snapshot().seeking).toBe(false);
    expect(engine.snapshot().lastSeekMs).not.toBeNull();
    const count = engine.snapshot().seekCount;
    await engine.seek(100);
    expect(engine.snapshot().seekCount).toBe(count + 1);
  });

  it('never writes input or marker events', async () => {
    await engine.seek(14_000);
    expect(sink.screen).toBe('abcdef');
    expect(sink.screen).not.toContain('typed');
    expect(sink.screen).not.toContain('marker');
  });

  it('lands exactly on the target time, even between events', async () => {
    await engine.seek(1234);
    expect(engine.currentTimeMs).toBe(1234);
    expect(sink.screen).toBe('ab');
  });

  it('plays on the clock, batching the events due in a frame into one write', async () => {
    engine.play();
    expect(engine.state).toBe('playing');
    sched.advance(1000, 1000); // one long frame: a and b are both due
    expect(engine.currentTimeMs).toBe(1000);
    expect(sink.playbackWrites()).toEqual(['ab']);
    sched.advance(16);
    expect(sink.playbackWrites()).toEqual(['ab']);
  });

  it('crosses into the next chunk without restoring, prefetching it before the end', async () => {
    engine.play();
    await settle(); // prefetch of chunk 1 resolves
    const restores = sink.calls.filter((c) => c.type === 'restore').length;
    await playFor(sched, 3600);
    expect(sink.calls.filter((c) => c.type === 'restore').length).toBe(restores);
    expect(sink.screen).toBe('abcd');
    expect(sink.cols).toBe(100);
    expect(api.calls.some((c) => c.method === 'chunk' && (c.req as { chunkIndex?: number }).chunkIndex === 1)).toBe(true);
  });

  it('seeks while paused fetch only the chunk they show; playing fetches the next one', async () => {
    const byIndex = () => api.calls.filter((c) => c.method === 'chunk' && (c.req as { chunkIndex?: number }).chunkIndex !== undefined).length;
    const before = byIndex();
    await engine.seek(3600); // the last chunk
    await engine.seek(100); // the first
    await settle();
    expect(byIndex()).toBe(before);
    engine.play();
    await settle();
    expect(api.calls.some((c) => c.method === 'chunk' && (c.req as { chunkIndex?: number }).chunkIndex === 1)).toBe(true);
  });

  it('changes speed while playing without a jump', () => {
    engine.play();
    sched.advance(400, 100);
    expect(engine.currentTimeMs).toBe(400);
    engine.setSpeed(4);
    expect(engine.currentTimeMs).toBe(400);
    sched.advance(100, 100);
    expect(engine.currentTimeMs).toBe(800);
    expect(engine.snapshot().speed).toBe(4);
  });

  it('holds the clock while the terminal is behind on parsing, without jumping afterwards', () => {
    engine.play();
    sched.advance(200, 100);
    expect(engine.currentTimeMs).toBe(200);
    sink.backlog = 10_000_000;
    sched.advance(500, 100);
    expect(engine.currentTimeMs).toBe(200);
    sink.backlog = 0;
    sched.advance(100, 100);
    expect(engine.currentTimeMs).toBe(300);
  });

  it('plays long idle gaps in capMs when skip-idle is on, keeping recording time on the timeline', async () => {
    engine.setSkipIdle(true, 2000);
    await engine.seek(3500);
    engine.play();
    await settle();
    await playFor(sched, 1000);
    // Half of the 2 s budget for the 10 s gap: recording time is half-way through it.
    expect(engine.currentTimeMs).toBeCloseTo(8500, -1);
    await playFor(sched, 1000);
    expect(engine.currentTimeMs).toBeGreaterThanOrEqual(13_500);
    expect(sink.screen.endsWith('e')).toBe(true);
  });

  it('ends at the duration and restarts from 0 when played again', async () => {
    await engine.seek(13_900);
    engine.play();
    await settle();
    sched.advance(500);
    expect(engine.state).toBe('ended');
    expect(engine.currentTimeMs).toBe(14_000);
    engine.play();
    await settle();
    expect(engine.currentTimeMs).toBe(0);
    expect(engine.state).toBe('playing');
  });

  it('steps to the next and previous visible event while paused', async () => {
    await engine.step(1);
    expect(engine.currentTimeMs).toBe(500);
    await engine.step(1);
    expect(engine.currentTimeMs).toBe(1000); // skips nothing visible; "b" is at 1.0
    expect(sink.screen).toBe('ab');
    await engine.step(1);
    expect(engine.currentTimeMs).toBe(2500); // marker at 2.0 is not a step target
    await engine.step(-1);
    expect(engine.currentTimeMs).toBe(1000);
    expect(sink.screen).toBe('ab');
    expect(engine.state).not.toBe('playing');
  });

  it('waits for chunks that are not indexed yet, then continues', async () => {
    const api2 = createFakeApi([rec]);
    api2.setAvailableChunks('rec1', 1);
    const sink2 = new FakeSink();
    const e2 = new TerminalEngine({ fetchChunk: terminalChunks((req) => api2.call('chunk', req)), createSink: () => sink2, scheduler: sched });
    e2.mount(document.createElement('div'));
    await e2.load({ ...rec.summary, index: { ...rec.summary.index, state: 'indexing' } }, 0);
    e2.play();
    sched.advance(3000);
    await settle();
    expect(e2.snapshot().buffering).toBe(true);
    expect(e2.currentTimeMs).toBe(2000); // chunk 0 ends where chunk 1 starts
    api2.setAvailableChunks('rec1', 10);
    await settle();
    await playFor(sched, 1600);
    expect(e2.snapshot().buffering).toBe(false);
    expect(sink2.screen).toBe('abcd');
  });

  it('keeps playing into data indexed after it started waiting, and ends only at the real end', async () => {
    const api2 = createFakeApi([rec]);
    api2.setAvailableChunks('rec1', 1);
    const sink2 = new FakeSink();
    const e2 = new TerminalEngine({ fetchChunk: terminalChunks((req) => api2.call('chunk', req)), createSink: () => sink2, scheduler: sched });
    e2.mount(document.createElement('div'));
    const indexing = { ...rec.summary, index: { ...rec.summary.index, state: 'indexing' as const } };
    await e2.load(indexing, 0);
    e2.play();
    await playFor(sched, 3000);
    expect(e2.snapshot().buffering).toBe(true);
    // Indexing finishes: every chunk is there now and the summary says so.
    api2.setAvailableChunks('rec1', 3);
    e2.updateSummary(rec.summary);
    await playFor(sched, 13_000);
    expect(e2.state).toBe('ended');
    expect(e2.currentTimeMs).toBe(14_000);
    expect(sink2.screen).toBe('abcdef');
  });

  it('does not make a seek wait behind one into data not indexed yet', async () => {
    const api2 = createFakeApi([rec]);
    api2.setAvailableChunks('rec1', 1);
    const sink2 = new FakeSink();
    const e2 = new TerminalEngine({ fetchChunk: terminalChunks((req) => api2.call('chunk', req)), createSink: () => sink2, scheduler: sched });
    e2.mount(document.createElement('div'));
    await e2.load({ ...rec.summary, index: { ...rec.summary.index, state: 'indexing', indexedUntilMs: 1900 } }, 0);
    void e2.seek(13_800); // not indexed yet: the seek waits for progress
    await settle();
    expect(e2.snapshot().seeking).toBe(true);
    expect(api2.calls.some((c) => c.method === 'chunk' && (c.req as { atMs?: number }).atMs === 13_800)).toBe(false);
    await e2.seek(1200);
    expect(e2.currentTimeMs).toBe(1200);
    expect(e2.snapshot().seeking).toBe(false);
    expect(sink2.screen).toBe('ab');
  });

  it('seeks beyond the indexed part once progress reaches it', async () => {
    const api2 = createFakeApi([rec]);
    api2.setAvailableChunks('rec1', 1);
    const sink2 = new FakeSink();
    const e2 = new TerminalEngine({ fetchChunk: terminalChunks((req) => api2.call('chunk', req)), createSink: () => sink2, scheduler: sched });
    e2.mount(document.createElement('div'));
    const indexing = (untilMs: number) => ({ ...rec.summary, index: { ...rec.summary.index, state: 'indexing' as const, indexedUntilMs: untilMs } });
    await e2.load(indexing(1900), 0);
    const done = e2.seek(3600);
    await settle();
    expect(e2.snapshot().seeking).toBe(true);
    api2.setAvailableChunks('rec1', 3);
    e2.updateSummary(indexing(5000));
    await done;
    expect(e2.currentTimeMs).toBe(3600);
    expect(sink2.screen).toBe('abcd');
  });

  it('reports an error state when a chunk cannot be read', async () => {
    const broken = createFakeApi([]);
    const e3 = new TerminalEngine({ fetchChunk: terminalChunks((req) => broken.call('chunk', req)), createSink: () => new FakeSink(), scheduler: sched });
    e3.mount(document.createElement('div'));
    await e3.load(rec.summary, 0);
    expect(e3.state).toBe('error');
    expect(e3.snapshot().error?.code).toBe('NOT_FOUND');
  });

  it('keeps only the last of many rapid seeks', async () => {
    const before = sink.calls.length;
    const all = [engine.seek(1000), engine.seek(2600), engine.seek(3600), engine.seek(600)];
    await Promise.all(all);
    expect(engine.currentTimeMs).toBe(600);
    expect(sink.screen).toBe('a');
    // The first seek was already running; the middle two were dropped.
    expect(sink.calls.length - before).toBeLessThanOrEqual(2);
  });
});

describe('LatestWins', () => {
  it('runs the first value and then only the latest of those pushed meanwhile', async () => {
    const { LatestWins } = await import('../../renderer/player/latest-wins');
    const ran: number[] = [];
    let idle = 0;
    let release: () => void = () => undefined;
    const lw = new LatestWins<number>(
      async (v, superseded) => {
        if (v === 1) await new Promise<void>((r) => (release = r));
        if (!superseded()) ran.push(v);
      },
      () => idle++,
    );
    const p1 = lw.push(1);
    lw.push(2);
    lw.push(3);
    expect(lw.busy).toBe(true);
    release();
    await p1;
    await lw.settled();
    expect(ran).toEqual([3]); // 1 saw newer values waiting and skipped; 2 was replaced by 3
    expect(idle).toBe(1);
    expect(lw.busy).toBe(false);
  });
});
