/**
 * Finding recordings in a folder by content: walks it (bounded depth and file count, hidden names and
 * symbolic links skipped), reads each file's head read-only and keeps what looks like a recording.
 * Nothing is written; nothing outside the folder is followed.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import type { FolderOpenResult } from '../../shared/api';
import { toApiError, TrailviewError } from '../../shared/errors';
import { DEFAULT_SCAN_LIMITS, isSkippedName, looksLikeRecording, SCAN_HEAD_BYTES, type ScanLimits, type ScanProgress } from '../../shared/folder-scan';
import { isGzip } from '../../shared/formats/detect';
import type { RecordingSummary } from '../../shared/model';
import { gunzipHead } from '../core/source';
import type { EventSink } from './events';

export interface ScanOptions {
  limits?: Partial<ScanLimits>;
  signal?: AbortSignal;
  /** Called now and then while scanning (every PROGRESS_EVERY files and at the end). */
  onProgress?(filesSeen: number, found: number): void;
}

export interface ScanResult {
  /** Paths of the recordings found, in a stable order (names sorted, files of a folder before its subfolders). */
  found: string[];
  filesSeen: number;
  /** A limit stopped the walk before everything was seen. */
  truncated: boolean;
  cancelled: boolean;
}

const PROGRESS_EVERY = 25;

/** The file's head (gunzipped too when it is gzip) judged by the shared rules. */
export async function fileLooksLikeRecording(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await fsp.open(path, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(SCAN_HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const raw = buf.subarray(0, bytesRead);
    if (!isGzip(raw)) return looksLikeRecording(raw);
    const inflated = await gunzipHead(basename(path), raw).catch(() => undefined);
    return looksLikeRecording(raw, inflated);
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

export async function scanFolder(root: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const limits: ScanLimits = { ...DEFAULT_SCAN_LIMITS, ...opts.limits };
  const result: ScanResult = { found: [], filesSeen: 0, truncated: false, cancelled: false };
  const stop = (): boolean => {
    if (opts.signal?.aborted) result.cancelled = true;
    return result.cancelled || result.truncated;
  };

  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      // An unreadable subfolder is skipped; the chosen folder itself is checked by the caller.
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (stop()) return;
      if (isSkippedName(e.name)) continue;
      const path = join(dir, e.name);
      // Links are not followed: they can lead out of the folder or round in a loop.
      if (e.isDirectory()) {
        if (depth < limits.maxDepth) subdirs.push(path);
        continue;
      }
      if (!e.isFile()) continue;
      if (result.filesSeen >= limits.maxFiles || result.found.length >= limits.maxFound) {
        result.truncated = true;
        return;
      }
      result.filesSeen++;
      if (await fileLooksLikeRecording(path)) result.found.push(path);
      if (result.filesSeen % PROGRESS_EVERY === 0) opts.onProgress?.(result.filesSeen, result.found.length);
    }
    for (const sub of subdirs) {
      if (stop()) return;
      await walk(sub, depth + 1);
    }
  };

  await walk(root, 0);
  stop();
  opts.onProgress?.(result.filesSeen, result.found.length);
  return result;
}

/** Folder scans under way, each cancellable by its id (the `scanCancel` request, the progress bar's button). */
export interface ScanJobs {
  start(): { scanId: string; signal: AbortSignal };
  cancel(scanId: string): boolean;
  finish(scanId: string): void;
}

export function createScanJobs(): ScanJobs {
  const running = new Map<string, AbortController>();
  return {
    start() {
      const scanId = `scan-${randomBytes(6).toString('hex')}`;
      const controller = new AbortController();
      running.set(scanId, controller);
      return { scanId, signal: controller.signal };
    },
    cancel(scanId) {
      const c = running.get(scanId);
      if (!c) return false;
      c.abort();
      return true;
    },
    finish: (scanId) => void running.delete(scanId),
  };
}

/** Progress events at most this often while scanning and opening (the last one always goes). */
const PROGRESS_INTERVAL_MS = 150;

export interface FolderOpener {
  /** Opens one recording found (the host's open: remembers it, applies display names). */
  open(path: string): Promise<RecordingSummary>;
  /** Where progress goes (the `scan` push event). */
  emit?: EventSink;
  limits?: Partial<ScanLimits>;
}

/**
 * Scan a folder for recordings (by content) and open each one found, reporting progress as `scan` events
 * through `how.emit`. Cancelling stops the scan or the opening; what opened so far stays open.
 */
export async function openFolder(folder: string, jobs: ScanJobs, how: FolderOpener): Promise<FolderOpenResult> {
  const stat = await fsp.stat(folder).catch((err: NodeJS.ErrnoException) => {
    throw new TrailviewError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'NOT_READABLE', `Cannot open the folder "${folder}": ${err.code ?? err.message}.`);
  });
  if (!stat.isDirectory()) throw new TrailviewError('BAD_REQUEST', `"${folder}" is not a folder.`);
  const { scanId, signal } = jobs.start();
  const progress: ScanProgress = { scanId, folderName: basename(folder) || folder, filesSeen: 0, found: 0, opened: 0, failed: 0, done: false };
  let lastEmitMs = 0;
  const emit = (force = false): void => {
    const now = Date.now();
    if (!force && now - lastEmitMs < PROGRESS_INTERVAL_MS) return;
    lastEmitMs = now;
    how.emit?.('scan', { ...progress });
  };
  const result: FolderOpenResult = { opened: [], failed: [], filesSeen: 0, cancelled: false, truncated: false };
  try {
    emit(true);
    const scan = await scanFolder(folder, {
      limits: how.limits,
      signal,
      onProgress: (filesSeen, found) => {
        progress.filesSeen = filesSeen;
        progress.found = found;
        emit();
      },
    });
    result.filesSeen = scan.filesSeen;
    result.truncated = scan.truncated;
    result.cancelled = scan.cancelled;
    progress.found = scan.found.length;
    progress.filesSeen = scan.filesSeen;
    for (const path of scan.found) {
      if (signal.aborted) {
        result.cancelled = true;
        break;
      }
      try {
        const summary = await how.open(path);
        result.opened.push(summary);
        progress.opened++;
      } catch (err) {
        result.failed.push({ name: basename(path), message: toApiError(err).message });
        progress.failed++;
      }
      emit();
    }
  } finally {
    jobs.finish(scanId);
    progress.done = true;
    progress.cancelled = result.cancelled;
    progress.truncated = result.truncated;
    emit(true);
  }
  return result;
}
