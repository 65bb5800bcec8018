/**
 * One opened Guacamole recording, in its worker: the fast pass (frame table, text, activity), then the
 * keyframe pass; chunks are served from the source (plain) or the cache's decompressed copy (gzip) by
 * byte range, with the nearest keyframe's prelude.
 */
import { join } from 'node:path';
import { TrailviewError, toApiError } from '../../../shared/errors';
import type { Activity, DisplayChunk, DisplaySummary, IndexStatus, RecordingPart, SearchRequest, SearchResult, TextKind, Warning } from '../../../shared/model';
import { ActivityCounter } from '../activity';
import { CacheDamagedError } from '../cache';
import type { SessionEvent } from '../session';
import type { KindSession } from '../session-router';
import { fileStamp, hashSource, type SourceFile } from '../source';
import { TextIndex } from '../terminal/text-index';
import type { ScreenText, TranscriptPage } from '../types';
import { GuacCacheWriter, loadGuacCache, type LoadedGuacCache, preludeFile, PreludeWriter, readPrelude, readRange, type KeyframeEntry, type StoredLine } from './cache';
import { decodeChunk } from './chunk-text';
import { hashInThread } from '../hash-thread';
import type { OpenJob } from '../open-job';
import { readContent } from './fast-pass';
import { buildDisplaySummary, cachedFacts } from './display-summary';
import { FrameTable } from './frame-table';
import { chunkBytesFor, GuacIndexer, type GuacChunk, type GuacFacts } from './indexer';
import { keyframeBytesFor, runKeyframePass, type KeyframeDisplay } from './keyframes';
import { findParts, type FoundPart } from './part-files';
import type { PartsManifest } from './parts';
import { Waiters } from '../waiters';
import type { CommandEntry, TransferEntry } from '../../../shared/model';
import { withRisks } from '../commands/annotate';
import { guacCommands, guacTransfers } from '../commands/guac-commands';

const PROGRESS_INTERVAL_MS = 200;
/** From this size on, the file is hashed on another thread while it is indexed. */
const PARALLEL_HASH_MIN_BYTES = 16 * 1024 * 1024;
const SUMMARY_INTERVAL_MS = 1000;

export type DisplayFactory = () => Promise<KeyframeDisplay>;

/** How a session cuts chunks and spaces keyframes; derived from the file size unless a test sets it. */
export interface GuacLayout {
  chunkBytes: number;
  keyframeBytes: number;
}

/** gzip'd dumps (base64 images, protocol text) inflate about 3x: a guess at the content size. */
const GZIP_RATIO_GUESS = 3;

export function layoutFor(sizeBytes: number, compression: 'gzip' | 'none'): GuacLayout {
  const chunkBytes = chunkBytesFor(compression === 'gzip' ? sizeBytes * GZIP_RATIO_GUESS : sizeBytes);
  return { chunkBytes, keyframeBytes: keyframeBytesFor(chunkBytes) };
}

export class GuacSession implements KindSession {
  private file!: SourceFile & { sha256: string; compression: 'gzip' | 'none' };
  private dataDir = '';
  private path = '';
  private chunks: GuacChunk[] = [];
  private frames = new FrameTable();
  private text = new TextIndex();
  private kinds: TextKind[] = [];
  private facts: GuacFacts | undefined;
  private activityOf: () => Activity = () => new ActivityCounter().snapshot();
  private idle: DisplaySummary['idle'] = [];
  private keyframes = new Map<number, KeyframeEntry>();
  private preludePath = '';
  /** This session's keyframe pass's file (removed at close unless the pass finished). */
  private preludeWriter: PreludeWriter | undefined;
  private seekableUntilMs = 0;
  private keyframesDone = false;
  /** Where chunk bytes are read: the source (plain) or segments.bin (gzip). */
  private contentPath = '';
  private state: IndexStatus = { state: 'indexing', progress: 0, indexedUntilMs: 0, fromCache: false };
  private started = 0;
  private abort = new AbortController();
  private running: Promise<void> = Promise.resolve();
  private readonly waiters = new Waiters();
  private warnings: Warning[] = [];
  private lastProgressAt = 0;
  private lastSummaryAt = 0;
  private closed = false;
  private writer: GuacCacheWriter | undefined;
  /** The running fast pass was stopped on purpose (a cache turned up): its end changes nothing. */
  private superseded = false;
  private indexer: GuacIndexer | undefined;
  /** A part recording's parts (absent for a single dump). */
  private parts: FoundPart[] | undefined;
  private metadata: Record<string, unknown> | undefined;

  constructor(
    private readonly emit: (e: SessionEvent) => void,
    private readonly createDisplay: DisplayFactory | undefined,
    private readonly layout?: GuacLayout,
  ) {}

  /** Chunks are read from a decompressed copy in the cache (gzip sources, part recordings). */
  private get segmented(): boolean {
    return this.file.compression === 'gzip' || this.parts !== undefined;
  }

  private get cutting(): GuacLayout {
    return this.layout ?? layoutFor(this.file.sizeBytes, this.file.compression);
  }

  /**
   * Opens one Guacamole dump (`path`), or, with `manifest`, a part recording: the parts' contents in order
   * make one recording, identified by the manifest's and every part's SHA-256.
   */
  async open(path: string, dataDir: string, file: SourceFile, compression: 'gzip' | 'none', manifest?: PartsManifest, job?: OpenJob): Promise<DisplaySummary> {
    this.started = performance.now();
    this.path = path;
    this.dataDir = dataDir;
    if (manifest) {
      const found = await findParts(manifest, path);
      this.warnings.push(...found.warnings);
      this.parts = found.parts;
      this.metadata = manifest.metadata;
      this.file = { ...file, ...found.identity, compression: found.compression };
    } else if (file.sizeBytes >= PARALLEL_HASH_MIN_BYTES) {
      return this.openHashingAlongside(path, file, compression, job);
    } else {
      const { sha256, sizeBytes } = await hashSource(path, {
        name: file.fileName,
        ...(job?.signal ? { signal: job.signal } : {}),
        onProgress: (done, total) => job?.onProgress?.('hashing', done, total),
      });
      this.file = { ...file, sizeBytes, sha256, compression };
    }
    if (this.restoreCache()) return this.summary();
    this.running = this.fastPass();
    return this.firstChunk();
  }

  /**
   * A big dump: hashed on a thread of its own while the fast pass reads it here, so the hash costs no
   * indexing time. If the hash finds a cache, the pass stops and the cache is used.
   */
  private async openHashingAlongside(path: string, file: SourceFile, compression: 'gzip' | 'none', job?: OpenJob): Promise<DisplaySummary> {
    const hashing = hashInThread(path, file.fileName, job);
    this.file = { ...file, sha256: '', compression };
    this.running = this.fastPass(hashing.done);
    let hashed: { sha256: string; sizeBytes: number };
    try {
      hashed = await hashing.done;
    } catch (e) {
      this.superseded = true;
      this.abort.abort();
      await this.running;
      throw e;
    }
    this.file = { ...this.file, ...hashed };
    const cachedDir = loadGuacCache(this.dataDir, hashed.sha256);
    if (cachedDir) {
      this.superseded = true;
      this.abort.abort();
      await this.running;
      this.writer?.abort();
      this.writer = undefined;
      this.abort = new AbortController();
      this.indexer = undefined;
      this.chunks = [];
      this.text = new TextIndex();
      this.kinds = [];
      this.superseded = false;
      if (this.restoreCache(cachedDir)) return this.summary();
    }
    return this.firstChunk();
  }

  private async firstChunk(): Promise<DisplaySummary> {
    await this.waiters.until(() => this.chunks.length > 0 || this.state.state !== 'indexing');
    if (this.chunks.length === 0) {
      const err = this.state.error;
      throw err ? new TrailviewError(err.code, err.message, err) : new TrailviewError('CORRUPT', `${this.file.fileName}: no complete frame (sync) in it`);
    }
    return this.summary();
  }

  /** Serves the recording from its cache, if there is one. */
  private restoreCache(found?: LoadedGuacCache): boolean {
    const cached = found ?? loadGuacCache(this.dataDir, this.file.sha256);
    if (cached) {
      const { index } = cached;
      // The cached summary holds every warning of the first open already (missing parts included).
      this.warnings = [];
      this.chunks = index.chunks;
      this.frames = cached.frames;
      for (const [timeMs, kind, text] of cached.lines) this.addLine(text, timeMs, kind);
      this.facts = cachedFacts(index.summary);
      this.cachedParts = index.summary.parts;
      this.idle = index.summary.idle;
      const activity = index.activity;
      this.activityOf = () => activity;
      this.contentPath = this.segmented ? join(cached.dir, 'segments.bin') : this.path;
      this.preludePath = join(cached.dir, preludeFile(index));
      for (const k of index.keyframes.entries) this.keyframes.set(k.chunkIndex, k);
      this.keyframesDone = index.keyframes.done;
      this.seekableUntilMs = this.keyframesDone ? index.summary.durationMs : 0;
      this.state = { state: 'ready', progress: 1, indexedUntilMs: index.summary.durationMs, fromCache: true, elapsedMs: performance.now() - this.started };
      if (!this.keyframesDone) this.running = this.keyframePass(cached.dir);
      return true;
    }
    return false;
  }

  private addLine(text: string, timeMs: number, kind: TextKind): void {
    this.text.append(text, timeMs);
    this.kinds.push(kind);
  }

  /** `hashed`: the content hash still being computed alongside (a big dump); else this.file has it. */
  private async fastPass(hashed?: Promise<{ sha256: string }>): Promise<void> {
    const { fileName } = this.file;
    const sha256 = hashed ? undefined : this.file.sha256;
    const writer = new GuacCacheWriter(this.dataDir, sha256, this.segmented);
    this.writer = writer;
    this.contentPath = writer.segmentsPath ?? this.path;
    const lines: StoredLine[] = [];
    const indexer = new GuacIndexer(
      (c) => {
        this.chunks.push(c);
        this.state.indexedUntilMs = c.endMs;
        this.waiters.wake();
        this.maybeSummary();
      },
      (t) => {
        this.addLine(t.text, t.timeMs, t.kind);
        lines.push([t.timeMs, t.kind, t.text]);
      },
      this.cutting.chunkBytes,
    );
    this.facts = indexer.facts;
    this.frames = indexer.frames;
    this.idle = indexer.idle.stretches;
    this.activityOf = () => indexer.activity.snapshot();
    this.indexer = indexer;
    const sources = this.parts ?? [{ name: fileName, path: this.path, sha256, sizeBytes: this.file.sizeBytes, hashedAlongside: hashed !== undefined }];
    try {
      const { contentBytes, stamps } = await readContent({
        fileName,
        sources,
        multiPart: this.parts !== undefined,
        indexer,
        writer,
        signal: this.abort.signal,
        progress: (fraction) => this.progress(fraction),
      });
      if (hashed) {
        // Read here and hashed on the other thread: the same bytes if the file's size and times stayed
        // the same from the start of this read until the hash was done.
        await hashed;
        if (this.superseded) return;
        if (stamps[0] === null || (await fileStamp(this.path)) !== stamps[0]) throw new TrailviewError('CORRUPT', `${fileName}: the file changed while it was being read (its size or modification time changed)`);
      }
      indexer.finish();
      // Instructions after the last sync are never shown (a client draws a frame at its sync): guacd ends
      // every recording with a few such (disposing the cursor). A cut-off instruction is the parser's warning.
      if (this.chunks.length === 0) throw new TrailviewError('CORRUPT', `${fileName}: no complete frame (sync instruction) in ${contentBytes} bytes of Guacamole protocol`);
      this.state = { ...this.state, state: 'ready', progress: 1, indexedUntilMs: indexer.facts.durationMs, elapsedMs: performance.now() - this.started };
      let dir: string | undefined;
      try {
        dir = writer.finish({ summary: this.summary(), activity: indexer.activity.snapshot(), chunks: this.chunks, keyframes: { done: false, entries: [] } }, this.frames, lines, this.file.sha256);
        this.writer = undefined;
        if (this.segmented) this.contentPath = join(dir, 'segments.bin');
      } catch (e) {
        this.warnings.push({ code: 'BAD_DATA', message: `the index cache could not be saved (${(e as Error).message}); the next open indexes again` });
      }
      // Until the cache is saved this thread answers nothing, so the index is ready only now.
      this.state.elapsedMs = performance.now() - this.started;
      this.waiters.wake();
      this.emitSummary();
      if (dir) await this.keyframePass(dir);
    } catch (error) {
      if (this.superseded) return;
      indexer.finish();
      const cancelled = error instanceof TrailviewError && error.code === 'CANCELLED';
      this.state = { ...this.state, state: cancelled ? 'cancelled' : 'failed', elapsedMs: performance.now() - this.started };
      if (!cancelled) this.state.error = toApiError(error);
      this.waiters.wake();
      if (!this.closed) this.emitSummary();
    }
  }

  private async keyframePass(dir: string): Promise<void> {
    if (!this.createDisplay || this.closed) return;
    const writer = new PreludeWriter(dir);
    this.preludeWriter = writer;
    this.preludePath = writer.path;
    this.keyframes.clear();
    let done = false;
    try {
      await runKeyframePass({
        path: this.contentPath,
        fileName: this.file.fileName,
        chunks: this.chunks,
        createDisplay: this.createDisplay,
        keyframeBytes: this.cutting.keyframeBytes,
        signal: this.abort.signal,
        onPrelude: (chunkIndex, prelude) => this.keyframes.set(chunkIndex, writer.add(chunkIndex, prelude)),
        onProgress: (timeMs) => {
          this.seekableUntilMs = timeMs;
          this.maybeSummary();
        },
      });
      done = true;
      this.keyframesDone = true;
      this.seekableUntilMs = this.facts?.durationMs ?? 0;
    } catch (e) {
      if (!(e instanceof TrailviewError && e.code === 'CANCELLED')) {
        this.warnings.push({ code: 'BAD_DATA', message: `keyframes could not be made (${(e as Error).message}); seeking replays from the start` });
      }
    } finally {
      writer.close(done ? (index) => ({ ...index, summary: this.summary(), keyframes: { done: true, entries: writer.entries } }) : undefined);
    }
    if (!this.closed) this.emitSummary();
  }

  private maybeSummary(): void {
    const now = performance.now();
    if (now - this.lastSummaryAt < SUMMARY_INTERVAL_MS) return;
    this.lastSummaryAt = now;
    this.emitSummary();
  }

  private emitSummary(): void {
    // Not before the hash is known: the recording has no id yet.
    if (!this.file.sha256) return;
    this.emit({ event: 'summary', payload: this.summary() });
  }

  private progress(fraction: number): void {
    this.state.progress = fraction;
    const now = performance.now();
    if (now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    if (!this.file.sha256) return;
    const s = this.summary();
    this.emit({ event: 'progress', payload: { id: s.id, progress: fraction, indexedUntilMs: this.state.indexedUntilMs, durationMs: s.durationMs } });
  }

  /** The parts on the timeline: as indexed, or as cached. */
  private get partList(): RecordingPart[] | undefined {
    return this.indexer && this.indexer.parts.length > 0 ? this.indexer.parts : this.cachedParts;
  }
  private cachedParts: RecordingPart[] | undefined;

  summary(): DisplaySummary {
    if (!this.file || !this.facts) throw new TrailviewError('NOT_FOUND', 'the recording is not open');
    return buildDisplaySummary({
      file: this.file,
      facts: this.facts,
      frames: this.frames.count,
      // A copy: the indexer adds to its array while a summary already sent may still be in use.
      idle: [...this.idle],
      warnings: this.warnings,
      index: this.state,
      seekableUntilMs: this.keyframesDone ? this.facts.durationMs : this.seekableUntilMs,
      ...(this.metadata ? { metadata: this.metadata } : {}),
      ...(this.partList ? { parts: this.partList } : {}),
    });
  }


  private get indexing(): boolean {
    return this.state.state === 'indexing';
  }

  async chunk(at: { atMs?: number; chunkIndex?: number }): Promise<DisplayChunk> {
    let index: number;
    if (at.chunkIndex !== undefined) {
      const want = at.chunkIndex;
      await this.waiters.until(() => want < this.chunks.length || !this.indexing);
      if (want < 0 || want >= this.chunks.length) throw new TrailviewError('NOT_FOUND', `chunk ${want} does not exist: the recording has ${this.chunks.length} chunks`);
      index = want;
    } else {
      const atMs = at.atMs ?? 0;
      await this.waiters.until(() => !this.indexing || (this.chunks.length > 0 && this.chunks[this.chunks.length - 1]!.endMs > atMs));
      index = findChunk(this.chunks, atMs);
    }
    const c = this.chunks[index]!;
    let keyframeChunk = index;
    while (keyframeChunk > 0 && !this.keyframes.has(keyframeChunk) && !this.chunks[keyframeChunk]!.resetsDisplay) keyframeChunk--;
    const entry = this.keyframes.get(index);
    const bytes = this.readContent(c.startOffset, c.endOffset - c.startOffset);
    const { timesMs } = this.frames.slice(c.firstFrame, c.firstFrame + c.frameCount);
    const { endOffsets } = this.frames.slice(c.firstFrame, c.firstFrame + c.frameCount);
    const decoded = decodeChunk(bytes, endOffsets.map((o) => o - c.startOffset));
    return {
      kind: 'display',
      chunkIndex: index,
      chunkCount: this.chunks.length,
      startMs: c.startMs,
      endMs: c.endMs,
      last: index === this.chunks.length - 1 && !this.indexing,
      keyframeChunk,
      ...(c.resetsDisplay ? { resetsDisplay: true, prelude: '' } : entry ? { prelude: readPrelude(this.preludePath, entry) } : {}),
      instructions: decoded.text,
      frameTimesMs: timesMs,
      frameEnds: decoded.ends,
    };
  }

  private readContent(offset: number, length: number): Buffer {
    try {
      return readRange(this.contentPath, offset, length);
    } catch (e) {
      // The temp cache may have just been renamed into place: the path moved with it.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || e instanceof CacheDamagedError) return readRange(this.contentPath, offset, length);
      throw e;
    }
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const result = this.text.search(req, this.indexing);
    return { ...result, hits: result.hits.map((h) => ({ ...h, kind: this.kinds[h.lineIndex] ?? 'typed' })) };
  }

  async screenAt(): Promise<ScreenText> {
    throw new TrailviewError('UNSUPPORTED_HERE', `${this.file.fileName} is a Guacamole (remote desktop) recording: it has no text screen to print; play it in the app`);
  }

  async transcriptPage(from: number, count: number): Promise<TranscriptPage> {
    await this.waiters.until(() => !this.indexing || this.text.lineCount > from);
    const lines = [];
    for (let i = from; i < Math.min(this.text.lineCount, from + count); i++) lines.push({ timeMs: this.text.timeAt(i), text: this.text.textAt(i), kind: this.kinds[i] ?? 'typed' });
    return { lines, total: this.text.lineCount, done: !this.indexing && from + lines.length >= this.text.lineCount };
  }

  async activity(): Promise<Activity> {
    return this.activityOf();
  }

  async whenIndexed(): Promise<DisplaySummary> {
    await this.waiters.until(() => !this.indexing);
    return this.summary();
  }

  /** Resolves once the keyframe pass has ended too (tests, the bench). */
  async whenKeyframed(): Promise<void> {
    await this.running;
  }

  /** Typed lines as commands, with the window title at the time as context (main/core/commands). */
  async commands(): Promise<{ commands: CommandEntry[]; partial: boolean }> {
    const lines = [];
    for (let i = 0; i < this.text.lineCount; i++) lines.push({ timeMs: this.text.timeAt(i), text: this.text.textAt(i), kind: this.kinds[i] ?? 'typed' });
    return { commands: withRisks(guacCommands(lines)), partial: this.indexing };
  }

  async transfers(): Promise<{ transfers: TransferEntry[]; partial: boolean }> {
    return { transfers: guacTransfers(this.summary().display.transfers), partial: this.indexing };
  }

  async cancel(): Promise<boolean> {
    if (!this.indexing) return false;
    this.abort.abort();
    await this.running;
    return true;
  }

  async close(): Promise<boolean> {
    this.closed = true;
    this.abort.abort();
    await this.running;
    this.writer?.abort();
    this.preludeWriter?.discard();
    this.waiters.clear();
    return true;
  }
}

function findChunk(chunks: GuacChunk[], atMs: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid]!.startMs <= atMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
