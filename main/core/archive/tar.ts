/**
 * Tar listing in place: the headers are read where they are (512 bytes each, skipping over the data),
 * so a multi-GB tar is listed without reading its members. ustar, GNU (long names, base-256 sizes) and
 * pax (`path`, `size`, `linkpath`) headers; a member's data is the contiguous run after its header.
 */
import type { FileHandle } from 'node:fs/promises';
import { TrailviewError } from '../../../shared/errors';
import { readFully as readAt } from '../source';
import type { EntryType, RawEntry } from './types';

const BLOCK = 512;
/** Long-name and pax records are a few hundred bytes; anything bigger is not a tar we want to trust. */
const MAX_META_BYTES = 1024 * 1024;

function field(h: Uint8Array, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return Buffer.from(end < 0 ? raw : raw.subarray(0, end)).toString('utf8');
}

/** Octal ASCII, or GNU base-256 (high bit of the first byte set) for values past 8 GiB. */
function numeric(h: Uint8Array, start: number, length: number): number | undefined {
  if (h[start]! & 0x80) {
    let n = h[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) n = n * 256 + h[i]!;
    return n;
  }
  const text = field(h, start, length).trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

/** Whether 512 bytes are a tar header: its checksum field matches (unsigned or, for old tars, signed sum). */
export function isTarHeader(h: Uint8Array): boolean {
  if (h.length < BLOCK) return false;
  const stored = numeric(h, 148, 8);
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // An all-zero block sums to 256 (the blank checksum field) and stores 0: not a header.
  return stored !== 0 && (stored === unsigned || stored === signed);
}

function typeOf(flag: string): EntryType | 'meta' {
  switch (flag) {
    case '0':
    case '\0':
    case '':
    case '7':
      return 'file';
    case '5':
    case 'D':
      return 'dir';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
    case '4':
      return 'device';
    case '6':
      return 'fifo';
    case 'L':
    case 'K':
    case 'x':
    case 'g':
    case 'V':
      return 'meta';
    default:
      return 'other';
  }
}

/** pax records: `<length> <key>=<value>\n`, lengths in bytes. */
export function parsePax(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    if (space < 0) break;
    const len = Number(Buffer.from(bytes.subarray(at, space)).toString('latin1'));
    if (!Number.isInteger(len) || len <= space - at || at + len > bytes.length) break;
    const record = Buffer.from(bytes.subarray(space + 1, at + len - 1)).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}

export interface TarListing {
  entries: RawEntry[];
  /** Set when the listing stopped early: a damaged header or a member running past the end of the file. */
  problem?: string;
}

/** Lists a tar's entries by reading its headers in place. `name` is what messages call the file. */
export async function listTar(handle: FileHandle, sizeBytes: number, name: string): Promise<TarListing> {
  const entries: RawEntry[] = [];
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  for (let pos = 0; pos + BLOCK <= sizeBytes; ) {
    const h = await readAt(handle, pos, BLOCK);
    if (h.length < BLOCK) break;
    if (h.every((b) => b === 0)) break;
    if (!isTarHeader(h)) {
      if (entries.length === 0 && pos === 0) throw new TrailviewError('CORRUPT', `${name}: not a tar archive (bad header checksum at byte 0)`);
      return { entries, problem: `${name}: the tar header at byte ${pos} is damaged (bad checksum); the entries after it are not listed` };
    }
    const flag = String.fromCharCode(h[156]!);
    const headerSize = numeric(h, 124, 12);
    if (headerSize === undefined) return { entries, problem: `${name}: the tar header at byte ${pos} has an unreadable size; the entries after it are not listed` };
    const size = pax.size !== undefined && /^\d+$/.test(pax.size) ? Number(pax.size) : headerSize;
    const dataAt = pos + BLOCK;
    const next = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    const type = typeOf(flag);
    if (type === 'meta') {
      if (size > MAX_META_BYTES) throw new TrailviewError('CORRUPT', `${name}: a ${size}-byte tar name/pax record at byte ${pos}; refusing to read it`);
      if (dataAt + size > sizeBytes) return { entries, problem: `${name}: the archive ends inside the tar record at byte ${pos}` };
      const data = await readAt(handle, dataAt, size);
      if (flag === 'L') longName = field(data, 0, data.length);
      else if (flag === 'K') longLink = field(data, 0, data.length);
      else if (flag === 'x') pax = { ...pax, ...parsePax(data) };
      pos = next;
      continue;
    }
    // ustar splits long names into prefix + name; GNU uses the prefix bytes for other things.
    const ustar = field(h, 257, 6) === 'ustar';
    const prefix = ustar ? field(h, 345, 155) : '';
    const headerName = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const entryName = pax.path ?? longName ?? headerName;
    const linkName = pax.linkpath ?? longLink ?? field(h, 157, 100);
    const isData = type === 'file' || type === 'other';
    const entry: RawEntry = {
      name: entryName,
      type: type === 'file' && entryName.endsWith('/') ? 'dir' : type,
      sizeBytes: isData ? size : 0,
      method: 'stored',
      storedSizeBytes: isData ? size : 0,
      dataOffsetBytes: dataAt,
    };
    if (linkName && (type === 'symlink' || type === 'hardlink')) (entry as RawEntry & { linkName?: string }).linkName = linkName;
    entries.push(entry);
    longName = undefined;
    longLink = undefined;
    pax = {};
    pos = next;
    if (isData && dataAt + size > sizeBytes) {
      entry.sizeBytes = entry.storedSizeBytes = Math.max(0, sizeBytes - dataAt);
      return { entries, problem: `${name}: the archive ends inside member ${entryName} (${size} bytes declared, ${entry.sizeBytes} present)` };
    }
  }
  return { entries };
}
