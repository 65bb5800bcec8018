/**
 * Recently opened recordings. Entries are keyed by an opaque key (a hash of the path); the path itself
 * stays in the host: the UI reopens with `{ kind: 'recent', key }` and never receives a path.
 * Two backends: electron-store in the desktop app (adapted in main/index.ts, so no electron import
 * here) and a JSON file in the data dir for the web host and the CLI.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FormatId, RecentEntry, RecordingSummary, TimeMs } from '../../shared/model';

/** What is stored: the public entry plus the private path. */
export interface RecentRecord extends RecentEntry {
  path: string;
}

export interface RecentBackend {
  load(): unknown;
  save(records: RecentRecord[]): void;
}

export interface RecentStore {
  list(): RecentEntry[];
  /** The stored record for a key, path included (host use only). */
  resolve(key: string): RecentRecord | undefined;
  add(path: string, summary: RecordingSummary, fileName?: string): RecentEntry;
  update(key: string, patch: { durationMs?: TimeMs }): void;
  clear(): number;
}

export const RECENT_LIMIT = 20;

export function recentKey(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 32);
}

function isRecord(v: unknown): v is RecentRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.key === 'string' && typeof r.path === 'string' && typeof r.fileName === 'string' &&
    typeof r.sizeBytes === 'number' && typeof r.openedAtEpochMs === 'number';
}

function publicEntry(r: RecentRecord): RecentEntry {
  const e: RecentEntry = { key: r.key, fileName: r.fileName, sizeBytes: r.sizeBytes, openedAtEpochMs: r.openedAtEpochMs };
  if (r.format !== undefined) e.format = r.format as FormatId;
  if (r.durationMs !== undefined) e.durationMs = r.durationMs;
  return e;
}

export function createRecentStore(backend: RecentBackend, now: () => number = Date.now): RecentStore {
  const read = (): RecentRecord[] => {
    let raw: unknown;
    try {
      raw = backend.load();
    } catch {
      // A broken recent list is not worth an error dialog: start over.
      return [];
    }
    return Array.isArray(raw) ? raw.filter(isRecord) : [];
  };
  return {
    list: () => read().map(publicEntry),
    resolve: (key) => read().find((r) => r.key === key),
    add(path, summary, fileName = summary.fileName) {
      const key = recentKey(path);
      const record: RecentRecord = {
        key,
        path,
        fileName,
        sizeBytes: summary.sizeBytes,
        openedAtEpochMs: now(),
        format: summary.format,
        durationMs: summary.durationMs,
      };
      const rest = read().filter((r) => r.key !== key);
      backend.save([record, ...rest].slice(0, RECENT_LIMIT));
      return publicEntry(record);
    },
    update(key, patch) {
      const records = read();
      const r = records.find((x) => x.key === key);
      if (!r) return;
      if (patch.durationMs !== undefined) r.durationMs = patch.durationMs;
      backend.save(records);
    },
    clear() {
      const n = read().length;
      backend.save([]);
      return n;
    },
  };
}

/** JSON file backend (web host, CLI); written via temp file + rename so a crash never leaves half a file. */
export function jsonFileBackend(file: string): RecentBackend {
  return {
    load: () => {
      try {
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    save: (records) => {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(records, null, 2));
      renameSync(tmp, file);
    },
  };
}

/** The part of electron-store we use; its instances satisfy this structurally. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function keyValueBackend(store: KeyValueStore, key = 'recent'): RecentBackend {
  return { load: () => store.get(key) ?? [], save: (records) => store.set(key, records) };
}
