/** What the archive readers (tar, zip) list: every entry, with where its bytes are. */

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export interface RawEntry {
  /** The name as stored (tar: after GNU long-name and pax `path` records). */
  name: string;
  type: EntryType;
  /** Size of the member's content once decompressed (zip: as the central directory says). */
  sizeBytes: number;
  /** How its bytes are stored: 'stored' members are a contiguous run of the file. */
  method: 'stored' | 'deflate' | { unsupported: number };
  /** Bytes the member takes in the file (compressed size for deflate). */
  storedSizeBytes: number;
  /** Where its data starts in the file; zip members learn it from their local header on first use. */
  dataOffsetBytes?: number;
  /** zip: where the member's local header is. */
  localHeaderOffsetBytes?: number;
  /** zip: CRC-32 of the content, checked when a member is inflated. */
  crc32?: number;
  encrypted?: boolean;
}

export interface ArchiveEntry extends RawEntry {
  /** Position in the archive's listing: also the member's file name once extracted (`<dir>/<index>`). */
  index: number;
  /** '/'-separated path with `.` segments dropped (refused entries: the name as stored, for messages). */
  path: string;
  /** Why it is never extracted or opened (traversal, absolute path, link, device, encryption ...). */
  refused?: string;
}

/** Decompression limits: one member, and how far its output may outgrow its compressed size. */
export interface ArchiveLimits {
  maxMemberBytes: number;
  maxRatio: number;
  /** Output below this is never cut by the ratio (tiny members of zeros compress extremely well). */
  ratioFloorBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxMemberBytes: 4 * 2 ** 30, maxRatio: 200, ratioFloorBytes: 8 * 2 ** 20 };
