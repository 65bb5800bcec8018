/** Narrowing for tests that know which kind of recording they opened: fails loudly otherwise. */
import type { PlaybackChunk, RecordingSummary, TerminalChunk, TerminalSummary } from '../../../../shared/model';

export function terminalSummary(s: RecordingSummary): TerminalSummary {
  if (s.kind !== 'terminal') throw new Error(`expected a terminal recording, got ${s.kind} (${s.fileName})`);
  return s;
}

export function terminalChunk(c: PlaybackChunk): TerminalChunk {
  if (c.kind !== 'terminal') throw new Error(`expected a terminal chunk, got ${c.kind}`);
  return c;
}
