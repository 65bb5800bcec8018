/**
 * ISO BMFF (MP4) boxes: headers read from a file by range (the top level, skipping media data without
 * reading it), and children walked inside a box already in memory (the moov, a moof).
 */
import type { SourceReader } from './source-reader';

export interface BoxHeader {
  type: string;
  /** Where the box starts (relative to the source or the buffer). */
  offsetBytes: number;
  headerBytes: number;
  /** Whole box, header included. Past the end of the data when the box was cut short. */
  sizeBytes: number;
}

/** Box header at `at` in `b` (up to `end`), or undefined when there is no room for one. */
export function headerAt(b: Uint8Array, at: number, end: number): BoxHeader | undefined {
  if (at + 8 > end) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let size = dv.getUint32(at);
  const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
  let headerBytes = 8;
  if (size === 1) {
    if (at + 16 > end) return undefined;
    size = Number(dv.getBigUint64(at + 8));
    headerBytes = 16;
  } else if (size === 0) {
    size = end - at;
  }
  if (size < headerBytes) return undefined;
  return { type, offsetBytes: at, headerBytes, sizeBytes: size };
}

/** The boxes directly inside [from, to) of an in-memory buffer. */
export function children(b: Uint8Array, from: number, to: number): BoxHeader[] {
  const out: BoxHeader[] = [];
  for (let at = from; ; ) {
    const h = headerAt(b, at, to);
    if (!h) return out;
    out.push(h);
    at += h.sizeBytes;
  }
}

export function payload(b: Uint8Array, box: BoxHeader): Uint8Array {
  return b.subarray(box.offsetBytes + box.headerBytes, Math.min(b.length, box.offsetBytes + box.sizeBytes));
}

/** First child of `type` along a path of types, e.g. ['trak', 'mdia', 'mdhd']. */
export function find(b: Uint8Array, box: BoxHeader, path: string[]): BoxHeader | undefined {
  let cur: BoxHeader | undefined = box;
  for (const type of path) {
    if (!cur) return undefined;
    cur = children(b, cur.offsetBytes + cur.headerBytes, Math.min(b.length, cur.offsetBytes + cur.sizeBytes)).find((c) => c.type === type);
  }
  return cur;
}

export function findAll(b: Uint8Array, box: BoxHeader, type: string): BoxHeader[] {
  return children(b, box.offsetBytes + box.headerBytes, Math.min(b.length, box.offsetBytes + box.sizeBytes)).filter((c) => c.type === type);
}

/** The top-level boxes of a source, read header by header (media data is skipped, not read). */
export async function topLevelBoxes(reader: SourceReader): Promise<BoxHeader[]> {
  const out: BoxHeader[] = [];
  for (let at = 0; at < reader.sizeBytes; ) {
    const head = await reader.read(at, 16);
    const h = headerAt(head, 0, reader.sizeBytes - at);
    if (!h) break;
    out.push({ ...h, offsetBytes: at });
    at += h.sizeBytes;
  }
  return out;
}
