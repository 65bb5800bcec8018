/**
 * Binary form of a stored chunk (before deflate): JSON.stringify spends most of its time escaping the
 * control characters terminal output is full of, so events are length-prefixed UTF-8 instead.
 *   u32 keyframe JSON length, keyframe JSON,
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

export function encodeChunk(chunk: StoredChunk): Buffer {
  const kf = JSON.stringify(chunk.keyframe);
  let size = 8 + Buffer.byteLength(kf);
  for (const e of chunk.events) size += 13 + Buffer.byteLength(e.data);
  const buf = Buffer.allocUnsafe(size);
  let at = buf.writeUInt32LE(Buffer.byteLength(kf), 0);
  at += buf.write(kf, at);
  at = buf.writeUInt32LE(chunk.events.length, at);
  for (const e of chunk.events) {
    at = buf.writeDoubleLE(e.timeMs, at);
    at = buf.writeUInt8(CODE_BYTE[e.code] ?? 0, at);
    const len = buf.write(e.data, at + 4);
    buf.writeUInt32LE(len, at);
    at += 4 + len;
  }
  return buf;
}

export function decodeChunk(buf: Buffer): StoredChunk {
  const kfLen = buf.readUInt32LE(0);
  const keyframe = JSON.parse(buf.toString('utf8', 4, 4 + kfLen)) as Keyframe;
  let at = 4 + kfLen;
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
