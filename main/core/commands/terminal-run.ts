/**
 * Runs the command extractor over a terminal recording's indexed chunks, in the recording's worker: on
 * the first request once indexing has ended, chunk by chunk (yielding between chunks so other requests
 * are served). The finished result is kept in the data dir by content hash
 * (`commands/v1/<sha256>.json`), so the next open answers at once.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandEntry, TerminalChunk, TransferEntry } from '../../../shared/model';
import { TerminalCommandExtractor } from './terminal-extractor';

const STORE_VERSION = 1;

export interface TerminalCommandSource {
  /** Chunks indexed so far. */
  chunkCount(): number;
  /** Indexing is still running (more chunks may come). */
  indexing(): boolean;
  chunk(index: number): Promise<TerminalChunk>;
  /** Recording duration (final once indexing has ended). */
  durationMs(): number;
  /**
   * Resolves when nobody is seeking or searching: extraction waits for it before each chunk, so it
   * does not take the CPU from someone waiting on an answer (without it, extraction does not wait).
   */
  quiet?(): Promise<void>;
}

export interface CommandsResult {
  commands: CommandEntry[];
  transfers: TransferEntry[];
  partial: boolean;
}

interface Stored {
  version: number;
  commands: CommandEntry[];
  transfers: TransferEntry[];
}

export function commandStorePath(dataDir: string, sha256: string): string {
  return join(resolve(dataDir), 'commands', `v${STORE_VERSION}`, `${sha256}.json`);
}

export class TerminalCommandRun {
  private extractor: TerminalCommandExtractor | undefined;
  private nextChunk = 0;
  private done: { commands: CommandEntry[]; transfers: TransferEntry[] } | undefined;
  private catching: Promise<void> | undefined;

  constructor(
    private readonly source: TerminalCommandSource,
    private readonly store?: { dataDir: string; sha256: string },
  ) {
    if (store) this.done = loadStored(commandStorePath(store.dataDir, store.sha256));
  }

  /** Everything found in what is indexed now; `partial` while indexing (or extraction) has not reached the end. */
  async result(): Promise<CommandsResult> {
    // Extraction emulates the terminal as indexing does, on the same worker thread: run alongside the
    // indexer it halved indexing speed (bench, 100 MB cast: 9.7 -> 5.0 MB/s; extraction alone ~11 MB/s).
    // So it starts once the index is complete; until then the answer is an empty, partial list.
    if (!this.done && this.source.indexing()) return { commands: [], transfers: [], partial: true };
    await this.catchUp();
    if (this.done) return { commands: this.done.commands, transfers: this.done.transfers, partial: false };
    const ex = this.extractor;
    return { commands: ex ? [...ex.commands] : [], transfers: ex ? [...ex.transfers] : [], partial: true };
  }

  private catchUp(): Promise<void> {
    if (this.done) return Promise.resolve();
    // One pass at a time; a request arriving meanwhile waits for the same pass and then runs its own.
    const run = (this.catching ??= this.feed().finally(() => (this.catching = undefined)));
    return run;
  }

  private async feed(): Promise<void> {
    for (;;) {
      const count = this.source.chunkCount();
      const indexing = this.source.indexing();
      if (this.nextChunk >= count) {
        if (!indexing && count > 0) this.complete();
        return;
      }
      const chunk = await this.source.chunk(this.nextChunk);
      const ex = (this.extractor ??= new TerminalCommandExtractor(chunk.keyframe.cols, chunk.keyframe.rows));
      for (const e of chunk.events) ex.event(e);
      this.nextChunk++;
      await new Promise<void>((r) => setImmediate(r));
      await this.source.quiet?.();
    }
  }

  private complete(): void {
    const ex = this.extractor;
    if (!ex) return;
    ex.finish(this.source.durationMs());
    this.done = { commands: ex.commands, transfers: ex.transfers };
    this.extractor = undefined;
    if (this.store) saveStored(commandStorePath(this.store.dataDir, this.store.sha256), this.done);
  }
}

function loadStored(path: string): Stored | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Stored;
    if (value.version !== STORE_VERSION || !Array.isArray(value.commands) || !Array.isArray(value.transfers)) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

function saveStored(path: string, result: { commands: CommandEntry[]; transfers: TransferEntry[] }): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: STORE_VERSION, ...result } satisfies Stored));
    renameSync(temp, path);
  } catch {
    // Only a missed shortcut: the next open extracts again.
  }
}
