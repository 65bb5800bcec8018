/**
 * Opening folders: the limits of a scan, which names are skipped, what counts as a recording by its first
 * bytes, and the progress a scan reports. Pure: the host's scanner (main/host/folder-scan.ts) and the
 * browser's drop of folders (renderer) share it.
 */
import { decodeUtf8 } from './formats/bytes';
import { DETECT_HEAD_BYTES, detectTerminalFormat, isGzip } from './formats/detect';
import { detectGuacamole } from './formats/guacamole/detect';

export interface ScanLimits {
  /** Folder levels below the chosen folder that are entered (0: its own files only). */
  maxDepth: number;
  /** Files looked at before the scan stops (each costs one read of its head). */
  maxFiles: number;
  /** Recordings opened from one scan at most. */
  maxFound: number;
}

export const DEFAULT_SCAN_LIMITS: Readonly<ScanLimits> = Object.freeze({ maxDepth: 6, maxFiles: 5000, maxFound: 200 });

/** Bytes read from each file to decide; the same head the core's detection looks at. */
export const SCAN_HEAD_BYTES = DETECT_HEAD_BYTES;

/** Progress of one folder scan (the `scan` push event); the last one has `done: true`. */
export interface ScanProgress {
  scanId: string;
  /** The folder's name (no directory above it), for people. */
  folderName: string;
  filesSeen: number;
  /** Recordings found so far. */
  found: number;
  /** Of those, opened so far (opening follows the scan). */
  opened: number;
  failed: number;
  done: boolean;
  cancelled?: boolean;
  /** A limit stopped the scan before the whole folder was seen. */
  truncated?: boolean;
}

/** Hidden files and folders (dot names, and the OS's own clutter) are never scanned. */
export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || name === '__MACOSX' || name === 'Thumbs.db' || name === 'desktop.ini' || name === '$RECYCLE.BIN';
}

function at(head: Uint8Array, offset: number, ascii: string): boolean {
  if (head.length < offset + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (head[offset + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/**
 * Whether a file's first bytes look like something Trailview opens: a terminal recording or Guacamole dump
 * (checked by the formats' own detectors), or a container/video it unpacks (tar, zip, MP4, WebM), by magic.
 * `raw` is the file's head; `inflated` its gunzipped head when `raw` is gzip (undefined when that failed).
 */
export function looksLikeRecording(raw: Uint8Array, inflated?: Uint8Array): boolean {
  if (raw.length === 0) return false;
  if (isGzip(raw)) {
    if (!inflated || inflated.length === 0) return false;
    // A .tar.gz: the tar header's magic at 257.
    if (at(inflated, 257, 'ustar')) return true;
    return isPlainRecording(inflated);
  }
  if (at(raw, 257, 'ustar')) return true;
  if (at(raw, 0, 'PK\u0003\u0004')) return true;
  if (at(raw, 4, 'ftyp')) return true;
  if (raw[0] === 0x1a && raw[1] === 0x45 && raw[2] === 0xdf && raw[3] === 0xa3) return true;
  return isPlainRecording(raw);
}

function isPlainRecording(head: Uint8Array): boolean {
  if (detectTerminalFormat(head).ok || detectGuacamole(head).ok) return true;
  // A part-recording manifest (JumpServer replay.json with `files`): the core opens it as one recording.
  return looksLikePartsJson(head);
}

function looksLikePartsJson(head: Uint8Array): boolean {
  if (head.length > SCAN_HEAD_BYTES) return false;
  try {
    const doc = JSON.parse(decodeUtf8(head)) as unknown;
    return typeof doc === 'object' && doc !== null && Array.isArray((doc as { files?: unknown }).files);
  } catch {
    return false;
  }
}
