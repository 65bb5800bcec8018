/**
 * Bookmarks per recording, one JSON file per content hash: `<dir>/<sha256>.json`. Keyed by content, not
 * path, so the same recording opened from another folder (or uploaded again) finds its notes. Files are
 * replaced whole through a temp file + rename, so a crash never leaves half a list. A file that is not
 * ours to read (bad JSON, wrong shape) is reported and never overwritten: it may hold someone's notes.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bookmark, TimeMs } from '../../shared/model';
import { TrailviewError } from '../../shared/errors';

export interface BookmarkInput {
  id?: string;
  timeMs: TimeMs;
  note: string;
}

export interface BookmarkStore {
  /** In time order (then by creation). An unknown recording has none. */
  list(sha256: string): Bookmark[];
  /** Adds (no id) or changes (an existing id; NOT_FOUND otherwise) a bookmark; answers it as stored. */
  save(sha256: string, input: BookmarkInput): Bookmark;
  remove(sha256: string, bookmarkId: string): boolean;
}

export interface BookmarkStoreOptions {
  now?: () => number;
  /** How the temp file is written; tests pass one that fails half-way. */
  writeFile?: (path: string, data: string) => void;
}

const FILE_VERSION = 1;
const HASH = /^[0-9a-f]{64}$/i;

interface BookmarkFile {
  version: number;
  sha256: string;
  bookmarks: Bookmark[];
}

function isBookmark(v: unknown): v is Bookmark {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  return (
    typeof b.id === 'string' &&
    typeof b.note === 'string' &&
    typeof b.timeMs === 'number' &&
    Number.isFinite(b.timeMs) &&
    typeof b.createdAtEpochMs === 'number'
  );
}

const byTime = (a: Bookmark, b: Bookmark): number => a.timeMs - b.timeMs || a.createdAtEpochMs - b.createdAtEpochMs;

export function createBookmarkStore(dir: string, opts: BookmarkStoreOptions = {}): BookmarkStore {
  const now = opts.now ?? Date.now;
  const writeFile = opts.writeFile ?? ((path: string, data: string) => writeFileSync(path, data));

  const fileOf = (sha256: string): { path: string; shown: string } => {
    // The hash names the file: anything else could walk out of the folder.
    if (!HASH.test(sha256)) throw new TrailviewError('INTERNAL', `Bookmarks need the recording's SHA-256; got "${sha256.slice(0, 80)}".`);
    const name = `${sha256.toLowerCase()}.json`;
    return { path: join(dir, name), shown: `bookmarks/${name} in the data folder` };
  };

  const read = (sha256: string): Bookmark[] => {
    const { path, shown } = fileOf(sha256);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      throw new TrailviewError('NOT_READABLE', `Cannot read the bookmarks file ${shown} (${code ?? String(err)}).`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new TrailviewError('CORRUPT', `The bookmarks file ${shown} is not valid JSON (${why}); it was left as it is. Repair it or move it away to start a new list.`);
    }
    const file = raw as Partial<BookmarkFile> | null;
    const list = typeof file === 'object' && file !== null ? file.bookmarks : undefined;
    if (!Array.isArray(list)) {
      throw new TrailviewError('CORRUPT', `The bookmarks file ${shown} has no "bookmarks" list; it was left as it is. Repair it or move it away to start a new list.`);
    }
    const bad = list.findIndex((b) => !isBookmark(b));
    if (bad >= 0) {
      throw new TrailviewError('CORRUPT', `The bookmarks file ${shown}: entry ${bad + 1} is not a bookmark (id, timeMs, note, createdAtEpochMs); the file was left as it is.`);
    }
    return (list as Bookmark[]).slice().sort(byTime);
  };

  const write = (sha256: string, bookmarks: Bookmark[]): void => {
    const { path } = fileOf(sha256);
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const body: BookmarkFile = { version: FILE_VERSION, sha256: sha256.toLowerCase(), bookmarks: bookmarks.slice().sort(byTime) };
    try {
      writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`);
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      const why = err instanceof Error ? err.message : String(err);
      throw new TrailviewError('NOT_READABLE', `Could not save the bookmarks (${why}); the previous list is unchanged.`);
    }
  };

  return {
    list: read,
    save(sha256, input) {
      const list = read(sha256);
      const note = input.note.trim();
      if (input.id !== undefined) {
        const at = list.findIndex((b) => b.id === input.id);
        const old = list[at];
        if (!old) throw new TrailviewError('NOT_FOUND', `No bookmark with id "${input.id}" for this recording; it may have been deleted.`);
        const changed: Bookmark = { ...old, timeMs: input.timeMs, note };
        list[at] = changed;
        write(sha256, list);
        return changed;
      }
      const made: Bookmark = { id: randomBytes(9).toString('base64url'), timeMs: input.timeMs, note, createdAtEpochMs: now() };
      write(sha256, [...list, made]);
      return made;
    },
    remove(sha256, bookmarkId) {
      const list = read(sha256);
      const rest = list.filter((b) => b.id !== bookmarkId);
      if (rest.length === list.length) return false;
      write(sha256, rest);
      return true;
    },
  };
}
