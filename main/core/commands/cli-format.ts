/**
 * `trailview commands` / `trailview transfers` output: JSON in the issue's shapes
 * (`[{timeMs, endMs?, command, exitCode?, risk?, context?}]`, `[{timeMs, endMs?, name, direction?, sizeBytes?,
 * tool, ok?}]`), CSV with the same columns (RFC 4180 quoting), or a table for people.
 */
import { formatDuration, type CommandEntry, type TransferEntry } from '../../../shared/model';

export type OutputFormat = 'json' | 'csv' | 'text';

const clock = (ms: number) => `${formatDuration(ms)}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;
const ms = (v: number) => Math.round(v);

export function commandRows(commands: readonly CommandEntry[]) {
  return commands.map((c) => ({
    timeMs: ms(c.timeMs),
    ...(c.endMs !== undefined ? { endMs: ms(c.endMs) } : {}),
    command: c.command,
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    ...(c.risk && c.risk.length > 0 ? { risk: c.risk } : {}),
    ...(c.context !== undefined ? { context: c.context } : {}),
  }));
}

export function transferRows(transfers: readonly TransferEntry[]) {
  return transfers.map((t) => ({
    timeMs: ms(t.timeMs),
    ...(t.endMs !== undefined ? { endMs: ms(t.endMs) } : {}),
    name: t.name,
    ...(t.direction !== undefined ? { direction: t.direction } : {}),
    ...(t.sizeBytes !== undefined ? { sizeBytes: t.sizeBytes } : {}),
    tool: t.tool,
    ...(t.ok !== undefined ? { ok: t.ok } : {}),
  }));
}

function csvField(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = Array.isArray(v) ? v.join(' ') : String(v);
  // Quote anything a spreadsheet could misread; a leading = + - @ is prefixed so it is never run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n']/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csv(columns: string[], rows: Record<string, unknown>[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function formatCommands(commands: readonly CommandEntry[], format: OutputFormat): string {
  const rows = commandRows(commands);
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (format === 'csv') return csv(['timeMs', 'endMs', 'command', 'exitCode', 'risk', 'context'], rows);
  return rows
    .map((r) => {
      const tags = [r.exitCode !== undefined ? `exit ${r.exitCode}` : '', r.risk ? `risk: ${r.risk.join(', ')}` : '', r.context ? `in ${r.context}` : ''].filter(Boolean);
      return `${clock(r.timeMs)}  ${r.command}${tags.length > 0 ? `   [${tags.join('; ')}]` : ''}`;
    })
    .join('\n');
}

/**
 * Commands and transfers as ONE CSV, in time order (a command before a transfer at the same time): a
 * `type` column (command or transfer), then the columns of both lists (`text` is the command, or the
 * transferred file's name); a column that does not apply to a row is empty.
 */
export function formatTimeline(commands: readonly CommandEntry[], transfers: readonly TransferEntry[]): string {
  const rows: Record<string, unknown>[] = [
    ...commandRows(commands).map(({ command, ...r }) => ({ type: 'command', text: command, ...r })),
    ...transferRows(transfers).map(({ name, ...r }) => ({ type: 'transfer', text: name, ...r })),
  ];
  rows.sort((a, b) => (a.timeMs as number) - (b.timeMs as number));
  return csv(['type', 'timeMs', 'endMs', 'text', 'exitCode', 'risk', 'context', 'direction', 'sizeBytes', 'tool', 'ok'], rows);
}

export function formatTransfers(transfers: readonly TransferEntry[], format: OutputFormat): string {
  const rows = transferRows(transfers);
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (format === 'csv') return csv(['timeMs', 'endMs', 'name', 'direction', 'sizeBytes', 'tool', 'ok'], rows);
  return rows
    .map((r) => {
      const how = [r.tool, r.direction, r.sizeBytes !== undefined ? `${r.sizeBytes} bytes` : '', r.ok === undefined ? '' : r.ok ? 'ok' : 'failed'].filter(Boolean);
      return `${clock(r.timeMs)}  ${r.name}   [${how.join(', ')}]`;
    })
    .join('\n');
}
