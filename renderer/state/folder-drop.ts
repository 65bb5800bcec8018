/**
 * Folders dropped on a browser page: walked through the File and Directory Entries API (webkitGetAsEntry),
 * with the same limits and skipped names as the host's scan, and each file's head judged by the same rules
 * (shared/folder-scan.ts) before anything is uploaded: a folder of photos uploads nothing.
 */
import { DEFAULT_SCAN_LIMITS, isSkippedName, looksLikeRecording, SCAN_HEAD_BYTES, type ScanLimits } from '../../shared/folder-scan';

/** The part of FileSystemEntry we use (typed here: the DOM lib's names vary between versions). */
export interface DropEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  file?(ok: (f: File) => void, fail?: (err: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: DropEntry[]) => void, fail?: (err: unknown) => void): void };
}

export interface FolderWalk {
  found: File[];
  filesSeen: number;
  truncated: boolean;
  cancelled: boolean;
}

async function readAll(dir: DropEntry): Promise<DropEntry[]> {
  const reader = dir.createReader?.();
  if (!reader) return [];
  const out: DropEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<DropEntry[]>((ok) => reader.readEntries(ok, () => ok([])));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

const fileOf = (e: DropEntry): Promise<File | null> => new Promise((ok) => (e.file ? e.file(ok, () => ok(null)) : ok(null)));

/** The first bytes of a gzip stream, or undefined where the browser cannot inflate (or the data is bad). */
async function inflateHead(head: Uint8Array): Promise<Uint8Array | undefined> {
  if (typeof DecompressionStream !== 'function') return undefined;
  const out: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = new Blob([head as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || !value) break;
      out.push(value);
      size += value.length;
      if (size >= SCAN_HEAD_BYTES) {
        void reader.cancel();
        break;
      }
    }
  } catch {
    // A head cut mid-stream errors at its end: what came out before is what we judge.
  }
  if (size === 0) return undefined;
  const all = new Uint8Array(size);
  let at = 0;
  for (const part of out) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

export async function fileLooksLikeRecording(file: File): Promise<boolean> {
  if (file.size === 0) return false;
  const raw = new Uint8Array(await file.slice(0, SCAN_HEAD_BYTES).arrayBuffer());
  const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
  return looksLikeRecording(raw, gzip ? await inflateHead(raw) : undefined);
}

export async function walkDroppedFolder(
  root: DropEntry,
  opts: { limits?: Partial<ScanLimits>; cancelled(): boolean; onProgress(filesSeen: number, found: number): void },
): Promise<FolderWalk> {
  const limits = { ...DEFAULT_SCAN_LIMITS, ...opts.limits };
  const walk: FolderWalk = { found: [], filesSeen: 0, truncated: false, cancelled: false };
  const visit = async (dir: DropEntry, depth: number): Promise<void> => {
    const entries = (await readAll(dir)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: DropEntry[] = [];
    for (const e of entries) {
      if (opts.cancelled()) {
        walk.cancelled = true;
        return;
      }
      if (walk.truncated || isSkippedName(e.name)) continue;
      if (e.isDirectory) {
        if (depth < limits.maxDepth) subdirs.push(e);
        continue;
      }
      if (!e.isFile) continue;
      if (walk.filesSeen >= limits.maxFiles || walk.found.length >= limits.maxFound) {
        walk.truncated = true;
        return;
      }
      walk.filesSeen++;
      const file = await fileOf(e);
      if (file && (await fileLooksLikeRecording(file).catch(() => false))) walk.found.push(file);
      opts.onProgress(walk.filesSeen, walk.found.length);
    }
    for (const sub of subdirs) {
      if (walk.cancelled || walk.truncated) return;
      await visit(sub, depth + 1);
    }
  };
  await visit(root, 0);
  return walk;
}
