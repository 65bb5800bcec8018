/**
 * Video export of a Guacamole recording builds its first picture at the in-point: from the core's
 * keyframe when there is one, else by replaying from an earlier keyframe, abandoned for the keyframe as
 * soon as the core's keyframe pass (still running after the open) reaches the in-point.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/api';
import type { DisplayChunk, DisplaySummary } from '../../shared/model';
import { GuacFrames } from '../../renderer/export/guac-frames';
import { buildDisplayRecording, type Ins } from './fake-guac-api';
import { FakeGuacScreen } from './fake-guac-screen';

/** 30 frames a second apart, 3 per chunk; frame i paints key `k<i%5>` with `v<i>`. */
const FRAMES: [number, Ins[]][] = Array.from({ length: 30 }, (_, i) => [i * 1000, i === 0 ? [['size', 0, 64, 48], ['paint', 'k0', 'v0']] : [['paint', `k${i % 5}`, `v${i}`]]]);
const spec = { id: 'kf', frames: FRAMES, framesPerChunk: 3, keyframeEvery: 1 };
/** As served while the keyframe pass has only done chunks 0-1, and once it is done. */
const early = buildDisplayRecording({ ...spec, keyframesBelow: 2 });
const done = buildDisplayRecording(spec);
const FROM_MS = 25_500;

beforeEach(() => {
  FakeGuacScreen.reset();
  // No canvas in the test DOM: the export's flattening canvas only needs to exist.
  vi.stubGlobal('OffscreenCanvas', undefined);
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ clearRect() {}, drawImage() {} } as never);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function fetcher(served: () => DisplayChunk[], gate?: () => Promise<void>) {
  const asked: number[] = [];
  const fetch = async (req: { chunkIndex?: number; atMs?: number }): Promise<Result<DisplayChunk>> => {
    const chunks = served();
    const i = req.chunkIndex ?? chunks.findIndex((c) => c.startMs <= req.atMs! && (req.atMs! < c.endMs || c.last));
    asked.push(i);
    if (gate && i > 0 && i < 8) await gate();
    return { ok: true, value: chunks[i]! };
  };
  return { fetch, asked };
}

const summaryOf = (seekableUntilMs: number): DisplaySummary => ({ ...early.summary, display: { ...early.summary.display, seekableUntilMs } });
const builtScreen = (): FakeGuacScreen => FakeGuacScreen.created.find((s) => !s.disposed)!;

describe('GuacFrames.open (video export of a Guacamole recording)', () => {
  it('with keyframes up to the in-point: starts from the keyframe, not from the start', async () => {
    const f = fetcher(() => done.chunks);
    const frames = await GuacFrames.open(summaryOf(done.summary.durationMs), f.fetch, FROM_MS, 29_000, () => new FakeGuacScreen());
    expect(builtScreen().state()).toBe(done.truthAt(FROM_MS));
    expect(f.asked).not.toContain(1);
    frames.dispose();
  });

  it('keyframes behind the in-point and never reaching it: replays from the last keyframe before it', async () => {
    const f = fetcher(() => early.chunks);
    const never = () => new Promise<void>(() => undefined);
    const frames = await GuacFrames.open(summaryOf(2000), f.fetch, FROM_MS, 29_000, () => new FakeGuacScreen(), never);
    expect(builtScreen().state()).toBe(early.truthAt(FROM_MS));
    expect(f.asked).toContain(1);
    frames.dispose();
  });

  it('keyframes behind the in-point that get there mid-replay: the replay is dropped for the keyframe', async () => {
    let passDone = false;
    let reach!: () => void;
    const reached = new Promise<void>((r) => (reach = r));
    // The replay's chunks come slowly; the pass finishes while chunk 2 is on its way.
    const f = fetcher(
      () => (passDone ? done.chunks : early.chunks),
      async () => {
        if (f.asked.length === 3) {
          passDone = true;
          reach();
        }
        await new Promise((r) => setTimeout(r, 5));
      },
    );
    const frames = await GuacFrames.open(summaryOf(2000), f.fetch, FROM_MS, 29_000, () => new FakeGuacScreen(), () => reached);
    const screen = builtScreen();
    expect(screen.state()).toBe(done.truthAt(FROM_MS));
    // The replayed screen was thrown away; the kept one began with the keyframe's prelude.
    expect(FakeGuacScreen.created.filter((s) => s.disposed).length).toBeGreaterThanOrEqual(1);
    expect(screen.log[0]).toBe('size(0,64,48)');
    expect(screen.log).not.toContain('paint(k1,v1)');
    frames.dispose();
  });
});
