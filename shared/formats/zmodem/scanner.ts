/**
 * Finds ZMODEM frames (lrzsz rz/sz, the "trz/tsz" of Xshell and SecureCRT) in one direction of a terminal
 * stream, as text (asciicast data: bytes decoded as UTF-8, invalid bytes as U+FFFD). Streaming: chunks
 * may split a frame anywhere and give the same frames.
 *
 * Only what a transfer timeline needs is read: the frame type of hex (`**␘B`) and binary (`*␘A`, `*␘C`)
 * headers, ZFILE's file name and size, and the 5-CAN abort. Frame data is not checked (no CRC): a
 * recording keeps what the terminal showed, and bytes above 0x7F may be lost in its UTF-8 decoding.
 */

export type ZFrameType =
  | 'ZRQINIT'
  | 'ZRINIT'
  | 'ZSINIT'
  | 'ZACK'
  | 'ZFILE'
  | 'ZSKIP'
  | 'ZNAK'
  | 'ZABORT'
  | 'ZFIN'
  | 'ZRPOS'
  | 'ZDATA'
  | 'ZEOF'
  | 'ZFERR'
  | 'ZCRC'
  | 'ZCHALLENGE'
  | 'ZCOMPL'
  | 'ZCAN'
  | 'ZFREECNT'
  | 'ZCOMMAND'
  | 'ZSTDERR';

const TYPES: ZFrameType[] = ['ZRQINIT', 'ZRINIT', 'ZSINIT', 'ZACK', 'ZFILE', 'ZSKIP', 'ZNAK', 'ZABORT', 'ZFIN', 'ZRPOS', 'ZDATA', 'ZEOF', 'ZFERR', 'ZCRC', 'ZCHALLENGE', 'ZCOMPL', 'ZCAN', 'ZFREECNT', 'ZCOMMAND', 'ZSTDERR'];

export interface ZFrame {
  /** 'CANCEL' is the 5 CAN bytes a side sends to abort the session. */
  type: ZFrameType | 'CANCEL';
  /** ZFILE: the name and size the sender announced. */
  file?: { name: string; sizeBytes?: number };
}

const ZDLE = '\x18';
/** Longest piece kept between chunks while a frame may be incomplete (a ZFILE subpacket holds a path). */
const MAX_PENDING = 2048;
const HEX_HEADER = /\*\x18B([0-9a-fA-F]{2})[0-9a-fA-F]{8}/g;
const FRAME_START = /\*\x18[ABC]|\x18\x18\x18\x18\x18/g;

export class ZmodemScanner {
  private pending = '';

  /** Frames completed by this piece of the stream, in order. */
  push(text: string): ZFrame[] {
    const data = this.pending + text;
    this.pending = '';
    const frames: ZFrame[] = [];
    let at = 0;
    /** Where the last frame ended: the tail kept for the next chunk never reaches back into it. */
    let consumed = 0;
    // Fast path: no ZDLE anywhere, no frame (but a "*" at the end may start one).
    if (data.indexOf(ZDLE) < 0) at = data.length;
    FRAME_START.lastIndex = 0;
    while (at < data.length) {
      FRAME_START.lastIndex = at;
      const m = FRAME_START.exec(data);
      if (!m) break;
      const start = m.index;
      if (m[0] === '\x18\x18\x18\x18\x18') {
        frames.push({ type: 'CANCEL' });
        let end = start + 5;
        while (data[end] === '\x18' || data[end] === '\b') end++;
        at = consumed = end;
        continue;
      }
      const parsed = parseHeader(data, start + 2);
      if (parsed === 'incomplete') {
        this.keep(data.slice(start));
        return frames;
      }
      if (!parsed) {
        at = start + 1;
        continue;
      }
      let end = parsed.end;
      const frame: ZFrame = { type: parsed.type };
      if (parsed.type === 'ZFILE') {
        const sub = readSubpacket(data, end);
        if (sub === 'incomplete') {
          this.keep(data.slice(start));
          return frames;
        }
        end = sub.end;
        frame.file = fileInfo(sub.bytes);
      }
      frames.push(frame);
      at = consumed = end;
    }
    // A frame start may be cut at the end: keep the last few characters if they could begin one.
    const tail = data.slice(Math.max(consumed, data.length - 3));
    const cut = tail.search(/\*$|\*\*$|\*\x18$|\x18+$/);
    if (cut >= 0) this.keep(tail.slice(cut));
    return frames;
  }

  private keep(s: string): void {
    // Something that never completes (a lone "*␘" in ordinary output) must not grow without end.
    this.pending = s.length > MAX_PENDING ? '' : s;
  }
}

/** Reads a header from just after `*␘`; returns where it ends. */
function parseHeader(data: string, at: number): { type: ZFrameType; end: number } | undefined | 'incomplete' {
  const kind = data[at];
  if (kind === undefined) return 'incomplete';
  if (kind === 'B') {
    // Hex header: the "*" before "*␘B" is part of it (ZPAD ZPAD); 2 hex type, 8 hex flags, 4 hex CRC, CR LF.
    if (data.length < at + 1 + 14) return 'incomplete';
    HEX_HEADER.lastIndex = at - 2;
    const m = HEX_HEADER.exec(data);
    if (!m || m.index !== at - 2) return undefined;
    const type = TYPES[parseInt(m[1]!, 16)];
    if (!type) return undefined;
    let end = at + 1 + 14;
    while (end < data.length && end < at + 1 + 18 && /[\r\n\x8a\x11\ufffd]/.test(data[end]!)) end++;
    return { type, end };
  }
  // Binary header: type + 4 flag bytes (ZDLE-escaped), then a 2 (A) or 4 (C) byte CRC, also escaped.
  const count = kind === 'A' ? 7 : 9;
  const bytes = unescape(data, at + 1, count);
  if (bytes === 'incomplete') return 'incomplete';
  const type = TYPES[bytes.values[0]!];
  if (!type) return undefined;
  return { type, end: bytes.end };
}

/** `count` bytes starting at `at`, undoing ZDLE escapes (ZDLE x -> x ^ 0x40). */
function unescape(data: string, at: number, count: number): { values: number[]; end: number } | 'incomplete' {
  const values: number[] = [];
  let i = at;
  while (values.length < count) {
    const c = data[i];
    if (c === undefined) return 'incomplete';
    if (c === ZDLE) {
      const next = data[i + 1];
      if (next === undefined) return 'incomplete';
      values.push(next.charCodeAt(0) ^ 0x40);
      i += 2;
    } else {
      values.push(c.charCodeAt(0));
      i += 1;
    }
  }
  return { values, end: i };
}

/** A data subpacket: escaped bytes up to ZDLE + ZCRCE/ZCRCG/ZCRCQ/ZCRCW ('h'..'k'), then its CRC. */
function readSubpacket(data: string, at: number): { bytes: string; end: number } | 'incomplete' {
  let out = '';
  for (let i = at; i < data.length; i++) {
    if (i - at > MAX_PENDING) return { bytes: out, end: i };
    const c = data[i]!;
    if (c !== ZDLE) {
      out += c;
      continue;
    }
    const next = data[i + 1];
    if (next === undefined) return 'incomplete';
    if (next >= 'h' && next <= 'k') {
      // The CRC that follows is skipped by the next search (it holds no frame start).
      return { bytes: out, end: i + 2 };
    }
    out += String.fromCharCode(next.charCodeAt(0) ^ 0x40);
    i++;
  }
  return 'incomplete';
}

/** ZFILE data: "name\0size mtime mode ..." (size and the rest optional). */
function fileInfo(bytes: string): { name: string; sizeBytes?: number } {
  const nul = bytes.indexOf('\0');
  const name = decodeLatin1Utf8(nul >= 0 ? bytes.slice(0, nul) : bytes);
  const rest = nul >= 0 ? bytes.slice(nul + 1) : '';
  const size = /^(\d+)/.exec(rest);
  return size ? { name, sizeBytes: Number(size[1]) } : { name };
}

/** Names arrive as text already (UTF-8 decoded by the recorder); escaped bytes above 0x7F may be raw UTF-8. */
function decodeLatin1Utf8(s: string): string {
  if (!/[\x80-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; ) {
    const b = s.charCodeAt(i);
    const n = b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : b < 0x80 ? 0 : -1;
    if (n < 0 || i + n >= s.length) return s;
    let cp = n === 0 ? b : b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = s.charCodeAt(i + k);
      if (!(c >= 0x80 && c < 0xc0)) return s;
      cp = (cp << 6) | (c & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}
