/**
 * Test helpers that rebuild MP4 files from real ones (no ffmpeg here): move the moov before the media
 * data (faststart) fixing every chunk offset, turn the H.264 / MPEG-4 sample entry into an HEVC one, cut a
 * file short. Written from ISO/IEC 14496-12 independently of the probe under test (no shared code).
 */

export interface Box {
  type: string;
  /** Payload bytes before the children (a full box's version/flags, a sample entry's fixed fields). */
  pre: Buffer;
  children?: Box[];
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'dinf', 'edts', 'mvex', 'moof', 'traf']);
const PREFIX: Record<string, number> = { stsd: 8, avc1: 78, avc3: 78, hvc1: 78, hev1: 78, mp4v: 78 };

export function parse(buf: Buffer, from = 0, to = buf.length): Box[] {
  const out: Box[] = [];
  for (let at = from; at + 8 <= to; ) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    let head = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(at + 8));
      head = 16;
    } else if (size === 0) size = to - at;
    const body = buf.subarray(at + head, at + size);
    const prefix = CONTAINERS.has(type) ? 0 : PREFIX[type];
    out.push(prefix === undefined ? { type, pre: Buffer.from(body) } : { type, pre: Buffer.from(body.subarray(0, prefix)), children: parse(body, prefix, body.length) });
    at += size;
  }
  return out;
}

export function serialize(boxes: Box[]): Buffer {
  return Buffer.concat(
    boxes.map((b) => {
      const body = Buffer.concat([b.pre, ...(b.children ? [serialize(b.children)] : [])]);
      const head = Buffer.alloc(8);
      head.writeUInt32BE(body.length + 8);
      head.write(b.type, 4, 'latin1');
      return Buffer.concat([head, body]);
    }),
  );
}

export function walk(boxes: Box[], fn: (b: Box) => void): void {
  for (const b of boxes) {
    fn(b);
    if (b.children) walk(b.children, fn);
  }
}

/** Adds `delta` to every stco / co64 chunk offset (after the media data moves). */
function shiftChunkOffsets(moov: Box, delta: number): void {
  walk([moov], (b) => {
    if (b.type === 'stco') for (let i = 0; i < b.pre.readUInt32BE(4); i++) b.pre.writeUInt32BE(b.pre.readUInt32BE(8 + 4 * i) + delta, 8 + 4 * i);
    if (b.type === 'co64') for (let i = 0; i < b.pre.readUInt32BE(4); i++) b.pre.writeBigUInt64BE(b.pre.readBigUInt64BE(8 + 8 * i) + BigInt(delta), 8 + 8 * i);
  });
}

/** The same movie with the moov right after the ftyp (what `ffmpeg -movflags +faststart` does). */
export function toFaststart(file: Buffer): Buffer {
  const top = parse(file);
  const moov = top.find((b) => b.type === 'moov')!;
  const rest = top.filter((b) => b !== moov);
  const ftyp = rest.findIndex((b) => b.type === 'ftyp');
  shiftChunkOffsets(moov, serialize([moov]).length);
  rest.splice(ftyp + 1, 0, moov);
  return serialize(rest);
}

/**
 * An hvcC (HEVCDecoderConfigurationRecord) for Main profile, level 3.1, tier Main, constraint byte 0xB0 and
 * no parameter sets: its codec string is hvc1.1.6.L93.B0 (ISO/IEC 14496-15 annex E).
 */
export const HVCC_MAIN_L93 = Buffer.from([0x01, 0x01, 0x60, 0, 0, 0, 0xb0, 0, 0, 0, 0, 0, 93, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]);

/** The video sample entry renamed to hvc1, its avcC / esds replaced by `hvcC`: the browser is told HEVC. */
export function toFakeHevc(file: Buffer, hvcC = HVCC_MAIN_L93): Buffer {
  const top = parse(file);
  walk(top, (b) => {
    if (b.type === 'avc1' || b.type === 'mp4v') {
      b.type = 'hvc1';
      b.children = b.children!.map((c) => (c.type === 'avcC' || c.type === 'esds' ? { type: 'hvcC', pre: Buffer.from(hvcC) } : c));
    }
  });
  return serialize(top);
}

/** Top-level box types and offsets (to check where the moov went). */
export function layout(file: Buffer): { type: string; offsetBytes: number }[] {
  const out: { type: string; offsetBytes: number }[] = [];
  for (let at = 0; at + 8 <= file.length; ) {
    const size = file.readUInt32BE(at);
    out.push({ type: file.toString('latin1', at + 4, at + 8), offsetBytes: at });
    if (size < 8) break;
    at += size;
  }
  return out;
}

/** The same movie with its mdat header in the 64-bit form (size 1 + largesize), chunk offsets moved by 8. */
export function withLargeMdat(file: Buffer): Buffer {
  const top = parse(file);
  const out: Buffer[] = [];
  for (const b of top) {
    if (b.type === 'moov') shiftChunkOffsets(b, 8);
  }
  for (const b of top) {
    if (b.type !== 'mdat') {
      out.push(serialize([b]));
      continue;
    }
    const head = Buffer.alloc(16);
    head.writeUInt32BE(1);
    head.write('mdat', 4, 'latin1');
    head.writeBigUInt64BE(BigInt(16 + b.pre.length), 8);
    out.push(head, b.pre);
  }
  return Buffer.concat(out);
}
