/**
 * What a `commands` / `transfers` answer is made of: the entries derived from the recording, the rows of
 * every log attached to it (merge.ts), and the person's risk rules, applied last so an edited rule set
 * counts at once. Pure: the host and the CLI both use it.
 */
import type { CommandEntry, RecordingSummary, TransferEntry } from '../../../shared/model';
import type { LoggedCommand, LoggedTransfer } from '../../../shared/formats/command-log/jumpserver-logs';
import { defaultRiskRules, type CompiledRiskRule } from '../../../shared/risk-rules';
import { withRisks } from './annotate';
import { mergeCommandLog, mergeTransferLog, type SessionClock } from './merge';

export interface LogRows {
  commands: readonly LoggedCommand[];
  transfers: readonly LoggedTransfer[];
}

/**
 * Where the recording sits on the wall clock: the session metadata's start, else the asciicast header's
 * timestamp. Without either, log rows cannot be placed on its timeline (undefined).
 */
export function sessionClock(s: RecordingSummary): SessionClock | undefined {
  const startEpochMs = s.session?.startEpochMs ?? (s.kind === 'terminal' ? s.terminal.startedAtEpochMs : undefined);
  if (startEpochMs === undefined) return undefined;
  const clock: SessionClock = { startEpochMs, durationMs: s.durationMs };
  if (s.session?.sessionId) clock.sessionId = s.session.sessionId;
  return clock;
}

/** How many of a log's rows belong to this recording (by session id, else by time), as the merge places them. */
export function matchingRows(log: LogRows, clock: SessionClock | undefined): number {
  if (!clock) return 0;
  return mergeCommandLog([], log.commands, clock).length + mergeTransferLog([], log.transfers, clock).length;
}

export function applyCommandLogs(derived: readonly CommandEntry[], logs: readonly LogRows[], clock: SessionClock | undefined, rules: readonly CompiledRiskRule[] = defaultRiskRules()): CommandEntry[] {
  // The core flagged these with the default rules; drop those flags so only the rules in force remain.
  let out: CommandEntry[] = derived.map(({ risk: _risk, ...rest }) => rest);
  if (clock) for (const log of logs) if (log.commands.length > 0) out = mergeCommandLog(out, log.commands, clock);
  return withRisks(out, rules);
}

export function applyTransferLogs(derived: readonly TransferEntry[], logs: readonly LogRows[], clock: SessionClock | undefined): TransferEntry[] {
  let out = derived.slice();
  if (clock) for (const log of logs) if (log.transfers.length > 0) out = mergeTransferLog(out, log.transfers, clock);
  return out;
}
