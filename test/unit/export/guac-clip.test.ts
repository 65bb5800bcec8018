/**
 * Guacamole clips, in Node: the clip rendered by a software display from its start shows at clip time t
 * the same pixels (and cursor) as the source rendered from ITS start at in + t. Corpus dumps, cut into
 * small chunks so the in-point's display comes from a keyframe plus a replay, not from the file's start.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGuacText } from '../../../shared/formats/guacamole/text-parser';
import { SoftDisplay, viewOf } from '../../../main/core/guacamole/display/soft-display';
import { SessionRouter } from '../../../main/core/session-router';
import { corpusFiles } from '../guac-display/corpus-helpers';
import { inlineCore, tempDir } from '../core/helpers/temp';

const core = inlineCore();
beforeAll(() => {
  SessionRouter.guacLayout = { chunkBytes: 16 * 1024, keyframeBytes: 16 * 1024 };
});
afterAll(async () => {
  SessionRouter.guacLayout = undefined;
  await core.dispose();
});

interface Frame {
  timeMs: number;
  instructions: [string, string[]][];
}

/** A dump's frames with times as the indexer counts them: from the first sync, never going back. */
function framesOf(text: string): Frame[] {
  const frames: Frame[] = [];
  let pending: [string, string[]][] = [];
  let origin: number | undefined;
  let last = 0;
  parseGuacText(text, (ins) => {
    pending.push([ins.opcode, ins.args]);
    if (ins.opcode !== 'sync') return;
    const raw = Number(ins.args[0]);
    origin ??= raw;
    last = Math.max(last, raw - origin);
    frames.push({ timeMs: last, instructions: pending });
    pending = [];
  });
  return frames;
}

/** A software display that plays frames forward to any later time. */
class Player {
  private next = 0;
  private constructor(readonly display: SoftDisplay, private readonly frames: Frame[]) {}
  static async of(frames: Frame[]): Promise<Player> {
    return new Player(await SoftDisplay.create(), frames);
  }
  playTo(atMs: number): void {
    while (this.next < this.frames.length && this.frames[this.next]!.timeMs <= atMs) {
      for (const [op, args] of this.frames[this.next++]!.instructions) this.display.apply(viewOf(op, args));
    }
  }
  picture(): { width: number; height: number; rgba: Uint8ClampedArray; cursor: string } {
    const d = this.display;
    const cursor = `${d.cursorHotspotX},${d.cursorHotspotY} ${d.cursor.width}x${d.cursor.height} ${JSON.stringify(d.mouse)}`;
    return { ...d.flatten(), cursor };
  }
}

function differing(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) n++;
  return n;
}

const files = corpusFiles();

describe.skipIf(files.length === 0)('Guacamole clips of corpus dumps', () => {
  for (const path of files) {
    const name = path.split('/').pop()!;
    it(`${name}: the clip's pixels at t are the source's at in + t`, async () => {
      const summary = await core.whenIndexed((await core.open(path)).id);
      const sourceFrames = framesOf(readFileSync(path, 'utf8'));
      const durationMs = summary.durationMs;
      for (const [fromMs, toMs] of [[Math.round(durationMs * 0.4) + 0.5, Math.round(durationMs * 0.8)], [0, Math.round(durationMs / 2)], [Math.round(durationMs * 0.7), durationMs]] as const) {
        const outPath = join(tempDir('tv-guac-clip-'), 'clip.guac');
        await core.exportClip(summary.id, { fromMs, toMs, format: 'guac', outPath });
        const clipText = readFileSync(outPath, 'utf8');
        const clipFrames = framesOf(clipText);
        expect(clipFrames[0]!.timeMs).toBe(0);
        expect(clipFrames[clipFrames.length - 1]!.timeMs, 'duration').toBe(Math.round(toMs - fromMs));

        const src = await Player.of(sourceFrames);
        const clip = await Player.of(clipFrames);
        const times = [...new Set(clipFrames.map((f) => f.timeMs))];
        const step = Math.max(1, Math.floor(times.length / 10));
        let compared = 0;
        for (const t of times.filter((_, i) => i % step === 0 || i === times.length - 1)) {
          src.playTo(fromMs + t);
          clip.playTo(t);
          const a = src.picture();
          const b = clip.picture();
          const where = `${name} ${fromMs}..${toMs} at clip ${t} ms`;
          expect([b.width, b.height], where).toEqual([a.width, a.height]);
          expect(differing(a.rgba, b.rgba), `${where}: differing pixels`).toBe(0);
          expect(b.cursor, `${where}: cursor`).toBe(a.cursor);
          compared++;
        }
        expect(compared).toBeGreaterThan(1);
        // The clip is a recording Trailview opens and plays on its own, as long as the range.
        const reopened = await core.whenIndexed((await core.open(outPath)).id);
        expect(reopened.kind).toBe('display');
        expect(reopened.durationMs).toBe(Math.round(toMs - fromMs));
      }
    });
  }
});

describe.skipIf(files.length < 2)('Guacamole clips of part recordings', () => {
  it('a clip inside one part plays like that part; a range across a part boundary is refused, naming it', async () => {
    const sid = 'e32248ce-2dc8-43c8-b37e-a61d5ee32176';
    const dir = tempDir('tv-guac-parts-');
    const sources = files.slice(0, 2);
    const names = sources.map((_, i) => `${sid}.${i}.part.gz`);
    sources.forEach((src, i) => writeFileSync(join(dir, names[i]!), gzipSync(readFileSync(src))));
    const manifest = join(dir, `${sid}.replay.json`);
    writeFileSync(manifest, JSON.stringify({ id: sid, files: names.map((n) => ({ name: n })) }));
    const summary = await core.whenIndexed((await core.open(manifest)).id);
    const second = summary.parts![1]!;
    const outPath = join(dir, 'clip.guac');
    await expect(core.exportClip(summary.id, { fromMs: second.startMs - 1000, toMs: second.startMs + 1000, format: 'guac', outPath })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(`starts at ${second.startMs} ms`),
    });
    expect(existsSync(outPath)).toBe(false);

    // Inside the second part: the same pixels as that part's own file played from its start.
    const fromMs = second.startMs + Math.round(second.durationMs / 2);
    await core.exportClip(summary.id, { fromMs, toMs: second.startMs + second.durationMs, format: 'guac', outPath });
    const own = await Player.of(framesOf(readFileSync(sources[1]!, 'utf8')));
    const clip = await Player.of(framesOf(readFileSync(outPath, 'utf8')));
    own.playTo(fromMs - second.startMs);
    clip.playTo(0);
    expect(differing(own.picture().rgba, clip.picture().rgba)).toBe(0);
  });
});
