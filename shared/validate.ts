/**
 * Request validation for every method of the contract. Hosts call `validateRequest` before a handler
 * runs: a request of the wrong shape never reaches the core.
 */
import type { ApiError } from './model';
import type { Method, Req } from './api';
import { checkSettingsPatch } from './settings';

type Check = (req: Record<string, unknown>) => string | null;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v);
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const empty: Check = () => null;
const needId: Check = (r) => (isId(r.id) ? null : '"id" must be a recording id string');

const checks: { [M in Method]: Check } = {
  appInfo: empty,
  library: empty,
  openDialog: (r) => (r.folder === undefined || typeof r.folder === 'boolean' ? null : '"folder" must be true or false'),
  recentList: empty,
  recentClear: empty,
  commands: needId,
  transfers: needId,
  openCancel: (r) => (isId(r.jobId) ? null : '"jobId" must be a job id string'),
  open: (r) => {
    if (r.jobId !== undefined && !isId(r.jobId)) return '"jobId" must be a job id string';
    const s = r.source;
    if (!isObj(s)) return '"source" must be an object';
    if (s.kind === 'path') return typeof s.path === 'string' && s.path.length > 0 && s.path.length < 4096 && !s.path.includes('\0') ? null : '"source.path" must be a non-empty path string';
    if (s.kind === 'upload') return isId(s.uploadId) ? null : '"source.uploadId" must be an upload id';
    if (s.kind === 'recent') return typeof s.key === 'string' && s.key.length > 0 && s.key.length < 256 ? null : '"source.key" must be a recent-entry key';
    if (s.kind === 'member') {
      if (!isId(s.id)) return '"source.id" must be a recording id string';
      return typeof s.memberPath === 'string' && s.memberPath.length > 0 && s.memberPath.length < 4096 && !s.memberPath.includes('\0') ? null : '"source.memberPath" must be a non-empty path inside the archive';
    }
    return '"source.kind" must be "path", "upload", "recent" or "member"';
  },
  summary: needId,
  cancel: needId,
  close: needId,
  media: needId,
  chunk: (r) => {
    if (!isId(r.id)) return '"id" must be a recording id string';
    const hasAt = r.atMs !== undefined;
    const hasIdx = r.chunkIndex !== undefined;
    if (hasAt === hasIdx) return 'exactly one of "atMs" and "chunkIndex" is required';
    if (hasAt && !isTime(r.atMs)) return '"atMs" must be a finite number >= 0';
    if (hasIdx && !(Number.isInteger(r.chunkIndex) && (r.chunkIndex as number) >= 0)) return '"chunkIndex" must be an integer >= 0';
    return null;
  },
  transcript: (r) => {
    if (!isId(r.id)) return '"id" must be a recording id string';
    if (!(Number.isInteger(r.from) && (r.from as number) >= 0)) return '"from" must be an integer >= 0';
    if (!(Number.isInteger(r.count) && (r.count as number) > 0 && (r.count as number) <= 10000)) return '"count" must be an integer from 1 to 10000';
    return null;
  },
  activity: needId,
  search: (r) => {
    if (!isId(r.id)) return '"id" must be a recording id string';
    if (typeof r.query !== 'string' || r.query.length === 0 || r.query.length > 1000) return '"query" must be a string of 1 to 1000 characters';
    for (const k of ['regex', 'caseSensitive', 'wholeWord'] as const) {
      if (r[k] !== undefined && typeof r[k] !== 'boolean') return `"${k}" must be a boolean`;
    }
    if (r.limit !== undefined && !(Number.isInteger(r.limit) && (r.limit as number) > 0 && (r.limit as number) <= 5000)) return '"limit" must be an integer from 1 to 5000';
    return null;
  },
  bookmarks: needId,
  bookmarkSave: (r) => {
    if (!isId(r.id)) return '"id" must be a recording id string';
    const b = r.bookmark;
    if (!isObj(b)) return '"bookmark" must be an object';
    if (b.id !== undefined && !isId(b.id)) return '"bookmark.id" must be a bookmark id string';
    if (!isTime(b.timeMs)) return '"bookmark.timeMs" must be a finite number >= 0';
    if (typeof b.note !== 'string' || b.note.length > 4000) return '"bookmark.note" must be a string of at most 4000 characters';
    return null;
  },
  bookmarkDelete: (r) => {
    if (!isId(r.id)) return '"id" must be a recording id string';
    return isId(r.bookmarkId) ? null : '"bookmarkId" must be a bookmark id string';
  },
  export: (r) => {
    if (!isId(r.id)) return '"id" must be a recording id string';
    if (!isTime(r.fromMs) || !isTime(r.toMs)) return '"fromMs" and "toMs" must be finite numbers >= 0';
    if ((r.toMs as number) <= (r.fromMs as number)) return '"toMs" must be after "fromMs"';
    if (!['cast', 'guac', 'txt', 'csv', 'bundle'].includes(r.format as string)) return '"format" must be "cast", "guac", "txt", "csv" or "bundle"';
    if (r.outPath !== undefined && !(typeof r.outPath === 'string' && r.outPath.length > 0 && r.outPath.length < 4096 && !r.outPath.includes('\0'))) return '"outPath" must be a non-empty path string';
    if (r.castVersion !== undefined && r.castVersion !== 2 && r.castVersion !== 3) return '"castVersion" must be 2 or 3';
    if (r.notes !== undefined && !(typeof r.notes === 'string' && r.notes.length <= 20000)) return '"notes" must be a string of at most 20000 characters';
    if (r.jobId !== undefined && !isId(r.jobId)) return '"jobId" must be a job id string';
    return null;
  },
  exportCancel: (r) => (isId(r.id) && isId(r.jobId) ? null : '"id" and "jobId" must be id strings'),
  saveExport: (r) => {
    if (typeof r.suggestedName !== 'string' || !/^[^\\/\0]{1,200}\.(webm|mp4)$/i.test(r.suggestedName)) return '"suggestedName" must be a file name ending .webm or .mp4';
    // 1 GiB of video at most in one request (the IPC message is held in memory whole).
    if (typeof r.dataBase64 !== 'string' || r.dataBase64.length === 0 || r.dataBase64.length > 1.4e9 || !/^[A-Za-z0-9+/]*={0,2}$/.test(r.dataBase64.slice(-64))) return '"dataBase64" must be non-empty base64';
    return null;
  },
  revealExport: (r) => (typeof r.path === 'string' && r.path.length > 0 && r.path.length < 4096 && !r.path.includes('\0') ? null : '"path" must be a non-empty path string'),
  settingsGet: empty,
  settingsSet: (r) => {
    const checked = checkSettingsPatch(r.patch);
    return checked.ok ? null : checked.message;
  },
  openFolder: (r) => (typeof r.path === 'string' && r.path.length > 0 && r.path.length < 4096 && !r.path.includes('\0') ? null : '"path" must be a non-empty path string'),
  scanCancel: (r) => (isId(r.scanId) ? null : '"scanId" must be a scan id string'),
  attachLog: (r) => {
    if (!isId(r.id)) return '"id" must be a recording id string';
    const s = r.source;
    if (!isObj(s)) return '"source" must be an object';
    if (s.kind === 'path') {
      if (!(typeof s.path === 'string' && s.path.length > 0 && s.path.length < 4096 && !s.path.includes('\0'))) return '"source.path" must be a non-empty path string';
    } else if (s.kind === 'upload') {
      if (!isId(s.uploadId)) return '"source.uploadId" must be an upload id';
    } else return '"source.kind" must be "path" or "upload" for a log';
    return r.onlyIfMatching === undefined || typeof r.onlyIfMatching === 'boolean' ? null : '"onlyIfMatching" must be true or false';
  },
  logs: needId,
  detachLog: (r) => (isId(r.id) ? (typeof r.logId === 'string' && /^[0-9a-f]{64}$/.test(r.logId) ? null : '"logId" must be a log id (a SHA-256 in hex)') : '"id" must be a recording id string'),
};

export function validateRequest<M extends Method>(method: M, req: unknown): { ok: true; req: Req<M> } | { ok: false; error: ApiError } {
  if (!isObj(req)) return { ok: false, error: { code: 'BAD_REQUEST', message: `${method}: the request must be a JSON object` } };
  const problem = checks[method](req);
  if (problem) return { ok: false, error: { code: 'BAD_REQUEST', message: `${method}: ${problem}` } };
  return { ok: true, req: req as Req<M> };
}
