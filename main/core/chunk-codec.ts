/**
 * Binary form of a stored chunk (before deflate): JSON.stringify spends most of its time escaping the
 * control characters terminal output is full of, so events are length-prefixed UTF-8 instead.
 *   u32 keyframe JSON length, keyframe JSON (all but the state), u32 state length, state (UTF-8: the
 *   state is mostly escape sequences, which JSON would escape one by one),
 *   u32 event count, then per event: f64 timeMs, u8 code, u32 data length, data (UTF-8).
 * All little endian.
 */
import { constants, createDeflateRaw, inflateRawSync, type DeflateRaw } from 'node:zlib';
import type { EventCode, Keyframe, TerminalEvent } from '../../shared/model';

export interface StoredChunk {
  keyframe: Keyframe;
  events: TerminalEvent[];
}

const CODES: EventCode[] = ['o', 'i', 'm', 'r', 'x'];
const CODE_BYTE: Record<string, number> = { o: 0, i: 1, m: 2, r: 3, x: 4 };

/** UTF-8 takes at most 3 bytes per UTF-16 code unit: sizing by that saves measuring every string first. */
const MAX_UTF8_PER_UNIT = 3;

export function encodeChunk(chunk: StoredChunk): Buffer {
  const { state, ...meta } = chunk.keyframe;
  const kf = JSON.stringify(meta);
  let size = 12 + MAX_UTF8_PER_UNIT * (kf.length + state.length);
  for (const e of chunk.events) size += 13 + MAX_UTF8_PER_UNIT * e.data.length;
  const buf = Buffer.allocUnsafe(size);
  let at = 4;
  let len = buf.write(kf, at);
  buf.writeUInt32LE(len, 0);
  at += len;
  len = buf.write(state, at + 4);
  at = buf.writeUInt32LE(len, at) + len;
  at = buf.writeUInt32LE(chunk.events.length, at);
  for (const e of chunk.events) {
    at = buf.writeDoubleLE(e.timeMs, at);
    at = buf.writeUInt8(CODE_BYTE[e.code] ?? 0, at);
    len = buf.write(e.data, at + 4);
    buf.writeUInt32LE(len, at);
    at += 4 + len;
  }
  return buf.subarray(0, at);
}

export function decodeChunk(buf: Buffer): StoredChunk {
  const kfLen = buf.readUInt32LE(0);
  const meta = JSON.parse(buf.toString('utf8', 4, 4 + kfLen)) as Omit<Keyframe, 'state'>;
  let at = 4 + kfLen;
  const stateLen = buf.readUInt32LE(at);
  const keyframe: Keyframe = { ...meta, state: buf.toString('utf8', at + 4, at + 4 + stateLen) };
  at += 4 + stateLen;
  const count = buf.readUInt32LE(at);
  at += 4;
  const events: TerminalEvent[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const timeMs = buf.readDoubleLE(at);
    const code = CODES[buf.readUInt8(at + 8)] ?? 'o';
    const len = buf.readUInt32LE(at + 9);
    at += 13;
    events[i] = { timeMs, code, data: buf.toString('utf8', at, at + len) };
    at += len;
  }
  if (at !== buf.length) throw new Error(`chunk data has ${buf.length - at} bytes left over`);
  return { keyframe, events };
}

/**
 * Compresses chunks through a few long-lived raw deflate streams (round robin) that end every write with
 * a full flush: the flush resets the compressor and byte-aligns, so each chunk's bytes inflate on their
 * own (see inflateChunk). A fresh deflateRaw() per chunk costs the indexing thread ~0.3-0.7 ms in set-up
 * and callbacks, ~5% of indexing at 15 chunks per MB. Each write needs a turn of the (busy) event loop to
 * complete, so one stream alone would fall behind the indexer: several advance side by side.
 */
export class ChunkDeflater {
  private readonly lanes: { stream: DeflateRaw; parts: Buffer[] }[];
  private next = 0;
  private failure: unknown;

  constructor(level: number, lanes = 4) {
    this.lanes = Array.from({ length: lanes }, () => {
      // 64 KiB of output per round: a compressed chunk mostly fits, so one write is one thread-pool trip.
      const lane = { stream: createDeflateRaw({ level, flush: constants.Z_FULL_FLUSH, chunkSize: 64 * 1024 }), parts: [] as Buffer[] };
      lane.stream.on('data', (b: Buffer) => lane.parts.push(b));
      lane.stream.on('error', (e) => (this.failure ??= e));
      return lane;
    });
  }

  /** Resolves with `data` compressed (rejects if the stream broke). */
  deflate(data: Uint8Array): Promise<Buffer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const lane = this.lanes[this.next++ % this.lanes.length]!;
    return new Promise<Buffer>((resolve, reject) => {
      // A write's callback comes after all the output it produced and before any of the next write's.
      lane.stream.write(data, (err) => {
        if (err) return reject(err);
        const out = lane.parts.length === 1 ? lane.parts[0]! : Buffer.concat(lane.parts);
        lane.parts = [];
        resolve(out);
      });
    });
  }

  close(): void {
    for (const lane of this.lanes) lane.stream.close();
  }
}

/** A stored chunk's bytes back: a deflate stream that may end in a flush instead of a final block. */
export function inflateChunk(stored: Uint8Array): Buffer {
  return inflateRawSync(stored, { finishFlush: constants.Z_SYNC_FLUSH });
}
