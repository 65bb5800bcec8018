/**
 * Commands and transfers of a terminal recording file straight from its events (parser -> extractor),
 * without an index: for tools, the accuracy bench and tests. The app runs the same extractor over the
 * indexed chunks instead (terminal-run.ts).
 */
import { createTerminalParser } from '../../../shared/formats/asciicast';
import type { CommandEntry, TransferEntry } from '../../../shared/model';
import { readSource } from '../source';
import { TerminalCommandExtractor } from './terminal-extractor';

export async function extractTerminalFile(path: string): Promise<{ commands: CommandEntry[]; transfers: TransferEntry[] }> {
  let ex: TerminalCommandExtractor | undefined;
  let endMs = 0;
  const parser = createTerminalParser({
    header: (h) => void (ex = new TerminalCommandExtractor(h.terminal.cols, h.terminal.rows)),
    event: (e) => {
      endMs = e.timeMs;
      ex?.event(e);
    },
    warning: () => undefined,
  });
  await readSource(path, { onData: (bytes) => parser.push(bytes) });
  parser.end();
  const done = ex as TerminalCommandExtractor | undefined;
  if (!done) return { commands: [], transfers: [] };
  done.finish(endMs);
  return { commands: done.commands, transfers: done.transfers };
}
