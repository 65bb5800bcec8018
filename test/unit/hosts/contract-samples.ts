/**
 * One valid request per contract method. Typed as a complete table, so adding a method to
 * shared/api.ts without a sample here is a type error, and the tests walk METHODS at runtime.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Method, Req } from '../../../shared/api';

let sampleLog: string | undefined;
/** A one-row JumpServer command-record export in a temp folder (attachLog needs a real log to read). */
function sampleLogPath(): string {
  if (!sampleLog) {
    sampleLog = join(mkdtempSync(join(tmpdir(), 'tv-contract-log-')), 'commands.csv');
    writeFileSync(sampleLog, 'input,output,risk_level,timestamp,session\nls,,0,1700000000,contract-sample\n');
  }
  return sampleLog;
}

export function sampleRequests(ctx: { id: string; path: string }): { [M in Method]: Req<M> } {
  return {
    appInfo: {},
    library: {},
    open: { source: { kind: 'path', path: ctx.path }, jobId: 'open-sample-1' },
    openCancel: { jobId: 'no-such-open' },
    openDialog: {},
    summary: { id: ctx.id },
    chunk: { id: ctx.id, atMs: 0 },
    search: { id: ctx.id, query: 'hello' },
    transcript: { id: ctx.id, from: 0, count: 100 },
    activity: { id: ctx.id },
    cancel: { id: ctx.id },
    close: { id: ctx.id },
    recentList: {},
    recentClear: {},
    commands: { id: ctx.id },
    transfers: { id: ctx.id },
    media: { id: ctx.id },
    bookmarks: { id: ctx.id },
    bookmarkSave: { id: ctx.id, bookmark: { timeMs: 0, note: 'contract sample' } },
    bookmarkDelete: { id: ctx.id, bookmarkId: 'no-such-bookmark' },
    export: { id: ctx.id, fromMs: 0, toMs: 500, format: 'txt' },
    exportCancel: { id: ctx.id, jobId: 'no-such-job' },
    saveExport: { suggestedName: 'contract-sample.webm', dataBase64: 'GkXfow==' },
    revealExport: { path: 'not-an-export.webm' },
    settingsGet: {},
    settingsSet: { patch: { theme: 'dark' } },
    // The folder holding the sample recording: scanned and opened (the same content: the same id).
    openFolder: { path: ctx.path.slice(0, Math.max(ctx.path.lastIndexOf('/'), ctx.path.lastIndexOf('\\'))) },
    scanCancel: { scanId: 'scan-none' },
    attachLog: { id: ctx.id, source: { kind: 'path', path: sampleLogPath() } },
    logs: { id: ctx.id },
    detachLog: { id: ctx.id, logId: 'a'.repeat(64) },
  };
}

/** Shapes every method must refuse with BAD_REQUEST. */
export const BAD_REQUESTS: { method: Method; req: unknown }[] = [
  { method: 'appInfo', req: null },
  { method: 'library', req: [] },
  { method: 'open', req: {} },
  { method: 'open', req: { source: { kind: 'path', path: '' } } },
  { method: 'open', req: { source: { kind: 'url', url: 'https://x' } } },
  { method: 'summary', req: { id: '../../etc/passwd' } },
  { method: 'chunk', req: { id: 'abc' } },
  { method: 'chunk', req: { id: 'abc', atMs: -1 } },
  { method: 'chunk', req: { id: 'abc', atMs: 0, chunkIndex: 0 } },
  { method: 'search', req: { id: 'abc', query: '' } },
  { method: 'search', req: { id: 'abc', query: 'x', regex: 'yes' } },
  { method: 'transcript', req: { id: 'abc', from: -1, count: 10 } },
  { method: 'transcript', req: { id: 'abc', from: 0, count: 0 } },
  { method: 'activity', req: { id: 'a b' } },
  { method: 'cancel', req: 'abc' },
  { method: 'close', req: { id: 42 } },
  { method: 'media', req: { id: '' } },
  { method: 'bookmarks', req: { id: '' } },
  { method: 'bookmarkSave', req: { id: 'abc', bookmark: { timeMs: -5, note: '' } } },
  { method: 'bookmarkSave', req: { id: 'abc', bookmark: { id: '../x', timeMs: 0, note: '' } } },
  { method: 'bookmarkDelete', req: { id: 'abc' } },
  { method: 'export', req: { id: 'abc', fromMs: 10, toMs: 5, format: 'txt' } },
  { method: 'export', req: { id: 'abc', fromMs: 0, toMs: 5, format: 'mp4' } },
  { method: 'exportCancel', req: { id: 'abc' } },
  { method: 'openCancel', req: {} },
  { method: 'openCancel', req: { jobId: 'a/b' } },
  { method: 'open', req: { source: { kind: 'path', path: '/x' }, jobId: 7 } },
  { method: 'saveExport', req: { suggestedName: '../x.webm', dataBase64: 'AA==' } },
  { method: 'saveExport', req: { suggestedName: 'x.exe', dataBase64: 'AA==' } },
  { method: 'revealExport', req: { path: '' } },
  { method: 'settingsSet', req: { patch: { theme: 'blue' } } },
  { method: 'settingsSet', req: { patch: { nope: 1 } } },
  { method: 'openFolder', req: { path: '' } },
  { method: 'scanCancel', req: { scanId: '../x' } },
  { method: 'openDialog', req: { folder: 'yes' } },
  { method: 'attachLog', req: { id: 'abc', source: { kind: 'recent', key: 'x' } } },
  { method: 'attachLog', req: { id: 'abc', source: { kind: 'path', path: '' } } },
  { method: 'logs', req: {} },
  { method: 'detachLog', req: { id: 'abc', logId: '../x' } },
];
