/**
 * Reads a log file someone attaches to a recording (a JumpServer command-record or FTP-log export, CSV or
 * JSON). The file is evidence like the recording: opened read-only, never written. Size-limited; CSV is
 * fed to the parser in chunks (a JSON export is one document, so its text is parsed once at the end).
 * Which export it is comes from the content (the CSV header, the JSON rows' fields), not the file name.
 * Every problem names the file, the line (CSV) or row (JSON), the field and the value.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { TrailviewError } from '../../../shared/errors';
import {
  JumpServerCsvLog,
  logKindOfColumns,
  parseJumpServerJson,
  type LoggedCommand,
  type LoggedTransfer,
  type ParsedLog,
} from '../../../shared/formats/command-log/jumpserver-logs';

/** JumpServer exports a few hundred bytes a row: 64 MiB is far more than one session's log. */
export const DEFAULT_MAX_LOG_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

export interface LogFile {
  kind: 'commands' | 'transfers';
  commands: LoggedCommand[];
  transfers: LoggedTransfer[];
  /** Rows read (all sessions the export holds). */
  rows: number;
  sha256: string;
  sizeBytes: number;
}

const columnsHint = 'a JumpServer command record (input, timestamp, ...) or FTP log (operate, filename, date_start, ...)';

function jsonError(fileName: string, text: string, err: Error): TrailviewError {
  const at = /position (\d+)/.exec(err.message);
  const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
  return new TrailviewError('CORRUPT', `${fileName}${line !== undefined ? ` line ${line}` : ''}: not valid JSON (${err.message})`, line !== undefined ? { line } : {});
}

/** A parsed export as a LogFile, or the first problem as an error naming the file, line and field. */
export function checkParsedLog(fileName: string, parsed: ParsedLog, headerKind: 'commands' | 'transfers' | undefined): Omit<LogFile, 'sha256' | 'sizeBytes'> {
  const first = parsed.problems[0];
  if (first) {
    const more = parsed.problems.length - 1;
    throw new TrailviewError('CORRUPT', `${fileName} ${first.message}${more > 0 ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : ''}`, first.line !== undefined ? { line: first.line } : {});
  }
  const kind = parsed.commands.length > 0 ? 'commands' : parsed.transfers.length > 0 ? 'transfers' : headerKind;
  if (!kind) throw new TrailviewError('UNSUPPORTED_FORMAT', `${fileName}: no rows of ${columnsHint}`);
  return { kind, commands: parsed.commands, transfers: parsed.transfers, rows: parsed.commands.length + parsed.transfers.length };
}

export async function readLogFile(path: string, fileName: string, opts: { maxBytes?: number } = {}): Promise<LogFile> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  const stat = await fsp.stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new TrailviewError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'NOT_READABLE', `${fileName}: cannot read the log (${err.code ?? err.message})`);
  });
  if (!stat.isFile()) throw new TrailviewError('NOT_READABLE', `${fileName}: is not a file`);
  if (stat.size === 0) throw new TrailviewError('EMPTY_FILE', `${fileName}: the log file is empty`);
  if (stat.size > maxBytes) throw new TrailviewError('TOO_LARGE', `${fileName}: the log is ${stat.size} bytes, more than the limit of ${maxBytes} bytes for an attached log`);

  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8');
  let mode: 'csv' | 'json' | undefined;
  const csv = new JumpServerCsvLog();
  let jsonText = '';
  let pending = '';
  const feed = (text: string): void => {
    if (!mode) {
      pending += text;
      const head = pending.replace(/^\ufeff/, '').trimStart();
      if (!head) return;
      mode = head[0] === '[' || head[0] === '{' ? 'json' : 'csv';
      text = pending;
      pending = '';
    }
    if (mode === 'json') jsonText += text;
    else {
      csv.push(text);
      // Refuse a CSV that is not an export as soon as its header is known, not after reading all of it.
      if (csv.columns.length > 0 && !logKindOfColumns(csv.columns)) {
        throw new TrailviewError('UNSUPPORTED_FORMAT', `${fileName} line 1: the columns (${csv.columns.slice(0, 8).join(', ')}) are not ${columnsHint}`, { line: 1 });
      }
    }
  };

  let sizeBytes = 0;
  try {
    for await (const chunk of createReadStream(path, { flags: 'r', highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) throw new TrailviewError('TOO_LARGE', `${fileName}: the log grew past the limit of ${maxBytes} bytes while being read`);
      hash.update(chunk);
      feed(decoder.decode(chunk, { stream: true }));
    }
    feed(decoder.decode());
  } catch (err) {
    if (err instanceof TrailviewError) throw err;
    throw new TrailviewError('NOT_READABLE', `${fileName}: reading the log failed: ${(err as Error).message}`);
  }
  if (!mode) throw new TrailviewError('EMPTY_FILE', `${fileName}: the log file holds only white space`);

  let checked: Omit<LogFile, 'sha256' | 'sizeBytes'>;
  if (mode === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(jsonText.replace(/^\ufeff/, ''));
    } catch (err) {
      throw jsonError(fileName, jsonText, err as Error);
    }
    const parsed = parseJumpServerJson(value);
    if (parsed.kind === 'unknown' && parsed.problems.length > 0 && parsed.commands.length + parsed.transfers.length === 0) {
      throw new TrailviewError('UNSUPPORTED_FORMAT', `${fileName}: not ${columnsHint} export (${parsed.problems[0]!.message})`);
    }
    const firstRow = (Array.isArray(value) ? value[0] : (value as { results?: unknown[] }).results?.[0]) as Record<string, unknown> | undefined;
    checked = checkParsedLog(fileName, parsed, firstRow && typeof firstRow === 'object' ? logKindOfColumns(Object.keys(firstRow)) : undefined);
  } else {
    const parsed = csv.end();
    const headerKind = logKindOfColumns(csv.columns);
    if (!headerKind) throw new TrailviewError('UNSUPPORTED_FORMAT', `${fileName} line 1: the columns (${csv.columns.slice(0, 8).join(', ')}) are not ${columnsHint}`, { line: 1 });
    checked = checkParsedLog(fileName, parsed, headerKind);
  }
  return { ...checked, sha256: hash.digest('hex'), sizeBytes };
}
