/**
 * The terminal player: restores a chunk's keyframe to seek, then plays events on a clock.
 * Everything that touches a screen goes through a TerminalSink (xterm.js in the app, a fake in tests).
 */
import type { ApiError, RecordingSummary, SearchHit, TerminalChunk, TerminalTheme, TimeMs } from '../../../shared/model';
import { ChunkCache, type ChunkFetcher } from '../chunk-cache';
import { clampSpeed, DEFAULT_IDLE_CAP_MS, type SkipIdle } from '../clock';
import type { FitMode, PlayerEngine, PlayerListener, PlayerSnapshot, PlayerState } from '../engine';
import { clampTime, showTimeOf } from '../navigation';
import { LatestWins } from '../latest-wins';
import { browserScheduler, Wakeable, type Scheduler } from '../scheduler';
import { OpsBuilder, type TerminalSink } from '../sink';
import { findVisibleTime, followChunk } from './chunk-follow';
import { Playhead, restoreAt } from './playhead';
import { firstFrameMs } from './terminal-events';

export interface TerminalEngineOptions {
  fetchChunk: ChunkFetcher;
  createSink: (el: HTMLElement) => TerminalSink;
  scheduler?: Scheduler;
}

/** A frame longer than this (a hidden window, a debugger pause) counts as this long: no leaps. */
const MAX_FRAME_MS = 1000;
/**
 * Output handed to the terminal and not parsed yet, above which the clock holds still: at high speeds a
 * heavy recording would otherwise run ahead of what is on screen (Tabby's watermark idea).
 */
const BACKLOG_HIGH_CHARS = 512 * 1024;
/** While playing at the edge of what is indexed, how often to look for more data. */
const WAIT_FOR_DATA_MS = 400;
/** How long a seek beyond the indexed part waits for progress before asking the host regardless. */
const WAIT_FOR_INDEX_MS = 5000;

export class TerminalEngine implements PlayerEngine {
  private readonly opts: TerminalEngineOptions;
  private readonly sched: Scheduler;
  private readonly head = new Playhead();
  private readonly listeners = new Set<PlayerListener>();
  private sink: TerminalSink | null = null;
  private summary: RecordingSummary | null = null;
  private cache: ChunkCache | null = null;
  /** Bumped by every load: async work started for an older recording checks it and stops. */
  private gen = 0;
  private st: PlayerState = 'loading';
  private speed = 1;
  private skip: SkipIdle = { on: false, capMs: DEFAULT_IDLE_CAP_MS };
  private capExplicit = false;
  private fitMode: FitMode = 'fit';
  private theme: { rec: TerminalTheme | undefined; dark: boolean } = { rec: undefined, dark: true };
  private wantPlay = false;
  private cancelFrame: (() => void) | null = null;
  private lastWall = 0;
  private buffering = false;
  private waitingFor: TerminalChunk | null = null;
  private readonly waiter: Wakeable;
  private readonly seeks: LatestWins<TimeMs>;
  private lastSeekMs: number | null = null;
  private lastSeekWriteMs: number | null = null;
  private seekCount = 0;
  private error: ApiError | null = null;

  constructor(opts: TerminalEngineOptions) {
    this.opts = opts;
    this.sched = opts.scheduler ?? browserScheduler;
    this.waiter = new Wakeable(this.sched);
    this.seeks = new LatestWins<TimeMs>(
      (target, superseded) => this.seekOnce(target, superseded),
      () => {
        if (this.wantPlay && this.st === 'playing') this.startFrames();
        this.notify();
      },
    );
  }

  get currentTimeMs(): TimeMs {
    return this.head.timeMs;
  }

  get state(): PlayerState {
    return this.st;
  }

  mount(el: HTMLElement): void {
    this.sink?.dispose();
    this.sink = this.opts.createSink(el);
    this.sink.setTheme(this.theme.rec, this.theme.dark);
    this.sink.fit(this.fitMode);
    if (this.summary) void this.seek(this.head.timeMs);
  }

  async load(summary: RecordingSummary, startAtMs?: TimeMs): Promise<void> {
    this.stopFrames();
    const gen = ++this.gen;
    this.summary = summary;
    this.cache = new ChunkCache(this.opts.fetchChunk, summary.id);
    this.head.clear();
    this.wantPlay = false;
    this.buffering = false;
    this.error = null;
    this.lastSeekMs = null;
    this.lastSeekWriteMs = null;
    this.st = 'loading';
    this.waiter.wake();
    this.adoptIdleCap(summary);
    this.notify();
    let start = startAtMs;
    if (start === undefined) {
      const first = await this.cache.byIndex(0);
      if (gen !== this.gen) return;
      start = first.ok ? showTimeOf(firstFrameMs(first.value)) : 0;
    }
    await this.seek(start);
    if (gen === this.gen && this.st === 'loading') {
      this.st = this.wantPlay ? 'playing' : 'ready';
      if (this.wantPlay) this.startFrames();
      this.notify();
    }
  }

  updateSummary(summary: RecordingSummary): void {
    if (!this.summary || summary.id !== this.summary.id) return;
    this.summary = summary;
    this.adoptIdleCap(summary);
    this.waiter.wake();
    this.notify();
  }

  seek(ms: TimeMs): Promise<void> {
    if (!this.summary) return Promise.resolve();
    this.stopFrames();
    const done = this.seeks.push(clampTime(ms, this.summary.durationMs));
    this.notify();
    return done;
  }

  play(): void {
    if (!this.summary || this.st === 'error') return;
    this.wantPlay = true;
    if (this.st === 'loading') return;
    const restart = this.st === 'ended' || this.atEnd();
    this.st = 'playing';
    if (restart) void this.seek(0);
    else if (!this.seeks.busy) this.startFrames();
    this.prefetchNext();
    this.notify();
  }

  pause(): void {
    this.wantPlay = false;
    this.stopFrames();
    if (this.st === 'playing') this.st = 'paused';
    this.buffering = false;
    this.notify();
  }

  toggle(): void {
    if (this.wantPlay) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    // The clock integrates per frame, so a new speed applies from the next frame on: no jump.
    this.speed = clampSpeed(speed);
    this.notify();
  }

  setSkipIdle(on: boolean, capMs?: number): void {
    if (capMs !== undefined && capMs > 0) this.capExplicit = true;
    this.skip = { on, capMs: capMs && capMs > 0 ? capMs : this.skip.capMs };
    this.notify();
  }

  async step(dir: 1 | -1): Promise<void> {
    this.pause();
    await this.seeks.settled();
    const c = this.head.chunk;
    if (!c || !this.cache) return;
    const gen = this.gen;
    const target = await findVisibleTime(this.cache, c, this.head.timeMs, dir);
    if (gen !== this.gen || target === null) return;
    if (dir > 0 && this.head.chunk === c && target < c.endMs) {
      // Forward inside the current chunk: write just the next events, no restore.
      const ops = new OpsBuilder();
      this.head.moveTo(ops, target);
      await new Promise<void>((resolve) => (this.sink ? this.sink.apply(ops.build(), resolve) : resolve()));
      this.notify();
      return;
    }
    await this.seek(target);
  }

  snapshot(): PlayerSnapshot {
    return {
      id: this.summary?.id ?? null,
      state: this.st,
      timeMs: Math.round(this.head.timeMs),
      durationMs: this.summary?.durationMs ?? 0,
      speed: this.speed,
      seeking: this.seeks.busy,
      buffering: this.buffering,
      skipIdle: this.skip.on,
      idleCapMs: this.skip.capMs,
      fitMode: this.fitMode,
      lastSeekMs: this.lastSeekMs,
      lastSeekWriteMs: this.lastSeekWriteMs,
      seekCount: this.seekCount,
      error: this.error,
    };
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fit(): void {
    this.sink?.fit(this.fitMode);
  }

  setFitMode(mode: FitMode): void {
    this.fitMode = mode;
    this.fit();
    this.notify();
  }

  setTheme(recordingTheme: TerminalTheme | undefined, dark: boolean): void {
    this.theme = { rec: recordingTheme, dark };
    this.sink?.setTheme(recordingTheme, dark);
  }

  highlight(hit: SearchHit): boolean {
    return this.sink?.highlight(hit) ?? false;
  }

  selectionText(): string {
    return this.sink?.selectionText() ?? '';
  }

  dispose(): void {
    this.stopFrames();
    this.gen++;
    this.waiter.wake();
    this.sink?.dispose();
    this.sink = null;
    this.listeners.clear();
  }

  // ---- seeking -------------------------------------------------------------------------------

  /** One seek; skipped (before writing) when a newer target is already waiting. */
  private async seekOnce(target: TimeMs, superseded: () => boolean): Promise<void> {
    const gen = this.gen;
    const cache = this.cache;
    if (!cache) return;
    const started = this.sched.now();
    // Data not indexed yet: wait here for progress rather than parking a request at the host (a browser
    // has only a few connections per host). After a while ask anyway, in case progress events are lost.
    const giveUpAt = started + WAIT_FOR_INDEX_MS;
    while (this.notIndexedYet(target) && this.sched.now() < giveUpAt) {
      await Promise.race([this.waiter.sleep(WAIT_FOR_DATA_MS), this.seeks.nextPush()]);
      if (gen !== this.gen || superseded()) return;
    }
    // The host holds requests for data not indexed yet; a newer target must not queue behind that.
    const r = await Promise.race([cache.at(target), this.seeks.nextPush().then(() => null)]);
    if (r === null || gen !== this.gen || superseded()) return;
    if (!r.ok) return this.fail(r.error);
    const restore = restoreAt(r.value, target);
    const writeStarted = this.sched.now();
    await new Promise<void>((resolve) => {
      if (this.sink) this.sink.restore(restore.cols, restore.rows, restore.ops, resolve);
      else resolve();
    });
    if (gen !== this.gen) return;
    this.head.commit(restore);
    this.buffering = false;
    this.error = null;
    this.lastSeekMs = this.sched.now() - started;
    this.lastSeekWriteMs = this.sched.now() - writeStarted;
    // The seek counts as settled (data-seeking=false) once the new screen is drawn, so whoever waits on
    // it reads the right text; the figures above stop at "terminal written".
    await new Promise<void>((resolve) => (this.sink ? this.sink.afterPaint(resolve) : resolve()));
    if (gen !== this.gen) return;
    this.seekCount++;
    if (this.st === 'ended' || this.st === 'error') this.st = this.wantPlay ? 'playing' : 'paused';
    if (this.wantPlay) this.prefetchNext();
  }

  /**
   * The chunk playback will cross into next. Only when playing (or about to): while paused, someone
   * clicking around the seek bar would have each seek's fetch queue behind the last seek's prefetch.
   */
  private prefetchNext(): void {
    const c = this.head.chunk;
    if (c && !c.last) this.cache?.prefetch(c.chunkIndex + 1);
  }

  private fail(error: ApiError): void {
    this.error = error;
    this.st = 'error';
    this.wantPlay = false;
    this.stopFrames();
  }

  // ---- playing -------------------------------------------------------------------------------

  private startFrames(): void {
    if (this.cancelFrame) return;
    this.lastWall = this.sched.now();
    this.cancelFrame = this.sched.frame(() => this.tick());
  }

  private stopFrames(): void {
    this.cancelFrame?.();
    this.cancelFrame = null;
  }

  private tick(): void {
    this.cancelFrame = null;
    if (!this.wantPlay || this.seeks.busy) return;
    const now = this.sched.now();
    const dt = Math.min(now - this.lastWall, MAX_FRAME_MS);
    this.lastWall = now;
    if (this.sink && this.sink.backlogChars() > BACKLOG_HIGH_CHARS) {
      this.cancelFrame = this.sched.frame(() => this.tick());
      return;
    }
    const ops = new OpsBuilder();
    const cache = this.cache;
    const outcome = this.head.advance(
      dt,
      this.speed,
      this.skip,
      ops,
      (i) => cache?.peek(i),
      (c) => cache?.prefetch(c.chunkIndex + 1),
    );
    if (!ops.empty) this.sink?.apply(ops.build());
    this.buffering = outcome === 'starved';
    if (outcome === 'ended') this.finish();
    if (outcome === 'starved' && this.head.chunk) this.waitForMore(this.head.chunk);
    this.notify();
    if (this.wantPlay && this.st === 'playing') this.cancelFrame = this.sched.frame(() => this.tick());
  }

  private finish(): void {
    this.st = 'ended';
    this.wantPlay = false;
    this.buffering = false;
    this.stopFrames();
  }

  /** At the end of chunk `c` with no next chunk yet (still indexing, or `c` itself is still growing). */
  private waitForMore(c: TerminalChunk): void {
    if (this.waitingFor === c || !this.cache) return;
    this.waitingFor = c;
    const gen = this.gen;
    const stillWanted = (): boolean => gen === this.gen && this.head.chunk === c && this.wantPlay;
    void followChunk(c, {
      cache: this.cache,
      stillWanted,
      indexingStopped: () => this.summary !== null && this.summary.index.state !== 'indexing',
      sleep: () => this.waiter.sleep(WAIT_FOR_DATA_MS),
    }).then((r) => {
      if (this.waitingFor === c) this.waitingFor = null;
      if (!stillWanted()) return;
      if (r.kind === 'same') this.head.replaceChunk(r.chunk);
      else if (r.kind === 'next') this.head.next = r.chunk;
      else if (r.kind === 'end') {
        // Indexing stopped (cancelled or failed) before the recording's end: what exists is all there is.
        this.finish();
        this.notify();
      }
    });
  }

  private adoptIdleCap(summary: RecordingSummary): void {
    if (!this.capExplicit) this.skip = { ...this.skip, capMs: (summary.kind === 'terminal' ? summary.terminal.idleTimeLimitMs : undefined) ?? DEFAULT_IDLE_CAP_MS };
  }

  private notIndexedYet(t: TimeMs): boolean {
    const s = this.summary;
    return s !== null && s.index.state === 'indexing' && t > s.index.indexedUntilMs;
  }

  private atEnd(): boolean {
    if (!this.summary) return false;
    return this.summary.index.state !== 'indexing' && this.head.timeMs >= this.summary.durationMs;
  }

  private notify(): void {
    const snap = this.snapshot();
    for (const l of this.listeners) l(snap);
  }
}
