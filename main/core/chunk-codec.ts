/**
 * Binary form of a stored chunk (before deflate): JSON.stringify spends most of its time escaping the
 * control characters terminal output is full of, so events are length-prefixed UTF-8 instead.
 *   u32 keyframe JSON length, keyframe JSON (all but the state), u32 state length, state (UTF-8: the
 *   state is mostly escape sequences, which JSON would escape one by one),
 *   u32 event count, then per event: f64 timeMs, u8 code, u32 data length, data (UTF-8).
 * All little endian.
 */
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
