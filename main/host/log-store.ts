/**
 * Logs attached to recordings, kept by the recording's content hash like bookmarks:
 * `<dir>/<recording sha256>.json` lists them, and each log is stored as a copy named by its own hash,
 * `<dir>/files/<log sha256>.<csv|json>`. A copy, not the path: an upload's temp file goes away, and a
 * log moved or edited after it was attached would silently change the evidence. The original is only
 * read (copyFile), never written. Parsed rows are cached in memory; without a `dir` (tests, hosts that
 * keep nothing) everything lives in memory for the run.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { AttachedLog } from '../../shared/api';
import { TrailviewError } from '../../shared/errors';
import { matchingRows, type LogRows } from '../core/commands/apply-logs';
import type { SessionClock } from '../core/commands/merge';
import { readLogFile, type LogFile } from '../core/commands/read-log';

export interface LogStore {
  /** Reads and checks the log, then attaches it (unless `onlyIfMatching` and no row matches). */
  attach(
    recordingSha256: string,
    clock: SessionClock | undefined,
    file: { path: string; fileName: string; originalPath?: string },
    opts?: { onlyIfMatching?: boolean },
  ): Promise<{ log: AttachedLog; attached: boolean }>;
  list(recordingSha256: string): AttachedLog[];
  detach(recordingSha256: string, logId: string): boolean;
  /** The rows of every log attached to the recording (a stored copy that cannot be read is left out). */
  rows(recordingSha256: string): Promise<LogRows[]>;
}

interface StoredLog extends AttachedLog {
  /** The copy's name under `files/`. */
  copy: string;
  /** Where it was attached from (a path on this machine); never sent to the UI. */
  originalPath?: string;
}

interface IndexFile {
  version: 1;
  sha256: string;
  logs: StoredLog[];
}

const HASH = /^[0-9a-f]{64}$/;

const publicLog = ({ logId, fileName, kind, rows, matched, attachedAtEpochMs }: StoredLog): AttachedLog => ({ logId, fileName, kind, rows, matched, attachedAtEpochMs });

export function createLogStore(opts: { dir?: string; maxBytes?: number; now?: () => number } = {}): LogStore {
  const { dir } = opts;
  const now = opts.now ?? Date.now;
  const memoryIndex = new Map<string, StoredLog[]>();
  const parsed = new Map<string, LogFile>();

  const indexPath = (sha256: string): string => {
    if (!HASH.test(sha256)) throw new TrailviewError('INTERNAL', `attached logs need the recording's SHA-256; got "${sha256.slice(0, 80)}"`);
    return join(dir!, `${sha256}.json`);
  };

  const read = (sha256: string): StoredLog[] => {
    if (!dir) return memoryIndex.get(sha256) ?? [];
    let text: string;
    try {
      text = readFileSync(indexPath(sha256), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TrailviewError('NOT_READABLE', `cannot read the attached-logs list logs/${sha256}.json (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    try {
      const file = JSON.parse(text) as Partial<IndexFile>;
      if (!Array.isArray(file.logs)) throw new Error('no "logs" list');
      return file.logs.filter((l): l is StoredLog => typeof l === 'object' && l !== null && HASH.test(String(l.logId)) && typeof l.copy === 'string' && !/[/\\]/.test(l.copy));
    } catch (err) {
      throw new TrailviewError('CORRUPT', `the attached-logs list logs/${sha256}.json is damaged (${(err as Error).message}); it was left as it is`);
    }
  };

  const write = (sha256: string, logs: StoredLog[]): void => {
    if (!dir) {
      memoryIndex.set(sha256, logs);
      return;
    }
    const path = indexPath(sha256);
    mkdirSync(dir, { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const body: IndexFile = { version: 1, sha256, logs };
    try {
      writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new TrailviewError('NOT_READABLE', `could not save the attached-logs list (${(err as Error).message}); the previous list is unchanged`);
    }
  };

  /** Copies the log into the store first and reads the copy, so what is stored is exactly what was checked. */
  const readAndKeep = async (path: string, fileName: string): Promise<{ log: LogFile; copy: string }> => {
    const ext = /^\.(csv|json)$/i.test(extname(fileName)) ? extname(fileName).toLowerCase() : '.log';
    if (!dir) {
      const log = await readLogFile(path, fileName, { maxBytes: opts.maxBytes });
      return { log, copy: `${log.sha256}${ext}` };
    }
    const files = join(dir, 'files');
    await fsp.mkdir(files, { recursive: true });
    const tmp = join(files, `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      await fsp.copyFile(path, tmp).catch((err: NodeJS.ErrnoException) => {
        throw new TrailviewError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'NOT_READABLE', `${fileName}: cannot read the log (${err.code ?? err.message})`);
      });
      const log = await readLogFile(tmp, fileName, { maxBytes: opts.maxBytes });
      const copy = `${log.sha256}${ext}`;
      await fsp.rename(tmp, join(files, copy));
      return { log, copy };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  };

  return {
    async attach(recordingSha256, clock, file, attachOpts = {}) {
      const { log, copy } = await readAndKeep(file.path, file.fileName);
      parsed.set(log.sha256, log);
      const entry: StoredLog = {
        logId: log.sha256,
        fileName: file.fileName,
        kind: log.kind,
        rows: log.rows,
        matched: matchingRows(log, clock),
        attachedAtEpochMs: now(),
        copy,
        ...(file.originalPath !== undefined ? { originalPath: file.originalPath } : {}),
      };
      if (attachOpts.onlyIfMatching && entry.matched === 0) return { log: publicLog(entry), attached: false };
      const list = read(recordingSha256).filter((l) => l.logId !== entry.logId);
      write(recordingSha256, [...list, entry]);
      return { log: publicLog(entry), attached: true };
    },
    list: (sha256) => read(sha256).map(publicLog),
    detach(sha256, logId) {
      const list = read(sha256);
      const rest = list.filter((l) => l.logId !== logId);
      if (rest.length === list.length) return false;
      write(sha256, rest);
      return true;
    },
    async rows(sha256) {
      const out: LogRows[] = [];
      for (const entry of read(sha256)) {
        let log = parsed.get(entry.logId);
        if (!log && dir) {
          log = await readLogFile(join(dir, 'files', entry.copy), entry.fileName, { maxBytes: opts.maxBytes }).catch(() => undefined);
          // A copy whose bytes changed is not the log that was attached: leave it out rather than trust it.
          if (log && log.sha256 === entry.logId) parsed.set(entry.logId, log);
          else log = undefined;
        }
        if (log) out.push(log);
      }
      return out;
    },
  };
}
