import { beforeEach, describe, expect, it } from 'vitest';
import { displayChunks } from '../../renderer/player/engines/guacamole-chunks';
import { GuacamoleEngine } from '../../renderer/player/engines/guacamole';
import { buildDisplayRecording, createFakeGuacApi, type FakeDisplayRecording, type FakeGuacApi, type Ins } from './fake-guac-api';
import { FakeGuacScreen } from './fake-guac-screen';
import { ManualScheduler } from './manual-scheduler';

async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

async function playFor(sched: ManualScheduler, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    sched.advance(Math.min(100, ms - t), 16);
    await settle();
  }
}

const FRAMES: [number, Ins[]][] = [
  [0, [['size', 0, 640, 480], ['cfill', 14, -2, 0, 0, 0, 255]]], // draws only into a buffer
  [500, [['cfill', 14, 0, 255, 255, 255, 255], ['paint', 'a', '1']]],
  [1000, [['paint', 'b', '1']]],
  [1000, [['paint', 'a', '2']]], // same time, next chunk
  [2000, [['paint', 'c', '1']]],
  [3000, [['paint', 'a', '3'], ['size', 0, 800, 600]]],
  [4000, [['paint', 'b', '2']]],
  [5000, [['paint', 'd', '1']]],
  [16000, [['paint', 'e', '1']]], // after 11 s without frames
  [17000, [['paint', 'a', '4']]],
  [18000, [['paint', 'f', '1']]],
];

const recording = (over: Partial<Parameters<typeof buildDisplayRecording>[0]> = {}): FakeDisplayRecording =>
  buildDisplayRecording({ id: 'vnc', frames: FRAMES, framesPerChunk: 3, keyframeEvery: 2, idle: [{ startMs: 5000, endMs: 16000 }], ...over });

/** The screen on the page (a spare the engine made ahead for the next seek is not). */
function live(): FakeGuacScreen {
  const shown = FakeGuacScreen.created.filter((s) => !s.disposed && s.element.isConnected);
  expect(shown).toHaveLength(1);
  return shown[0]!;
}

describe('GuacamoleEngine', () => {
  let api: FakeGuacApi;
  let sched: ManualScheduler;
  let engine: GuacamoleEngine;
  let rec: FakeDisplayRecording;
  let stage: HTMLElement;

  const make = (r: FakeDisplayRecording): GuacamoleEngine => {
    api = createFakeGuacApi([r]);
    const e = new GuacamoleEngine({
      fetchChunk: displayChunks((req) => api.call('chunk', req)),
      createScreen: () => new FakeGuacScreen(),
      scheduler: sched,
    });
    stage = document.createElement('div');
    document.body.appendChild(stage);
    e.mount(stage);
    return e;
  };

  beforeEach(() => {
    FakeGuacScreen.reset();
    sched = new ManualScheduler();
    rec = recording();
    engine = make(rec);
  });

  it('opens at the first frame that paints a visible layer, not at the buffer-only frame 0', async () => {
    await engine.load(rec.summary);
    expect(engine.state).toBe('ready');
    expect(engine.currentTimeMs).toBe(500);
    expect(live().state()).toBe(rec.truthAt(500));
    expect(stage.contains(live().element)).toBe(true);
  });

  it('seeks from the keyframe chunk: prelude, then frames up to t, and never a sync', async () => {
    await engine.load(rec.summary, 0);
    const before = api.calls.length;
    await engine.seek(4500); // chunk 2 (4000..16000) carries a prelude
    const asked = api.calls.slice(before).filter((c) => c.method === 'chunk').map((c) => c.req);
    expect(asked[0]).toEqual({ id: 'vnc', atMs: 4500 });
    // Nothing before the keyframe chunk is fetched (only the next one, ahead of playback).
    expect(asked.slice(1)).toEqual([{ id: 'vnc', chunkIndex: 3 }]);
    const s = live();
    expect(s.state()).toBe(rec.truthAt(4500));
    expect(s.log[0]).toBe('size(0,800,600)'); // the prelude comes first
    expect(s.log).toContain('paint(b,2)');
    expect(s.log).not.toContain('paint(d,1)'); // 5000 > 4500
    expect(s.log.some((l) => l.startsWith('sync'))).toBe(false);
    expect(engine.currentTimeMs).toBe(4500);
  });

  it('makes the next seek\'s display ahead, sized like the one on the page, and seeks into it', async () => {
    await engine.load(rec.summary, 0);
    await engine.seek(4500);
    const first = live();
    expect(first.state()).toBe(rec.truthAt(4500));
    const made = FakeGuacScreen.created.length;
    await playFor(sched, 600);
    const spare = FakeGuacScreen.created.slice(made);
    expect(spare).toHaveLength(1);
    expect(spare[0]!.log).toEqual(['size(0,800,600)']);
    expect(spare[0]!.element.isConnected).toBe(false);
    // Back to 1500: replayed from chunk 0, whose first op sizes the screen (to 640x480): the spare is
    // used, resized, and no display is made.
    await engine.seek(1500);
    expect(live()).toBe(spare[0]);
    expect(live().state()).toBe(rec.truthAt(1500));
    expect(FakeGuacScreen.created.length).toBe(made + 1);
    expect(first.disposed).toBe(true);
    // Another recording: the spare (sized for this one) goes.
    await playFor(sched, 600);
    const next = FakeGuacScreen.created.at(-1)!;
    expect(next.disposed).toBe(false);
    expect(next.element.isConnected).toBe(false);
    await engine.load(recording({ id: 'other' }).summary, 0);
    expect(next.disposed).toBe(true);
  });

  it('replays from chunk 0 when the chunk has no keyframe yet, fetching the chunks between', async () => {
    const noKeys = recording({ keyframesBelow: 0 });
    engine = make(noKeys);
    await engine.load(noKeys.summary, 0);
    for (const t of [999, 1000, 2500, 4500, 16000, 18000]) {
      await engine.seek(t);
      expect(live().state(), `at ${t}`).toBe(noKeys.truthAt(t));
    }
  });

  it('shows the same screen after a seek as after playing there from 0', async () => {
    await engine.load(rec.summary, 0);
    engine.setSpeed(4);
    engine.play();
    const points = [1000, 2000, 3500, 4999, 17500];
    for (const p of points) {
      while (engine.currentTimeMs < p && engine.state === 'playing') await playFor(sched, 16);
      engine.pause();
      await settle();
      const t = engine.currentTimeMs;
      const playedScreen = live();
      const played = playedScreen.state();
      expect(played).toBe(rec.truthAt(t));
      // Back from the end, so the screen for t is rebuilt from a keyframe, not drawn on from here.
      await engine.seek(18000);
      await engine.seek(t);
      expect(live()).not.toBe(playedScreen);
      expect(live().state(), `seek to ${t}`).toBe(played);
      engine.play();
    }
  });

  it('draws on from the screen on the page when the target is ahead and no further than a rebuild', async () => {
    await engine.load(rec.summary, 500);
    const s = live();
    await engine.seek(2500); // chunk 1, whose keyframe is chunk 0: on from 500 ms is less work
    expect(live()).toBe(s);
    expect(s.state()).toBe(rec.truthAt(2500));
    await engine.seek(4500); // chunk 2 has its own keyframe: rebuilt from its prelude
    expect(live()).not.toBe(s);
    const t = live();
    await engine.seek(17500); // chunk 3's keyframe is chunk 2, where the playhead is
    expect(live()).toBe(t);
    expect(t.state()).toBe(rec.truthAt(17500));
    await engine.seek(3000); // backwards: rebuilt
    expect(live()).not.toBe(t);
    expect(live().state()).toBe(rec.truthAt(3000));
    expect(engine.snapshot().seekCount).toBeGreaterThanOrEqual(5);
  });

  it('keeps the old screen until the new one is drawn, and the latest seek wins', async () => {
    await engine.load(rec.summary, 0);
    const first = live();
    FakeGuacScreen.holdFlushes = true;
    const a = engine.seek(2000);
    const b = engine.seek(4000);
    const c = engine.seek(17000);
    await settle();
    // Mid-seek: the page still shows the old screen.
    expect(stage.contains(first.element)).toBe(true);
    expect(first.disposed).toBe(false);
    FakeGuacScreen.release();
    await Promise.all([a, b, c]);
    expect(engine.currentTimeMs).toBe(17000);
    expect(live().state()).toBe(rec.truthAt(17000));
    expect(first.disposed).toBe(true);
    // At most the first target was built besides the last; the middle one was skipped.
    const built = FakeGuacScreen.created.slice(1);
    expect(built.length).toBeLessThanOrEqual(2);
    expect(engine.snapshot().seeking).toBe(false);
  });

  it('plays at the chosen speed, changeable while playing', async () => {
    await engine.load(rec.summary, 0);
    engine.play();
    await playFor(sched, 1000);
    expect(engine.currentTimeMs).toBeGreaterThanOrEqual(980);
    expect(engine.currentTimeMs).toBeLessThanOrEqual(1020);
    engine.setSpeed(2);
    const t = engine.currentTimeMs;
    await playFor(sched, 1000);
    expect(engine.currentTimeMs - t).toBeGreaterThanOrEqual(1960);
    expect(engine.currentTimeMs - t).toBeLessThanOrEqual(2040);
    expect(engine.state).toBe('playing');
    expect(live().state()).toBe(rec.truthAt(engine.currentTimeMs));
  });

  it('skips idle stretches from the summary: 11 s of nothing play in the cap', async () => {
    await engine.load(rec.summary, 5000);
    engine.setSkipIdle(true, 2000);
    engine.play();
    await playFor(sched, 2100);
    expect(engine.currentTimeMs).toBeGreaterThanOrEqual(16000);
    expect(live().log).toContain('paint(e,1)');
    engine.setSkipIdle(false);
    const t = engine.currentTimeMs;
    await playFor(sched, 500);
    expect(engine.currentTimeMs - t).toBeLessThanOrEqual(520);
  });

  it('plays to the end and restarts from 0 on play', async () => {
    await engine.load(rec.summary, 17500);
    engine.play();
    await playFor(sched, 1000);
    expect(engine.state).toBe('ended');
    expect(engine.currentTimeMs).toBe(18000);
    expect(live().state()).toBe(rec.truthAt(18000));
    engine.play();
    await settle();
    expect(engine.currentTimeMs).toBe(0);
    expect(engine.state).toBe('playing');
  });

  it('steps one frame forward into the live screen and one back by seeking', async () => {
    await engine.load(rec.summary, 2000);
    const s = live();
    await engine.step(1);
    expect(engine.currentTimeMs).toBe(3000);
    expect(live()).toBe(s); // fed, not rebuilt
    expect(s.state()).toBe(rec.truthAt(3000));
    await engine.step(1); // crosses into chunk 2
    expect(engine.currentTimeMs).toBe(4000);
    expect(live().state()).toBe(rec.truthAt(4000));
    await engine.step(-1);
    expect(engine.currentTimeMs).toBe(3000);
    expect(live().state()).toBe(rec.truthAt(3000));
    await engine.step(-1);
    expect(engine.currentTimeMs).toBe(2000);
  });

  it('buffers at the edge of what is indexed and goes on when the next chunk arrives', async () => {
    const indexing: FakeDisplayRecording = { ...rec, summary: { ...rec.summary, index: { ...rec.summary.index, state: 'indexing', indexedUntilMs: 3999 } } };
    engine = make(indexing);
    api.setAvailableDisplayChunks('vnc', 2);
    await engine.load(indexing.summary, 3500);
    engine.play();
    await playFor(sched, 800);
    expect(engine.snapshot().buffering).toBe(true);
    expect(engine.currentTimeMs).toBeLessThanOrEqual(4000);
    expect(live().log).not.toContain('paint(b,2)'); // the 4000 ms frame is in chunk 2, not served yet
    api.setAvailableDisplayChunks('vnc', 4);
    engine.updateSummary({ ...indexing.summary, index: { ...indexing.summary.index, state: 'ready', indexedUntilMs: 18000 } });
    await playFor(sched, 1200);
    expect(engine.snapshot().buffering).toBe(false);
    expect(engine.currentTimeMs).toBeGreaterThan(4000);
    expect(live().state()).toBe(rec.truthAt(engine.currentTimeMs));
  });

  it('does not stay seeking or stuck when the display never reports a frame drawn', async () => {
    await engine.load(rec.summary, 0);
    FakeGuacScreen.loseFlushes = true;
    const done = engine.seek(4500);
    await settle();
    expect(engine.snapshot().seeking).toBe(true);
    sched.advance(10_000, 1000);
    await done;
    expect(engine.snapshot().seeking).toBe(false);
    expect(engine.currentTimeMs).toBe(4500);
    engine.play();
    await playFor(sched, 12_000);
    expect(engine.currentTimeMs).toBeGreaterThan(5000); // the clock was not held by lost flushes for good
  });

  it('refuses a terminal recording with a sentence, not a crash', async () => {
    await engine.load({ ...rec.summary, kind: 'terminal' } as never);
    expect(engine.state).toBe('error');
    expect(engine.snapshot().error?.message).toMatch(/not a display recording/);
  });
});

describe('GuacamoleEngine with part recordings', () => {
  it('starts each part from an empty display, when playing into it and when seeking into it', async () => {
    FakeGuacScreen.reset();
    const sched = new ManualScheduler();
    const rec = buildDisplayRecording({ id: 'parts', frames: FRAMES, framesPerChunk: 3, keyframeEvery: 2, resets: [2] });
    expect(rec.truthAt(4000)).not.toContain('a=3'); // the fake's own truth: part 2 starts empty
    const api = createFakeGuacApi([rec]);
    const engine = new GuacamoleEngine({ fetchChunk: displayChunks((req) => api.call('chunk', req)), createScreen: () => new FakeGuacScreen(), scheduler: sched });
    engine.mount(document.body.appendChild(document.createElement('div')));
    await engine.load(rec.summary, 3500);
    expect(live().state()).toBe(rec.truthAt(3500));
    engine.play();
    await playFor(sched, 800);
    expect(engine.currentTimeMs).toBeGreaterThanOrEqual(4000);
    expect(live().state()).toBe(rec.truthAt(engine.currentTimeMs));
    engine.pause();
    await engine.seek(5000);
    expect(live().state()).toBe(rec.truthAt(5000));
    expect(live().log[0]).toBe('paint(b,2)'); // nothing from part 1 was replayed
    // Between the parts (part 2's chunk starts at 3001, its first frame at 4000) the screen is empty,
    // whether one seeks there or plays into it.
    expect(rec.truthAt(3500)).toBe('0x0 ');
    // From a screen of part 1 (640x480), a spare display for the next seek is made, sized like it:
    // nothing sizes the screen before 3500 in part 2, so the seek must not use it.
    await engine.seek(2500);
    await playFor(sched, 600);
    expect(FakeGuacScreen.created.filter((s) => !s.disposed && !s.element.isConnected).map((s) => s.log)).toEqual([['size(0,640,480)']]);
    await engine.seek(3500);
    expect(live().state()).toBe('0x0 ');
    await engine.seek(2500);
    engine.play();
    await playFor(sched, 800);
    expect(engine.currentTimeMs).toBeGreaterThan(3001);
    expect(engine.currentTimeMs).toBeLessThan(4000);
    expect(live().state()).toBe(rec.truthAt(engine.currentTimeMs));
  });
});
