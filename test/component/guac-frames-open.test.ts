/**
 * Video export of a Guacamole recording builds its first picture at the in-point from the core's keyframe:
 * if the keyframe pass (still running after the open) has not got there, it waits for it; only a pass
 * that stalls makes it replay from an earlier keyframe.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api';
import type { DisplayChunk, DisplaySummary } from '../../shared/model';
import { GuacFrames } from '../../renderer/export/guac-frames';
import { buildDisplayRecording, type Ins } from './fake-guac-api';
import { FakeGuacScreen, useFakeExportCanvas } from './fake-guac-screen';

/** 30 frames a second apart, 3 per chunk; frame i paints key `k<i%5>` with `v<i>`. */
const FRAMES: [number, Ins[]][] = Array.from({ length: 30 }, (_, i) => [i * 1000, i === 0 ? [['size', 0, 64, 48], ['paint', 'k0', 'v0']] : [['paint', `k${i % 5}`, `v${i}`]]]);
const spec = { id: 'kf', frames: FRAMES, framesPerChunk: 3, keyframeEvery: 1 };
/** As served while the keyframe pass has only done chunks 0-1, and once it is done. */
const early = buildDisplayRecording({ ...spec, keyframesBelow: 2 });
const done = buildDisplayRecording(spec);
const FROM_MS = 25_500;

useFakeExportCanvas();

function fetcher(served: () => DisplayChunk[]) {
  const asked: number[] = [];
  const fetch = async (req: { chunkIndex?: number; atMs?: number }): Promise<Result<DisplayChunk>> => {
    const chunks = served();
    const i = req.chunkIndex ?? chunks.findIndex((c) => c.startMs <= req.atMs! && (req.atMs! < c.endMs || c.last));
    asked.push(i);
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

  it('keyframes behind the in-point: waits for the pass to get there, then starts from its keyframe', async () => {
    let passDone = false;
    const f = fetcher(() => (passDone ? done.chunks : early.chunks));
    const reach = async (t: number) => {
      expect(t).toBe(FROM_MS);
      await new Promise((r) => setTimeout(r, 20));
      passDone = true;
    };
    const frames = await GuacFrames.open(summaryOf(2000), f.fetch, FROM_MS, 29_000, () => new FakeGuacScreen(), reach);
    expect(builtScreen().state()).toBe(done.truthAt(FROM_MS));
    expect(f.asked).not.toContain(1);
    expect(FakeGuacScreen.created).toHaveLength(1);
    frames.dispose();
  });

  it('keyframes behind the in-point and the pass stalls: replays from the last keyframe before it', async () => {
    const f = fetcher(() => early.chunks);
    const stalled = () => Promise.reject(new Error('keyframes stopped at 2000 ms'));
    const frames = await GuacFrames.open(summaryOf(2000), f.fetch, FROM_MS, 29_000, () => new FakeGuacScreen(), stalled);
    expect(builtScreen().state()).toBe(early.truthAt(FROM_MS));
    expect(f.asked).toContain(1);
    frames.dispose();
  });

  it('cancelled while waiting for keyframes: no screen is built', async () => {
    const f = fetcher(() => early.chunks);
    const cancelled = () => Promise.reject(Object.assign(new Error('the export was cancelled'), { code: 'CANCELLED' }));
    await expect(GuacFrames.open(summaryOf(2000), f.fetch, FROM_MS, 29_000, () => new FakeGuacScreen(), cancelled)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(FakeGuacScreen.created).toHaveLength(0);
    expect(f.asked).toEqual([]);
  });
});
