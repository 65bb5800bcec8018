/**
 * The command extractor waits for the index: while the recording is still being indexed it does not
 * read chunks (it would take the worker's CPU from the indexer) and answers an empty, partial list.
 */
import { describe, expect, it } from 'vitest';
import type { TerminalChunk } from '../../../shared/model';
import { TerminalCommandRun } from '../../../main/core/commands/terminal-run';

function chunk(): TerminalChunk {
  const events = [
    { timeMs: 0, code: 'o' as const, data: 'ops@web1:~$ ' },
    { timeMs: 1000, code: 'i' as const, data: 'uptime\r' },
    { timeMs: 1010, code: 'o' as const, data: 'uptime\r\n 10:00:00 up 3 days\r\nops@web1:~$ ' },
  ];
  return { kind: 'terminal', chunkIndex: 0, chunkCount: 1, keyframe: { timeMs: 0, eventIndex: 0, cols: 80, rows: 24, state: '' }, events, endMs: 2000, last: true };
}

describe('TerminalCommandRun while indexing', () => {
  it('reads no chunk until indexing ends, then finds the command', async () => {
    let indexing = true;
    let reads = 0;
    const run = new TerminalCommandRun({
      chunkCount: () => 1,
      indexing: () => indexing,
      chunk: async () => {
        reads++;
        return chunk();
      },
      durationMs: () => 2000,
    });
    expect(await run.result()).toEqual({ commands: [], transfers: [], partial: true });
    expect(reads).toBe(0);
    indexing = false;
    const done = await run.result();
    expect(done.partial).toBe(false);
    expect(done.commands.map((c) => c.command)).toEqual(['uptime']);
    expect(reads).toBe(1);
  });
});

describe('TerminalCommandRun while someone is seeking or searching', () => {
  it('reads no further chunk until the source is quiet, then finishes', async () => {
    let reads = 0;
    let release: () => void = () => {};
    let asked = 0;
    const run = new TerminalCommandRun({
      chunkCount: () => 2,
      indexing: () => false,
      chunk: async (i) => {
        reads++;
        return { ...chunk(), chunkIndex: i, chunkCount: 2, last: i === 1 };
      },
      durationMs: () => 2000,
      quiet: () => {
        asked++;
        return new Promise<void>((r) => (release = r));
      },
    });
    let settled = false;
    const result = run.result().then((r) => ((settled = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBe(1);
    expect(settled).toBe(false);
    release();
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toBe(2);
    expect(settled).toBe(false);
    release();
    const done = await result;
    expect(asked).toBe(2);
    expect(done.partial).toBe(false);
    expect(done.commands.map((c) => c.command)).toEqual(['uptime', 'uptime']);
  });
});
