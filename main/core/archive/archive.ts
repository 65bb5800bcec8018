/**
 * An archive opened for reading: detected by content (tar, tar.gz, zip), listed in place, its entries
 * checked (paths, links, devices, encryption), members read or written out on demand. A .tar.gz is
 * gunzipped once into the archive's own extraction folder and then read as a plain tar.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { TrailviewError } from '../../../shared/errors';
import { isGzip } from '../../../shared/formats/detect';
import { gunzipHead, hashSource, readHead } from '../source';
import type { OpenJob } from '../open-job';
import { checkEntryPath } from './entry-path';
import { copyRange, gunzipFile, inflateHead, inflateRange, writeOnce, type RangeSpec } from './extract';
import { isTarHeader, listTar } from './tar';
import type { ArchiveEntry, ArchiveLimits, RawEntry } from './types';
import { listZip, looksLikeZip, zipDataOffset } from './zip';

export type ArchiveKind = 'tar' | 'tar.gz' | 'zip';

/** What kind of archive a file's head is, if any (a gzip file's decompressed head decides tar.gz). */
export function archiveKindOf(head: Uint8Array, gunzipped?: Uint8Array): ArchiveKind | undefined {
  if (looksLikeZip(head)) return 'zip';
  if (isGzip(head)) return gunzipped && isTarHeader(gunzipped.subarray(0, 512)) ? 'tar.gz' : undefined;
  return isTarHeader(head.subarray(0, 512)) ? 'tar' : undefined;
}

export interface Archive {
  kind: ArchiveKind;
  path: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  /** `<dataDir>/archives/<sha256>`: the only place anything from this archive is written. */
  extractDir: string;
  entries: ArchiveEntry[];
  /** A listing that stopped early (damaged header, cut-short file). */
  problem?: string;
  /** The open this archive is read for: members written out report to it and stop when it is cancelled. */
  job?: OpenJob;
}

function refusal(raw: RawEntry): string | undefined {
  switch (raw.type) {
    case 'symlink':
    case 'hardlink':
      return `is a ${raw.type === 'symlink' ? 'symbolic' : 'hard'} link`;
    case 'device':
      return 'is a device file';
    case 'fifo':
      return 'is a named pipe';
    case 'other':
      return 'is not a regular file';
    default:
      break;
  }
  if (raw.encrypted) return 'is encrypted';
  if (typeof raw.method === 'object') return `uses zip compression method ${raw.method.unsupported}, which Trailview does not read`;
  return undefined;
}

function toEntries(raws: RawEntry[]): ArchiveEntry[] {
  return raws.map((raw, index) => {
    const checked = checkEntryPath(raw.name);
    const reason = checked.ok ? refusal(raw) : checked.reason;
    return { ...raw, index, path: checked.path, ...(reason ? { refused: reason } : {}) };
  });
}

/**
 * Opens `path` as an archive, or answers undefined when its content is not one. `name` is what messages
 * call it. Nothing is written unless it is a .tar.gz (its tar, once per archive content).
 */
export async function openArchive(path: string, dataDir: string, limits: ArchiveLimits, name?: string, job?: OpenJob): Promise<Archive | undefined> {
  const head = await readHead(path, name);
  const gzip = isGzip(head.head);
  const sniff = gzip ? await gunzipHead(head.fileName, head.head, 1024).catch(() => undefined) : undefined;
  const kind = archiveKindOf(head.head, sniff);
  if (!kind) return undefined;
  const { sha256, sizeBytes } = await hashSource(path, {
    name: head.fileName,
    ...(job?.signal ? { signal: job.signal } : {}),
    onProgress: (done, total) => job?.onProgress?.('hashing', done, total),
  });
  const base = { kind, path, fileName: head.fileName, sizeBytes, sha256, extractDir: join(dataDir, 'archives', sha256), ...(job ? { job } : {}) };
  if (kind === 'zip') {
    return withHandle(path, async (h) => ({ ...base, entries: toEntries(await listZip(h, sizeBytes, head.fileName)) }));
  }
  const tarPath = kind === 'tar' ? path : await writeOnce(base.extractDir, 'tar', undefined, (tmp) => gunzipFile(path, sizeBytes, tmp, limits, head.fileName, job));
  return withHandle(tarPath, async (h) => {
    const size = (await h.stat()).size;
    const listing = await listTar(h, size, head.fileName);
    const archive: Archive = { ...base, entries: toEntries(listing.entries) };
    if (listing.problem) archive.problem = listing.problem;
    // Member offsets are in the tar we listed: the gunzipped copy for a .tar.gz.
    if (kind === 'tar.gz') for (const e of archive.entries) (e as ArchiveEntry & { dataPath?: string }).dataPath = tarPath;
    return archive;
  });
}

async function withHandle<T>(path: string, use: (h: FileHandle) => Promise<T>): Promise<T> {
  const h = await open(path, 'r');
  try {
    return await use(h);
  } finally {
    await h.close();
  }
}

/** The file and byte run holding a member's stored bytes (compressed ones for a deflated zip member). */
export async function memberRange(archive: Archive, entry: ArchiveEntry): Promise<RangeSpec> {
  if (entry.refused) throw new TrailviewError('UNSUPPORTED_FORMAT', `${archive.fileName}: member ${entry.path} ${entry.refused}; it is never opened`);
  const dataPath = (entry as ArchiveEntry & { dataPath?: string }).dataPath ?? archive.path;
  const offsetBytes = entry.dataOffsetBytes ?? (await withHandle(archive.path, (h) => zipDataOffset(h, entry, archive.fileName)));
  return { path: dataPath, offsetBytes, sizeBytes: entry.storedSizeBytes };
}

/** A stored member, readable in place (undefined for a deflated one). */
export async function storedRange(archive: Archive, entry: ArchiveEntry): Promise<RangeSpec | undefined> {
  return entry.method === 'stored' ? memberRange(archive, entry) : undefined;
}

/** The first `maxBytes` of a member's content, read in place or inflated as far as needed. */
export async function memberHead(archive: Archive, entry: ArchiveEntry, maxBytes = 64 * 1024): Promise<Uint8Array> {
  const range = await memberRange(archive, entry);
  if (entry.method === 'deflate') return inflateHead(range, maxBytes, `${archive.fileName}: member ${entry.path}`);
  return withHandle(range.path, async (h) => {
    const buf = Buffer.alloc(Math.min(maxBytes, range.sizeBytes));
    const { bytesRead } = await h.read(buf, 0, buf.length, range.offsetBytes);
    return buf.subarray(0, bytesRead);
  });
}

/** The member as a file of its own under the extraction folder (`<extractDir>/<index>`), written once. */
export async function materialise(archive: Archive, entry: ArchiveEntry, limits: ArchiveLimits): Promise<string> {
  const range = await memberRange(archive, entry);
  const what = `${archive.fileName}: member ${entry.path}`;
  return writeOnce(archive.extractDir, String(entry.index), entry.sizeBytes, (tmp) =>
    entry.method === 'deflate'
      ? inflateRange(range, tmp, limits, what, { sizeBytes: entry.sizeBytes, ...(entry.crc32 !== undefined ? { crc32: entry.crc32 } : {}) }, archive.job)
      : copyRange(range, tmp, archive.job),
  );
}
