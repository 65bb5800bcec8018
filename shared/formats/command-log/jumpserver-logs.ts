/**
 * JumpServer's log exports, read as pure functions: the command-record export (fields input, output,
 * risk_level, timestamp, session ...) and the FTP log export (operate, filename, is_success, date_start,
 * session ...), as CSV (header row; English or Chinese column names) or JSON (an array of objects, or
 * `{results: [...]}` as the API pages it). Times become Unix epoch milliseconds.
 */
import { CsvReader } from './csv';

export interface LoggedCommand {
  epochMs: number;
  input: string;
  output?: string;
  /** JumpServer: 0 accepted, 4 warning, 5 rejected ... (kept as given); > 0 means flagged. */
  riskLevel?: number;
  session?: string;
}

export interface LoggedTransfer {
  epochMs: number;
  /** As exported: Upload, Download, Delete, Rename, Mkdir ... */
  operate: string;
  filename: string;
  ok?: boolean;
  session?: string;
}

export interface LogProblem {
  row: number;
  /** The line the row starts on (CSV; a quoted field may span lines). */
  line?: number;
  message: string;
}

export interface ParsedLog {
  kind: 'commands' | 'transfers' | 'unknown';
  commands: LoggedCommand[];
  transfers: LoggedTransfer[];
  problems: LogProblem[];
}

const ALIASES: Record<string, string> = {
  input: 'input', 命令: 'input', command: 'input',
  output: 'output', 输出: 'output',
  risk_level: 'risk_level', 风险等级: 'risk_level', risk: 'risk_level',
  timestamp: 'timestamp', 日期: 'timestamp', date_created: 'timestamp', datetime: 'timestamp',
  session: 'session', 会话: 'session', session_id: 'session',
  operate: 'operate', 操作: 'operate', action: 'operate',
  filename: 'filename', 文件名: 'filename', file: 'filename',
  is_success: 'is_success', 成功: 'is_success', 是否成功: 'is_success',
  date_start: 'date_start', 开始日期: 'date_start',
};

const norm = (k: string) => ALIASES[k.trim().toLowerCase()] ?? ALIASES[k.trim()] ?? k.trim().toLowerCase();

/** What a header row (or a JSON row's keys) says the export is: a command record, an FTP log, or neither. */
export function logKindOfColumns(columns: readonly string[]): 'commands' | 'transfers' | undefined {
  const known = new Set(columns.map(norm));
  if (known.has('input') && known.has('timestamp')) return 'commands';
  if (known.has('operate') && known.has('filename')) return 'transfers';
  return undefined;
}

/** Seconds, milliseconds, or an ISO / "YYYY-MM-DD HH:MM:SS [+ZZZZ]" date (no zone: UTC). */
export function parseLogTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e11 ? v : v * 1000;
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return parseLogTime(Number(s));
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) + Math.round(ms);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
    t -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return t;
}

function truthy(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'success', '成功', '是'].includes(s)) return true;
  if (['false', '0', 'no', 'failed', '失败', '否'].includes(s)) return false;
  return undefined;
}

function fromRecords(records: Record<string, unknown>[], lines?: readonly number[]): ParsedLog {
  const out: ParsedLog = { kind: 'unknown', commands: [], transfers: [], problems: [] };
  records.forEach((raw, index) => {
    const r: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) r[norm(k)] = v;
    const row = index + 1;
    const line = lines?.[index];
    const where = line !== undefined ? `line ${line}` : `row ${row}`;
    const problem = (message: string) => void out.problems.push({ row, ...(line !== undefined ? { line } : {}), message: `${where}: ${message}` });
    if ('input' in r) {
      out.kind = 'commands';
      const epochMs = parseLogTime(r.timestamp);
      if (epochMs === undefined) return problem(`"timestamp" ${JSON.stringify(r.timestamp ?? '')} is not a date`);
      const c: LoggedCommand = { epochMs, input: String(r.input ?? '') };
      if (typeof r.output === 'string' && r.output) c.output = r.output;
      const risk = Number(typeof r.risk_level === 'object' && r.risk_level !== null ? (r.risk_level as { value?: unknown }).value : r.risk_level);
      if (Number.isFinite(risk)) c.riskLevel = risk;
      if (r.session) c.session = String(r.session);
      out.commands.push(c);
    } else if ('filename' in r && 'operate' in r) {
      out.kind = 'transfers';
      const epochMs = parseLogTime(r.date_start ?? r.timestamp);
      if (epochMs === undefined) return problem(`"date_start" ${JSON.stringify(r.date_start ?? r.timestamp ?? '')} is not a date`);
      const operate = typeof r.operate === 'object' && r.operate !== null ? String((r.operate as { value?: unknown }).value ?? '') : String(r.operate);
      const t: LoggedTransfer = { epochMs, operate, filename: String(r.filename) };
      const ok = truthy(r.is_success);
      if (ok !== undefined) t.ok = ok;
      if (r.session) t.session = String(r.session);
      out.transfers.push(t);
    } else {
      problem('neither a command record (input, timestamp) nor an FTP log entry (operate, filename, date_start)');
    }
  });
  return out;
}

/** A CSV export, fed in chunks. */
export class JumpServerCsvLog {
  private header: string[] | undefined;
  private readonly records: Record<string, unknown>[] = [];
  private readonly lines: number[] = [];
  private readonly reader = new CsvReader((fields, line) => {
    if (!this.header) {
      this.header = fields;
      return;
    }
    this.lines.push(line);
    const rec: Record<string, unknown> = {};
    this.header.forEach((h, i) => (rec[h] = fields[i] ?? ''));
    this.records.push(rec);
  });

  push(text: string): void {
    this.reader.push(text);
  }

  end(): ParsedLog {
    this.reader.end();
    return fromRecords(this.records, this.lines);
  }

  /** The header row as read (empty until the first row has ended): tells a log from other CSV early. */
  get columns(): readonly string[] {
    return this.header ?? [];
  }
}

/** A JSON export (the export holds one document; its rows are what is kept, not the text). */
export function parseJumpServerJson(value: unknown): ParsedLog {
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as { results?: unknown }).results) ? (value as { results: unknown[] }).results : undefined;
  if (!list) return { kind: 'unknown', commands: [], transfers: [], problems: [{ row: 0, message: 'the JSON is neither an array of log rows nor an object with a "results" array' }] };
  return fromRecords(list.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r)));
}
