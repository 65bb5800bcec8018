/**
 * Merges a JumpServer command-record / FTP-log export into what the recording showed: rows of this
 * session (by session id when both sides have one, else by falling inside the recording's wall-clock
 * span) are placed on the timeline; a logged command that matches a derived one (same text, within
 * MATCH_WINDOW_MS) enriches it (log risk), the rest are added with source 'log'.
 */
import type { LoggedCommand, LoggedTransfer } from '../../../shared/formats/command-log/jumpserver-logs';
import type { CommandEntry, TransferEntry } from '../../../shared/model';

export const MATCH_WINDOW_MS = 5000;
/** Log rows a little before the start or after the end still belong (clocks of two machines). */
const SPAN_SLACK_MS = 60_000;

export interface SessionClock {
  sessionId?: string;
  startEpochMs: number;
  durationMs: number;
}

function belongs(row: { session?: string; epochMs: number }, clock: SessionClock): boolean {
  if (row.session && clock.sessionId) return row.session === clock.sessionId;
  const t = row.epochMs - clock.startEpochMs;
  return t >= -SPAN_SLACK_MS && t <= clock.durationMs + SPAN_SLACK_MS;
}

const clampTime = (t: number, clock: SessionClock) => Math.min(Math.max(0, t), clock.durationMs);

export function mergeCommandLog(derived: readonly CommandEntry[], logged: readonly LoggedCommand[], clock: SessionClock): CommandEntry[] {
  const out = derived.map((c) => ({ ...c }));
  const used = new Set<number>();
  for (const row of logged) {
    if (!belongs(row, clock)) continue;
    const timeMs = clampTime(row.epochMs - clock.startEpochMs, clock);
    const text = row.input.trim();
    let best = -1;
    out.forEach((c, i) => {
      if (used.has(i) || c.command !== text || Math.abs(c.timeMs - timeMs) > MATCH_WINDOW_MS) return;
      if (best < 0 || Math.abs(c.timeMs - timeMs) < Math.abs(out[best]!.timeMs - timeMs)) best = i;
    });
    const flagged = (row.riskLevel ?? 0) > 0;
    if (best >= 0) {
      used.add(best);
      if (flagged) out[best]!.risk = [...new Set([...(out[best]!.risk ?? []), 'log-flagged'])];
      continue;
    }
    const entry: CommandEntry = { timeMs, command: text, source: 'log' };
    if (flagged) entry.risk = ['log-flagged'];
    if (row.output) entry.outputPreview = row.output.split(/\r?\n/).filter((l) => l.trim()).slice(0, 3);
    out.push(entry);
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

export function mergeTransferLog(derived: readonly TransferEntry[], logged: readonly LoggedTransfer[], clock: SessionClock): TransferEntry[] {
  const out = derived.map((t) => ({ ...t }));
  for (const row of logged) {
    if (!belongs(row, clock)) continue;
    const op = row.operate.toLowerCase();
    const direction = /upload|上传/.test(op) ? 'upload' : /download|下载/.test(op) ? 'download' : undefined;
    if (!direction) continue;
    const timeMs = clampTime(row.epochMs - clock.startEpochMs, clock);
    const base = row.filename.replace(/^.*[/\\]/, '');
    const same = out.find((t) => (t.name === row.filename || t.name.replace(/^.*[/\\]/, '') === base) && Math.abs(t.timeMs - timeMs) <= MATCH_WINDOW_MS);
    if (same) {
      if (row.ok !== undefined) same.ok = row.ok;
      same.direction ??= direction;
      continue;
    }
    const entry: TransferEntry = { timeMs, name: row.filename, direction, tool: 'log' };
    if (row.ok !== undefined) entry.ok = row.ok;
    out.push(entry);
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}
