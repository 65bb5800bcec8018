/**
 * The keyframe pass: replays a Guacamole recording's drawing through a software display (in this worker)
 * and, at chunk starts spaced KEYFRAME_BYTES apart, writes a prelude: protocol text that rebuilds the
 * whole display (layers, buffers, cursor) in a fresh client. The player restores a prelude and replays
 * at most ~KEYFRAME_BYTES of the recording to reach any time, on first open, without having played it.
 */
import { open } from 'node:fs/promises';
import { TrailviewError } from '../../../shared/errors';
import { createGuacParser } from '../../../shared/formats/guacamole/parser';
import type { RawInstruction } from '../../../shared/formats/guacamole/types';
import { SlicedFeeder } from '../sliced-feed';
import type { GuacChunk } from './indexer';

/** Bytes of recording between keyframes: a seek replays at most about this much. */
export const KEYFRAME_BYTES = 4 * 1024 * 1024;

/** Four chunks between keyframes, at most KEYFRAME_BYTES: small recordings get keyframes too. */
export function keyframeBytesFor(chunkBytes: number): number {
  return Math.min(KEYFRAME_BYTES, 4 * chunkBytes);
}
const READ_BYTES = 1024 * 1024;

/** What the pass needs from a display (the software display in ./display implements it). */
export interface KeyframeDisplay {
  apply(ins: RawInstruction): void;
  prelude(): string;
}

export interface KeyframePassOptions {
  /** The decompressed content: the plain source file, or a gzip source's segments.bin. */
  path: string;
  fileName: string;
  chunks: readonly GuacChunk[];
  display: KeyframeDisplay;
  /** Least bytes between two keyframes (default KEYFRAME_BYTES). */
  keyframeBytes?: number;
  signal: AbortSignal;
  /** A prelude for chunk `chunkIndex` (the display as it was just before the chunk's first frame). */
  onPrelude(chunkIndex: number, prelude: string): void;
  /** Every point up to `timeMs` now has a keyframe close before it. */
  onProgress(timeMs: number): void;
}

export async function runKeyframePass(o: KeyframePassOptions): Promise<void> {
  const chunks = o.chunks;
  let next = 1;
  let lastKeyframeOffset = 0;
  let reportedChunk = 0;
  const sink = {
    instruction(ins: RawInstruction): void {
      // Reached the first instruction of chunk `next`: the display holds everything before it.
      while (next < chunks.length && ins.offsetBytes >= chunks[next]!.startOffset) {
        const c = chunks[next]!;
        if (c.startOffset - lastKeyframeOffset >= (o.keyframeBytes ?? KEYFRAME_BYTES)) {
          o.onPrelude(next, o.display.prelude());
          lastKeyframeOffset = c.startOffset;
        }
        next++;
      }
      o.display.apply(ins);
    },
    warning(): void {
      // The fast pass reported the recording's problems already.
    },
  };
  const parser = createGuacParser(sink);
  const feeder = new SlicedFeeder((bytes) => parser.push(bytes), o.signal, o.fileName);
  const end = chunks.length ? chunks[chunks.length - 1]!.endOffset : 0;
  const handle = await open(o.path, 'r');
  try {
    for (let position = 0; position < end; ) {
      const buf = Buffer.allocUnsafe(Math.min(READ_BYTES, end - position));
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) throw new TrailviewError('CORRUPT', `${o.fileName}: the content ends at ${position} bytes, before the last frame at ${end}`);
      position += bytesRead;
      feeder.enqueue(buf.subarray(0, bytesRead));
      await feeder.fed();
      // Everything before chunk `next - 1`'s start is covered by a keyframe at most KEYFRAME_BYTES back.
      if (next - 1 > reportedChunk) {
        reportedChunk = next - 1;
        o.onProgress(chunks[reportedChunk]!.startMs);
      }
    }
    parser.end();
  } finally {
    await handle.close();
  }
}
