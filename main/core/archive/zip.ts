/**
 * Zip listing from the central directory, read in place (jszip loads a whole archive into memory, which a
 * multi-GB zip of clips must never be): the end record, zip64 records when sizes or offsets pass 4 GiB,
 * then one central-directory record per entry. Stored members are contiguous runs of the file.
 */
import type { FileHandle } from 'node:fs/promises';
import { TrailviewError } from '../../../shared/errors';
import { readFully as readAt } from '../source';
import type { EntryType, RawEntry } from './types';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A central directory past this is not an archive of recordings (~500k entries). */
const MAX_CENTRAL_BYTES = 64 * 2 ** 20;

/** Whether a head starts like a zip: a local file header, or the end record of an empty zip. */
export function looksLikeZip(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  return (head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6);
}

function u64(b: Buffer, at: number): number {
  return Number(b.readBigUInt64LE(at));
}

/** Unix mode bits (made on Unix) or the DOS directory attribute decide the entry's type. */
function entryType(madeBy: number, external: number, name: string): EntryType {
  if ((madeBy >> 8) === 3) {
    const fmt = (external >>> 16) & 0o170000;
    if (fmt === 0o120000) return 'symlink';
    if (fmt === 0o040000) return 'dir';
    if (fmt === 0o020000 || fmt === 0o060000) return 'device';
    if (fmt === 0o010000) return 'fifo';
    if (fmt === 0o140000) return 'other';
  }
  if (name.endsWith('/') || name.endsWith('\\') || (external & 0x10) !== 0) return 'dir';
  return 'file';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bit 11 marks UTF-8 names; unmarked ones are CP437 in theory, but tools mostly write UTF-8 anyway. */
function decodeName(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

export async function listZip(handle: FileHandle, sizeBytes: number, name: string): Promise<RawEntry[]> {
  const tailLength = Math.min(sizeBytes, 22 + 0xffff + 20);
  const tail = await readAt(handle, sizeBytes - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new TrailviewError('CORRUPT', `${name}: a zip archive without its central directory (cut short?): its members cannot be listed`);
  let count = tail.readUInt16LE(eocd + 10);
  let centralSize = tail.readUInt32LE(eocd + 12);
  let centralOffset = tail.readUInt32LE(eocd + 16);
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) {
    throw new TrailviewError('UNSUPPORTED_FORMAT', `${name}: a multi-volume (split) zip archive; join its parts first`);
  }
  if (count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    const locatorAt = eocd - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR) throw new TrailviewError('CORRUPT', `${name}: a zip64 archive without its zip64 locator`);
    const recordAt = u64(tail, locatorAt + 8);
    const record = await readAt(handle, recordAt, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw new TrailviewError('CORRUPT', `${name}: the zip64 end record at byte ${recordAt} is damaged`);
    count = u64(record, 32);
    centralSize = u64(record, 40);
    centralOffset = u64(record, 48);
  }
  if (centralSize > MAX_CENTRAL_BYTES) throw new TrailviewError('TOO_LARGE', `${name}: its zip central directory is ${centralSize} bytes (${count} entries); more than ${MAX_CENTRAL_BYTES / 2 ** 20} MiB is not read`);
  if (centralOffset + centralSize > sizeBytes) throw new TrailviewError('CORRUPT', `${name}: its zip central directory (at byte ${centralOffset}) runs past the end of the file`);
  const central = await readAt(handle, centralOffset, centralSize);
  const entries: RawEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > central.length || central.readUInt32LE(at) !== CENTRAL) {
      throw new TrailviewError('CORRUPT', `${name}: zip central directory record ${n + 1} of ${count} is damaged (byte ${centralOffset + at})`);
    }
    const madeBy = central.readUInt16LE(at + 4);
    const flags = central.readUInt16LE(at + 8);
    const method = central.readUInt16LE(at + 10);
    const crc32 = central.readUInt32LE(at + 16);
    let stored = central.readUInt32LE(at + 20);
    let size = central.readUInt32LE(at + 24);
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    const external = central.readUInt32LE(at + 38);
    let local = central.readUInt32LE(at + 42);
    const nameBytes = central.subarray(at + 46, at + 46 + nameLength);
    const extra = central.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    // zip64 extra field: the 8-byte values, in this order, of whichever fields hold 0xffffffff.
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const len = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let v = e + 4;
        const take = (): number => {
          const value = v + 8 <= e + 4 + len ? u64(extra, v) : 0;
          v += 8;
          return value;
        };
        if (size === 0xffffffff) size = take();
        if (stored === 0xffffffff) stored = take();
        if (local === 0xffffffff) local = take();
      }
      e += 4 + len;
    }
    const entryName = decodeName(nameBytes);
    const type = entryType(madeBy, external, entryName);
    entries.push({
      name: entryName,
      type,
      sizeBytes: type === 'file' ? size : 0,
      method: method === 0 ? 'stored' : method === 8 ? 'deflate' : { unsupported: method },
      storedSizeBytes: stored,
      localHeaderOffsetBytes: local,
      crc32,
      ...((flags & 1) !== 0 ? { encrypted: true } : {}),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where a zip member's data starts: after its local header, whose name and extra lengths may differ. */
export async function zipDataOffset(handle: FileHandle, entry: RawEntry, name: string): Promise<number> {
  if (entry.dataOffsetBytes !== undefined) return entry.dataOffsetBytes;
  const at = entry.localHeaderOffsetBytes ?? 0;
  const header = await readAt(handle, at, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new TrailviewError('CORRUPT', `${name}: the zip local header of ${entry.name} (byte ${at}) is damaged`);
  entry.dataOffsetBytes = at + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  return entry.dataOffsetBytes;
}
