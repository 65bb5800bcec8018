/**
 * One opened recording: the code that runs in its worker (or inline in tests). Opens the file (sniff,
 * hash, cache or index), answers chunk/search/screen/transcript requests from the cache files and the
 * in-memory text index, and reports progress and summary changes through `emit`.
 */
import { join } from 'node:path';
import { TrailviewError, toApiError } from '../../shared/errors';
import { detectTerminalFormat, isGzip } from '../../shared/formats/detect';
import type { Activity, RecordingSummary, SearchRequest, SearchResult, TerminalChunk } from '../../shared/model';
import { CacheDamagedError, discardCache, loadCache, loadCacheText, readChunk, type ChunkEntry } from './cache';
import { ActivityCounter } from './activity';
import { IndexRun } from './index-run';
import { screenFromChunk } from './screen';
import type { OpenJob } from './open-job';
import { gunzipHead, hashSource, readHead } from './source';
import type { TextIndex } from './terminal/text-index';
import type { ScreenText, TranscriptLine, TranscriptPage } from './types';
import { buildSummary, type SummaryBase } from './summary';
import { Waiters } from './waiters';
import type { CommandEntry, TransferEntry } from '../../shared/model';
import { withRisks } from './commands/annotate';
import { TerminalCommandRun, type CommandsResult } from './commands/terminal-run';
import { contentBytes, splitMinBytes, splitPoint } from './terminal/split';
import { tailSpawner } from './terminal/tail-thread';
import { SplitDivergedError } from './terminal/tail-join';
import { HelperLostError, SplitSearch } from './terminal/search-helper';

export type SessionEvent =
  | { event: 'progress'; payload: { id: string; progress: number; indexedUntilMs: number; durationMs: number } }
  | { event: 'summary'; payload: RecordingSummary }
  | { event: 'exportProgress'; payload: { id: string; jobId: string; progress: number } }
  | { event: 'openProgress'; payload: { jobId: string; fileName: string; phase: 'hashing' | 'unpacking'; progress: number } };

// The page redraws its progress bar and seek bar on each: twice a second is enough, and leaves the CPU to indexing.
const PROGRESS_INTERVAL_MS = 500;
const SUMMARY_INTERVAL_MS = 1000;
/**
 * Background work (command extraction) pauses until this long after the last seek, search, screen or
 * transcript request: someone clicking through a recording gets the CPU (with the browser, two cores
 * here) without sharing it. Playback's chunk requests (by index) do not count: it would starve.
 */
const INTERACTIVE_QUIET_MS = 300;

export class RecordingSession {
  private base: SummaryBase | undefined;
  private chunks: ChunkEntry[] = [];
  private segmentsPath = '';
  private text: TextIndex | undefined;
  /** A big complete text index, half of it in a search helper thread (terminal/search-helper.ts). */
  private splitSearch: SplitSearch | undefined;
  /** The text being loaded from the cache again after the helper was lost. */
  private reloading: Promise<void> | undefined;
  /** From the cache, when the recording was opened from it. */
  private cachedActivity: Activity | undefined;
  /** Set while indexing runs. */
  private run: IndexRun | undefined;
  /** The last indexing pass, kept after it ended so close() can remove its temp cache. */
  private lastRun: IndexRun | undefined;
  private state: RecordingSummary['index'] = { state: 'indexing', progress: 0, indexedUntilMs: 0, fromCache: false };
  private started = 0;
  private readonly waiters = new Waiters();
  private ended: Promise<void> = Promise.resolve();
  private lastProgressAt = 0;
  /** When the last request someone waits on came in (see INTERACTIVE_QUIET_MS). */
  private askedAt = 0;
  private lastSummaryAt = 0;
  private closed = false;
  /** The index became a cache (renamed into place): close() must not remove it. */
  private cacheSaved = false;
  /** What open() was given, kept so a damaged cache can be rebuilt later. */
  private source:
    | {
        path: string;
        dataDir: string;
        file: Omit<SummaryBase, 'indexer' | 'warnings' | 'fromSummary'>;
        /** Index on two threads, split here (terminal/split.ts); `alone` after the threads disagreed. */
        split?: { atBytes: number; alone: boolean };
      }
    | undefined;
  /** 0 while serving what open() found; 1 once a damaged cache is being rebuilt. */
  private generation = 0;
  /** Commands and transfers, extracted from the indexed chunks on first request (main/core/commands). */
  private commandRun: TerminalCommandRun | undefined;

  constructor(private readonly emit: (e: SessionEvent) => void) {}

  /** `displayName` names the file in messages and the summary (an upload's stored file is `<sha256>`). */
  async open(path: string, dataDir: string, displayName?: string, job?: OpenJob): Promise<RecordingSummary> {
    this.started = performance.now();
    const head = await readHead(path, displayName);
    const gzip = isGzip(head.head);
    const sniff = gzip ? await gunzipHead(head.fileName, head.head) : head.head;
    if (sniff.length === 0) throw new TrailviewError('EMPTY_FILE', `${head.fileName}: the file is empty once decompressed`);
    const wholeFileSeen = !gzip && head.head.length === head.sizeBytes;
    if (wholeFileSeen && sniff.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
      throw new TrailviewError('EMPTY_FILE', `${head.fileName}: holds only whitespace (${sniff.length} bytes)`);
    }
    const detection = detectTerminalFormat(sniff);
    if (!detection.ok) throw new TrailviewError('UNSUPPORTED_FORMAT', `${head.fileName}: not a recording Trailview knows (asciicast, koko or Guacamole): ${detection.reason}`);
    const { sha256, sizeBytes } = await hashSource(path, {
      name: head.fileName,
      ...(job?.signal ? { signal: job.signal } : {}),
      onProgress: (done, total) => job?.onProgress?.('hashing', done, total),
    });
    const file = { fileName: head.fileName, sizeBytes, sha256, compression: gzip ? ('gzip' as const) : ('none' as const) };

    this.source = { path, dataDir, file };

    const cached = loadCache(dataDir, sha256);
    if (cached) {
      this.chunks = cached.index.chunks;
      this.cachedActivity = cached.index.activity;
      this.segmentsPath = join(cached.dir, 'segments.bin');
      this.base = { ...file, fromSummary: cached.index.summary };
      const duration = cached.index.summary.durationMs;
      this.state = { state: 'ready', progress: 1, indexedUntilMs: duration, fromCache: true, elapsedMs: performance.now() - this.started };
      // The text index (and the full check of the cache) loads after open() has answered.
      this.ended = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => loadCacheText(cached))
        .then(
          (text) => {
            if (this.generation !== 0) return;
            this.text = text;
            this.startSplitSearch();
            this.waiters.wake();
          },
          () => this.rebuild(),
        );
      return this.summary();
    }

    // Big recordings are indexed on two threads where the worker bundle can start a second one.
    if (tailSpawner()) {
      const at = splitPoint(await contentBytes(path, sizeBytes, gzip).catch(() => 0), splitMinBytes());
      if (at !== undefined) this.source.split = { atBytes: at, alone: false };
    }
    const run = this.startRun();
    // Resolve as soon as the first screen can be played: chunk 0 exists (or indexing already ended).
    await this.waiters.until(() => this.chunks.length > 0 || this.run === undefined || this.state.state !== 'indexing');
    if (this.chunks.length === 0) {
      run.writer.abort();
      const err = this.state.error;
      throw err ? new TrailviewError(err.code, err.message, err) : new TrailviewError('CORRUPT', `${file.fileName}: nothing playable in it`);
    }
    return this.summary();
  }

  private startRun(): IndexRun {
    const { path, dataDir, file, split: splitAt } = this.source!;
    const spawn = splitAt?.alone ? undefined : tailSpawner();
    const split = splitAt ? { splitAtBytes: splitAt.atBytes, ...(spawn ? { spawn } : {}) } : undefined;
    const run = new IndexRun(
      path,
      file.fileName,
      file.sha256,
      dataDir,
      {
        chunk: (entry) => this.addChunk(entry),
        progress: (read, size) => this.progress(read / size),
      },
      split,
    );
    this.run = run;
    this.lastRun = run;
    this.text = run.indexer.text;
    this.segmentsPath = run.writer.segmentsPath;
    this.base = { ...file, indexer: run.indexer, warnings: run.warnings };
    this.ended = run.run().then((result) => this.finishRun(result.outcome, result.error));
    return run;
  }

  /**
   * The loaded cache turned out damaged (a chunk or text file failed its CRC): throw it away and index
   * again, as if there had been no cache. Requests waiting on chunks or text are served by the new run.
   */
  private rebuild(): void {
    if (this.closed || this.generation !== 0 || !this.source) return;
    this.generation++;
    this.stopSplitSearch();
    discardCache(this.source.dataDir, this.source.file.sha256);
    this.chunks = [];
    this.state = { state: 'indexing', progress: 0, indexedUntilMs: 0, fromCache: false };
    this.started = performance.now();
    this.startRun();
    this.waiters.wake();
    this.emit({ event: 'summary', payload: this.summary() });
  }

  private addChunk(entry: ChunkEntry): void {
    this.chunks.push(entry);
    this.state.indexedUntilMs = entry.endMs;
    this.waiters.wake();
    const now = performance.now();
    if (now - this.lastSummaryAt >= SUMMARY_INTERVAL_MS && this.chunks.length > 1) {
      this.lastSummaryAt = now;
      this.emit({ event: 'summary', payload: this.summary() });
    }
  }

  private progress(fraction: number): void {
    this.state.progress = fraction;
    const now = performance.now();
    if (now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    const s = this.summary();
    this.emit({ event: 'progress', payload: { id: s.id, progress: fraction, indexedUntilMs: this.state.indexedUntilMs, durationMs: s.durationMs } });
  }

  private finishRun(outcome: 'done' | 'cancelled' | 'failed', error: unknown): void {
    const run = this.run!;
    if (error instanceof SplitDivergedError && this.source?.split && !this.closed) {
      // Index again on this thread alone, cutting chunks where this run did: the chunks published so
      // far (up to where the threads joined) come out the same.
      run.writer.abort();
      this.source.split.alone = true;
      this.chunks = [];
      this.startRun();
      this.waiters.wake();
      return;
    }
    this.state.elapsedMs = performance.now() - this.started;
    if (outcome === 'done') {
      this.state = { ...this.state, state: 'ready', progress: 1, indexedUntilMs: run.indexer.facts.durationMs };
      if (run.join?.state === 'joined') this.state.threads = 2;
      try {
        const dir = run.writer.finish(this.summary(), run.indexer.text, run.indexer.activity.snapshot());
        this.segmentsPath = join(dir, 'segments.bin');
        this.cacheSaved = true;
      } catch (e) {
        // The recording is fine; only the cache could not be kept (full disk, permissions). Playback
        // goes on from the temp files until close() removes them.
        run.warnings.push({ code: 'BAD_DATA', message: `the index cache could not be saved (${(e as Error).message}); the next open indexes again` });
      }
      // Until the cache is saved this thread answers nothing, so the index is ready only now.
      this.state.elapsedMs = performance.now() - this.started;
      // Only with the text saved: a lost helper takes its half of the text with it (see reloadText).
      if (this.cacheSaved && !this.closed) this.startSplitSearch();
      // Command extraction waits as after a seek: the search helper is starting now, the page is taking
      // in the finished index, and whoever watched it index is about to seek (the first seek after a
      // 100 MB cast indexed waited 60-70 ms for the host while extraction, still cold, began).
      this.asked();
    } else {
      this.state = { ...this.state, state: outcome, error: outcome === 'failed' ? toApiError(error) : undefined };
      if (outcome === 'cancelled') delete this.state.error;
    }
    this.run = undefined;
    this.waiters.wake();
    if (!this.closed) this.emit({ event: 'summary', payload: this.summary() });
  }

  summary(): RecordingSummary {
    if (!this.base) throw new TrailviewError('NOT_FOUND', 'the recording is not open');
    return buildSummary(this.base, { ...this.state });
  }


  private get indexing(): boolean {
    return this.run !== undefined;
  }

  async chunk(at: { atMs?: number; chunkIndex?: number }): Promise<TerminalChunk> {
    if (at.chunkIndex === undefined) this.asked();
    return this.readChunkAt(at);
  }

  private asked(): void {
    this.askedAt = performance.now();
  }

  /** Resolves once no seek, search, screen or transcript request came in for INTERACTIVE_QUIET_MS. */
  private async quiet(): Promise<void> {
    for (;;) {
      const wait = this.askedAt + INTERACTIVE_QUIET_MS - performance.now();
      if (wait <= 0 || this.closed) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async readChunkAt(at: { atMs?: number; chunkIndex?: number }): Promise<TerminalChunk> {
    let index: number;
    if (at.chunkIndex !== undefined) {
      const want = at.chunkIndex;
      await this.waiters.until(() => want < this.chunks.length || !this.indexing);
      if (want < 0 || want >= this.chunks.length) {
        throw new TrailviewError('NOT_FOUND', `chunk ${want} does not exist: the recording has ${this.chunks.length} chunks`);
      }
      index = want;
    } else {
      const atMs = at.atMs ?? 0;
      // Beyond what is indexed yet: wait until a chunk covers it or indexing ends.
      await this.waiters.until(() => !this.indexing || (this.chunks.length > 0 && this.chunks[this.chunks.length - 1]!.endMs > atMs));
      index = findChunk(this.chunks, atMs);
    }
    const entry = this.chunks[index]!;
    const generation = this.generation;
    let stored: ReturnType<typeof readChunk>;
    try {
      stored = this.readStored(entry);
    } catch (e) {
      // A damaged cached chunk (or one whose cache was discarded meanwhile): serve it from a rebuild.
      if (generation === this.generation && !(e instanceof CacheDamagedError && this.state.fromCache)) throw e;
      this.rebuild();
      return this.readChunkAt(at);
    }
    return {
      kind: 'terminal',
      chunkIndex: index,
      chunkCount: this.chunks.length,
      keyframe: stored.keyframe,
      events: stored.events,
      endMs: entry.endMs,
      last: index === this.chunks.length - 1 && !this.indexing,
    };
  }

  private readStored(entry: ChunkEntry): ReturnType<typeof readChunk> {
    try {
      return readChunk(this.segmentsPath, entry);
    } catch (e) {
      // The temp cache may have just been renamed into place: retry at the new path once.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return readChunk(this.segmentsPath, entry);
      throw e;
    }
  }

  /** The text index exists (a cached one loads after open() answered). */
  private textLoaded(): Promise<TextIndex> {
    return new Promise((resolve) => this.waiters.waitFor(() => this.text !== undefined, () => resolve(this.text!)));
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    this.asked();
    const text = await this.textLoaded();
    const split = this.splitSearch;
    if (!split) return text.search(req, this.indexing);
    try {
      return await split.search(req, false);
    } catch (e) {
      if (!(e instanceof HelperLostError)) throw e;
      await this.reloadText(split);
      return this.search(req);
    }
  }

  /** The text index is complete and saved: a big one gets a search helper thread (search-helper.ts). */
  private startSplitSearch(): void {
    this.stopSplitSearch();
    if (this.text) this.splitSearch = SplitSearch.start(this.text);
  }

  private stopSplitSearch(): void {
    this.splitSearch?.stop();
    this.splitSearch = undefined;
  }

  /**
   * The helper holding half of the text was lost: load the text from the cache again (searches then
   * run on this thread), or index again if the cache is gone or damaged.
   */
  private reloadText(lost: SplitSearch): Promise<void> {
    if (this.splitSearch !== lost) return this.reloading ?? Promise.resolve();
    this.stopSplitSearch();
    this.text = undefined;
    const generation = this.generation;
    const source = this.source!;
    const loaded = loadCache(source.dataDir, source.file.sha256);
    const load = loaded ? loadCacheText(loaded) : Promise.reject(new Error('the cache is gone'));
    this.reloading = load.then(
      (text) => {
        if (generation !== this.generation || this.closed) return;
        this.text = text;
        this.waiters.wake();
      },
      () => this.rebuild(),
    );
    return this.reloading;
  }

  async screenAt(atMs: number): Promise<ScreenText> {
    return screenFromChunk(await this.chunk({ atMs }), atMs);
  }

  /** Lines [from, from + count); `done` when there are no more and indexing has ended. */
  async transcriptPage(from: number, count: number): Promise<TranscriptPage> {
    this.asked();
    await this.textLoaded();
    await this.waiters.until(() => this.text !== undefined && (!this.indexing || this.text.lineCount > from));
    const text = this.text!;
    const split = this.splitSearch;
    const end = Math.min(text.lineCount, from + count);
    const texts: string[] = [];
    for (let i = from; i < end; ) {
      if (text.isLocal(i)) {
        texts.push(text.textAt(i++));
        continue;
      }
      // Lines the search helper holds (one run of them).
      let j = i;
      while (j < end && !text.isLocal(j)) j++;
      try {
        texts.push(...(await split!.lines(i, j - i)));
      } catch (e) {
        if (!(e instanceof HelperLostError)) throw e;
        await this.reloadText(split!);
        return this.transcriptPage(from, count);
      }
      i = j;
    }
    const lines: TranscriptLine[] = texts.map((t, k) => ({ timeMs: text.timeAt(from + k), text: t }));
    return { lines, total: text.lineCount, done: !this.indexing && from + lines.length >= text.lineCount };
  }

  async activity(): Promise<Activity> {
    if (this.run) return this.run.indexer.activity.snapshot();
    if (this.cachedActivity) return this.cachedActivity;
    return (this.lastRun?.indexer.activity ?? new ActivityCounter()).snapshot();
  }

  async whenIndexed(): Promise<RecordingSummary> {
    // A rebuild replaces `ended` while the cached text is loading: wait for whichever ends last.
    for (let ended = this.ended; ; ended = this.ended) {
      await ended;
      if (ended === this.ended) break;
    }
    return this.summary();
  }

  async commands(): Promise<{ commands: CommandEntry[]; partial: boolean }> {
    const r = await this.commandResult();
    return { commands: withRisks(r.commands), partial: r.partial };
  }

  async transfers(): Promise<{ transfers: TransferEntry[]; partial: boolean }> {
    const r = await this.commandResult();
    return { transfers: r.transfers, partial: r.partial };
  }

  private commandResult(): Promise<CommandsResult> {
    if (!this.base) throw new TrailviewError('NOT_FOUND', 'the recording is not open');
    const store = this.source ? { dataDir: this.source.dataDir, sha256: this.source.file.sha256 } : undefined;
    this.commandRun ??= new TerminalCommandRun(
      {
        chunkCount: () => this.chunks.length,
        indexing: () => this.indexing || this.state.state === 'indexing',
        chunk: (chunkIndex) => this.readChunkAt({ chunkIndex }),
        durationMs: () => this.summary().durationMs,
        quiet: () => this.quiet(),
      },
      store,
    );
    return this.commandRun.result();
  }

  async cancel(): Promise<boolean> {
    const run = this.run;
    if (!run) return false;
    run.cancel();
    await this.ended;
    return true;
  }

  /** Stops indexing and removes a temp cache (a cancelled or failed index never becomes a cache). */
  async close(): Promise<boolean> {
    this.closed = true;
    this.stopSplitSearch();
    if (this.run) await this.cancel();
    if (this.lastRun && !this.cacheSaved) this.lastRun.writer.abort();
    this.waiters.clear();
    return true;
  }
}

export function findChunk(chunks: ChunkEntry[], atMs: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid]!.startMs <= atMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
