/**
 * The mouse pointer of a Guacamole recording in its video export: a frame that only moves the pointer
 * (or changes its image) is a change to encode; the pointer handed to the exporter with each picture is
 * the one of that picture's time (hidden until a `mouse` instruction, placed by the hotspot), even while
 * later frames are already being fed.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/api';
import type { DisplayChunk } from '../../shared/model';
import { GuacFrames } from '../../renderer/export/guac-frames';
import type { PointerSprite } from '../../renderer/export/mouse-pointer';
import { buildDisplayRecording, type Ins } from './fake-guac-api';
import { FakeGuacScreen, useFakeExportCanvas } from './fake-guac-screen';

const ARROW = 'cursor:-1,0,0,8,8';
const DOT = 'cursor:-1,8,0,4,4';
const FRAMES: [number, Ins[]][] = [
  // The image is set before the mouse has been anywhere: nothing is shown yet.
  [0, [['size', 0, 64, 48], ['paint', 'k0', 'v0'], ['cursor', 2, 3, -1, 0, 0, 8, 8]]],
  [1000, [['paint', 'k1', 'v1']]],
  [2000, [['mouse', 10, 20, 0, 2000]]],
  [3000, [['key', 97, 1, 3000]]],
  [4000, [['mouse', 30, 5, 1, 4000]]],
  [5000, [['cursor', 0, 0, -1, 8, 0, 4, 4]]],
  [6000, [['paint', 'k2', 'v2']]],
  [7000, [['mouse', 30, 5, 0, 7000]]],
];
const rec = buildDisplayRecording({ id: 'ptr', frames: FRAMES, framesPerChunk: 3 });

useFakeExportCanvas();

const fetch = async (req: { chunkIndex?: number; atMs?: number }): Promise<Result<DisplayChunk>> => {
  const i = req.chunkIndex ?? rec.chunks.findIndex((c) => c.startMs <= req.atMs! && (req.atMs! < c.endMs || c.last));
  return { ok: true, value: rec.chunks[i]! };
};

const open = () => GuacFrames.open(rec.summary, fetch, 0, 7500, () => new FakeGuacScreen());

/** What matters of a sprite: where, how big, which image. */
function seen(p: PointerSprite | null | undefined): string {
  return p ? `${(p.image as HTMLCanvasElement).id} ${p.width}x${p.height} at ${p.x},${p.y}` : 'none';
}

describe('GuacFrames: the mouse pointer', () => {
  it('counts frames that move the pointer or change its image as changes, not input alone', async () => {
    const frames = await open();
    const times: number[] = [];
    for (let t = await frames.nextChange(0); t !== null; t = await frames.nextChange(t)) times.push(t);
    expect(times).toEqual([1000, 2000, 4000, 5000, 6000, 7000]);
    frames.dispose();
  });

  it('hidden until a mouse instruction, then the image with its hotspot at the mouse position', async () => {
    const frames = await open();
    const at: string[] = [];
    const painted: boolean[] = [];
    at.push(seen(frames.pointer));
    for (const t of [1000, 2000, 4000, 5000, 6000, 7000]) {
      painted.push(await frames.advanceTo(t));
      at.push(seen(frames.pointer));
    }
    expect(at).toEqual([
      'none',
      'none',
      `${ARROW} 8x8 at 8,17`,
      `${ARROW} 8x8 at 28,2`,
      `${DOT} 4x4 at 30,5`,
      `${DOT} 4x4 at 30,5`,
      `${DOT} 4x4 at 30,5`,
    ]);
    // The picture itself only changes where something is painted.
    expect(painted).toEqual([true, false, false, false, true, false]);
    frames.dispose();
  });

  it('a new image at the same place gets a new image version; an unchanged pointer keeps its own', async () => {
    const frames = await open();
    await frames.advanceTo(4000);
    const before = frames.pointer!.imageVersion;
    await frames.advanceTo(5000);
    const changed = frames.pointer!.imageVersion;
    await frames.advanceTo(7000);
    expect(changed).not.toBe(before);
    expect(frames.pointer!.imageVersion).toBe(changed);
    frames.dispose();
  });

  it('pipelined captures: each picture comes with the pointer of its own time', async () => {
    const frames = await open();
    FakeGuacScreen.holdFlushes = true;
    const at: string[] = [];
    const captures = [2000, 4000, 5000].map((t) => frames.capture(t, () => at.push(seen(frames.pointer))));
    await Promise.all(captures);
    // Everything is fed (the fake screen's mouse is at its last place) before anything is drawn.
    expect(at).toEqual([]);
    FakeGuacScreen.release();
    await vi.waitFor(() => expect(at).toHaveLength(3));
    expect(at).toEqual([`${ARROW} 8x8 at 8,17`, `${ARROW} 8x8 at 28,2`, `${DOT} 4x4 at 30,5`]);
    frames.dispose();
  });
});
