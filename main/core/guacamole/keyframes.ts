/**
 * The keyframe pass: replays a Guacamole recording's drawing through a software display (in this worker)
 * and, at chunk starts spaced KEYFRAME_BYTES apart, writes a prelude: protocol text that rebuilds the
 * whole display (layers, buffers, cursor) in a fresh client. The player restores a prelude and replays
 * at most ~KEYFRAME_BYTES of the recording to reach any time, on first open, without having played it.
 */
import { isAscii } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { TrailviewError } from '../../../shared/errors';
import { createGuacParser } from '../../../shared/formats/guacamole/parser';
import type { RawInstruction } from '../../../shared/formats/guacamole/types';
import { SlicedFeeder } from '../sliced-feed';
import type { GuacChunk } from './indexer';

/** Bytes of recording between keyframes: a seek replays at most about this much. */
export const KEYFRAME_BYTES = 128 * 1024;

/**
 * A keyframe at every chunk: a seek then replays one chunk at most. Measured in Chromium on a 12 MB dump,
 * four chunks per keyframe gave seeks of p95 ~640-890 ms, one chunk 60-160 ms.
 */
export function keyframeBytesFor(chunkBytes: number): number {
  return Math.min(KEYFRAME_BYTES, chunkBytes);
}
const READ_BYTES = 1024 * 1024;

/** What the pass needs from a display (the software display in ./display implements it). */
export interface KeyframeDisplay {
  apply(ins: RawInstruction): void;
  prelude(): string;
}

export interface KeyframePassOptions {
  /** The decompressed content: the plain source file, or the cache's segments.bin. */
  path: string;
  fileName: string;
  chunks: readonly GuacChunk[];
  /** A fresh display: one for the recording, and one more at every chunk that resets the display. */
  createDisplay(): Promise<KeyframeDisplay>;
  /** Least bytes between two keyframes (default KEYFRAME_BYTES). */
  keyframeBytes?: number;
  signal: AbortSignal;
  /** A prelude for chunk `chunkIndex` (the display as it was just before the chunk's first frame). */
  onPrelude(chunkIndex: number, prelude: string): void;
  /** Every point up to `timeMs` now has a keyframe close before it. */
  onProgress(timeMs: number): void;
}

/** Runs of chunks that share one display: the whole recording, or each part of a part recording. */
function displayRuns(chunks: readonly GuacChunk[]): GuacChunk[][] {
  const runs: GuacChunk[][] = [];
  for (const c of chunks) {
    if (runs.length === 0 || c.resetsDisplay) runs.push([]);
    runs[runs.length - 1]!.push(c);
  }
  return runs;
}

export async function runKeyframePass(o: KeyframePassOptions): Promise<void> {
  const handle = await open(o.path, 'r');
  try {
    for (const run of displayRuns(o.chunks)) await keyframeRun(o, run, handle);
  } finally {
    await handle.close();
  }
}

async function keyframeRun(o: KeyframePassOptions, chunks: GuacChunk[], handle: FileHandle): Promise<void> {
  const display = await o.createDisplay();
  const base = chunks[0]!.startOffset;
  let next = 1;
  let lastKeyframeOffset = base;
  let reported = 0;
  const sink = {
    instruction(ins: RawInstruction): void {
      const at = base + ins.offsetBytes;
      // Reached the first instruction of chunk `next`: the display holds everything before it.
      while (next < chunks.length && at >= chunks[next]!.startOffset) {
        const c = chunks[next]!;
        if (c.startOffset - lastKeyframeOffset >= (o.keyframeBytes ?? KEYFRAME_BYTES)) {
          o.onPrelude(c.chunkIndex, display.prelude());
          lastKeyframeOffset = c.startOffset;
        }
        next++;
      }
      display.apply(ins);
    },
    warning(): void {
      // The fast pass reported the recording's problems already.
    },
  };
  const parser = createGuacParser(sink, { isAscii });
  const feeder = new SlicedFeeder((bytes) => parser.push(bytes), o.signal, o.fileName);
  const end = chunks[chunks.length - 1]!.endOffset;
  for (let position = base; position < end; ) {
    const buf = Buffer.allocUnsafe(Math.min(READ_BYTES, end - position));
    const { bytesRead } = await handle.read(buf, 0, buf.length, position);
    if (bytesRead === 0) throw new TrailviewError('CORRUPT', `${o.fileName}: the content ends at ${position} bytes, before the last frame at ${end}`);
    position += bytesRead;
    feeder.enqueue(buf.subarray(0, bytesRead));
    await feeder.fed();
    // Everything before chunk `next - 1`'s start is covered by a keyframe at most keyframeBytes back.
    if (next - 1 > reported) {
      reported = next - 1;
      o.onProgress(chunks[reported]!.startMs);
    }
  }
  parser.end();
  o.onProgress(chunks[chunks.length - 1]!.endMs);
}
