/**
 * Guacamole clip -> a Guacamole dump that plays on its own (Trailview, guacamole-common-js): a prelude
 * (main/core/guacamole/display/prelude.ts, the keyframe machinery) that restores every layer, buffer and
 * the cursor as they were at the in-point, ending in `sync,0`; then the recording's own frames up to the
 * out-point, unchanged but for their `sync` timestamps, rebased to the in-point (recording time minus
 * the in-point, so the spacing is kept). A last empty frame at the out-point makes the clip's duration
 * the range's.
 *
 * The in-point's display: the nearest keyframe's prelude, then the recording up to the last frame at or
 * before the in-point, replayed through the software display.
 */
import { isAscii } from 'node:buffer';
import { TrailviewError } from '../../../shared/errors';
import { encodeInstruction } from '../../../shared/formats/guacamole/encode';
import { createGuacParser } from '../../../shared/formats/guacamole/parser';
import { parseGuacText } from '../../../shared/formats/guacamole/text-parser';
import type { DisplayChunk } from '../../../shared/model';
import type { KeyframeDisplay } from '../guacamole/keyframes';
import type { ClipContext, ClipRange } from './types';

const SYNC = '4.sync,';
/** Share of the progress bar for rebuilding the in-point's display. */
const REPLAY_SHARE = 0.3;

/** Feeds protocol text to the display through the real streaming parser (as the keyframe pass does). */
function applyText(display: KeyframeDisplay, text: string): void {
  if (!text) return;
  const parser = createGuacParser({ instruction: (ins) => display.apply(ins), warning: () => undefined }, { isAscii });
  parser.push(Buffer.from(text, 'utf8'));
  parser.end();
}

/** Index of the last frame of `chunk` whose time is at or before `atMs` (-1: none). */
function lastFrameAtOrBefore(chunk: DisplayChunk, atMs: number): number {
  let last = -1;
  for (let i = 0; i < chunk.frameTimesMs.length && chunk.frameTimesMs[i]! <= atMs; i++) last = i;
  return last;
}

/** The frame's text with its closing `sync` given a new timestamp (other sync arguments kept). */
function rebasedFrame(text: string, timestampMs: number, where: string): string {
  const at = text.lastIndexOf(SYNC);
  if (at < 0) throw new TrailviewError('CORRUPT', `${where}: a frame does not end in a sync instruction`);
  let args: string[] | undefined;
  parseGuacText(text.slice(at), (ins) => (args ??= ins.args));
  if (!args) throw new TrailviewError('CORRUPT', `${where}: a frame's sync instruction does not parse`);
  return text.slice(0, at) + encodeInstruction('sync', [timestampMs, ...args.slice(1)]);
}

async function displayAt(ctx: ClipContext, chunk: DisplayChunk, fromMs: number): Promise<{ prelude: string; nextFrame: number }> {
  const display = await ctx.createDisplay();
  const keyChunk = chunk.keyframeChunk === chunk.chunkIndex ? chunk : ((await ctx.session.chunk({ chunkIndex: chunk.keyframeChunk })) as DisplayChunk);
  applyText(display, keyChunk.prelude ?? '');
  for (let k = keyChunk.chunkIndex; k < chunk.chunkIndex; k++) {
    ctx.signal.throwIfAborted();
    const c = k === keyChunk.chunkIndex ? keyChunk : ((await ctx.session.chunk({ chunkIndex: k })) as DisplayChunk);
    applyText(display, c.instructions);
    // Far from a keyframe (the keyframe pass has not got there yet) this replay is most of the work.
    ctx.progress((REPLAY_SHARE * (k - keyChunk.chunkIndex + 1)) / (chunk.chunkIndex - keyChunk.chunkIndex + 1));
  }
  const last = lastFrameAtOrBefore(chunk, fromMs);
  if (last >= 0) applyText(display, chunk.instructions.slice(0, chunk.frameEnds[last]));
  return { prelude: display.prelude() + encodeInstruction('sync', [0]), nextFrame: last + 1 };
}

/** Writes the clip through `write`; resolves with the number of frames written (the prelude's included). */
/**
 * Each part of a part recording starts from a fresh client (an empty display); a single dump has no
 * instruction for that, so a clip may not run from one part into the next: the range is refused, naming
 * where the next part starts, rather than exported with the previous part's layers left on screen.
 */
function checkPartBoundary(ctx: ClipContext, range: ClipRange): void {
  const parts = ctx.summary.parts ?? [];
  for (const [i, part] of parts.entries()) {
    if (i > 0 && part.startMs > range.fromMs && part.startMs <= range.toMs) {
      throw new TrailviewError(
        'BAD_REQUEST',
        `${ctx.summary.fileName}: the range ${range.fromMs}..${range.toMs} ms runs from part ${i} into part ${i + 1} (${part.name}), which starts at ${part.startMs} ms from an empty screen; a Guacamole clip cannot say that: export up to ${part.startMs} ms, or from it`,
      );
    }
  }
}

export async function writeGuacClip(ctx: ClipContext, range: ClipRange, write: (text: string) => Promise<void>): Promise<number> {
  const name = ctx.summary.fileName;
  checkPartBoundary(ctx, range);
  let chunk = (await ctx.session.chunk({ atMs: range.fromMs })) as DisplayChunk;
  const start = await displayAt(ctx, chunk, range.fromMs);
  await write(start.prelude);
  let frames = 1;
  let lastMs = 0;
  const spanMs = Math.round(range.toMs - range.fromMs);
  let firstFrame = start.nextFrame;
  for (;;) {
    ctx.signal.throwIfAborted();
    const pieces: string[] = [];
    let done = false;
    for (let i = firstFrame; i < chunk.frameTimesMs.length; i++) {
      const t = chunk.frameTimesMs[i]!;
      if (t > range.toMs) {
        done = true;
        break;
      }
      const rebased = Math.max(lastMs, Math.round(t - range.fromMs));
      pieces.push(rebasedFrame(chunk.instructions.slice(i === 0 ? 0 : chunk.frameEnds[i - 1], chunk.frameEnds[i]), rebased, name));
      lastMs = rebased;
      frames++;
    }
    await write(pieces.join(''));
    ctx.progress(REPLAY_SHARE + (1 - REPLAY_SHARE) * Math.min(1, (chunk.endMs - range.fromMs) / Math.max(1, range.toMs - range.fromMs)));
    if (done || chunk.last || chunk.endMs > range.toMs) break;
    chunk = (await ctx.session.chunk({ chunkIndex: chunk.chunkIndex + 1 })) as DisplayChunk;
    firstFrame = 0;
  }
  if (lastMs < spanMs) {
    await write(encodeInstruction('sync', [spanMs]));
    frames++;
  }
  return frames;
}
