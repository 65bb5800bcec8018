/**
 * The terminal player: restores a chunk's keyframe to seek, then plays events on a clock.
 * Everything that touches a screen goes through a TerminalSink (xterm.js in the app, a fake in tests).
 */
import type { ApiError, RecordingSummary, SearchHit, TerminalChunk, TerminalTheme, TimeMs } from '../../../shared/model';
import { ChunkCache, type ChunkFetcher, continues, isSealed } from '../chunk-cache';
import { advance, clampSpeed, DEFAULT_IDLE_CAP_MS, type SkipIdle } from '../clock';
import type { FitMode, PlayerEngine, PlayerListener, PlayerSnapshot, PlayerState } from '../engine';
import { clampTime } from '../navigation';
import { browserScheduler, type Scheduler } from '../scheduler';
import { OpsBuilder, type TerminalSink } from '../sink';
import { addEvent, boundariesOf, countUpTo, nextVisibleIn, previousVisibleIn } from './terminal-events';

export interface TerminalEngineOptions {
  fetchChunk: ChunkFetcher;
  createSink: (el: HTMLElement) => TerminalSink;
  scheduler?: Scheduler;
}

/** A frame longer than this (a hidden window, a debugger pause) counts as this long: no leaps. */
const MAX_FRAME_MS = 1000;
/** While playing at the edge of what is indexed, how often to look for more data. */
const WAIT_FOR_DATA_MS = 400;
/** Stepping looks at most this many chunks ahead or back for the next visible event. */
const STEP_SEARCH_CHUNKS = 8;

export class TerminalEngine implements PlayerEngine {
  private readonly opts: TerminalEngineOptions;
  private readonly sched: Scheduler;
  private sink: TerminalSink | null = null;
  private summary: RecordingSummary | null = null;
  private cache: ChunkCache | null = null;
  private gen = 0;
  private chunk: TerminalChunk | null = null;
  private nextChunk: TerminalChunk | null = null;
  private applied = 0;
  private boundaries: number[] = [];
  private t = 0;
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
  private wake: (() => void) | null = null;
  private seekTarget: number | null = null;
  private seekRun: Promise<void> | null = null;
  private lastSeekMs: number | null = null;
  private lastSeekWriteMs: number | null = null;
  private error: ApiError | null = null;
  private readonly listeners = new Set<PlayerListener>();

  constructor(opts: TerminalEngineOptions) {
    this.opts = opts;
    this.sched = opts.scheduler ?? browserScheduler;
  }

  get currentTimeMs(): TimeMs {
    return this.t;
  }

  get state(): PlayerState {
    return this.st;
  }

  mount(el: HTMLElement): void {
    this.sink?.dispose();
    this.sink = this.opts.createSink(el);
    this.sink.setTheme(this.theme.rec, this.theme.dark);
    this.sink.fit(this.fitMode);
    if (this.summary) void this.seek(this.t);
  }

  async load(summary: RecordingSummary, startAtMs: TimeMs = 0): Promise<void> {
    this.stopFrames();
    this.gen++;
    const gen = this.gen;
    this.summary = summary;
    this.cache = new ChunkCache(this.opts.fetchChunk, summary.id);
    this.chunk = null;
    this.nextChunk = null;
    this.applied = 0;
    this.boundaries = [];
    this.t = 0;
    this.wantPlay = false;
    this.buffering = false;
    this.error = null;
    this.lastSeekMs = null;
    this.lastSeekWriteMs = null;
    this.st = 'loading';
    this.wake?.();
    if (!this.capExplicit) this.skip = { ...this.skip, capMs: summary.terminal.idleTimeLimitMs ?? DEFAULT_IDLE_CAP_MS };
    this.notify();
    await this.seek(startAtMs);
    if (gen === this.gen && this.st === 'loading') {
      this.st = this.wantPlay ? 'playing' : 'ready';
      if (this.wantPlay) this.startFrames();
      this.notify();
    }
  }

  updateSummary(summary: RecordingSummary): void {
    if (!this.summary || summary.id !== this.summary.id) return;
    this.summary = summary;
    if (!this.capExplicit) this.skip = { ...this.skip, capMs: summary.terminal.idleTimeLimitMs ?? DEFAULT_IDLE_CAP_MS };
    this.wake?.();
    this.notify();
  }

  seek(ms: TimeMs): Promise<void> {
    if (!this.summary) return Promise.resolve();
    this.seekTarget = clampTime(ms, this.summary.durationMs);
    if (!this.seekRun) {
      this.stopFrames();
      this.seekRun = this.runSeeks();
    }
    this.notify();
    return this.seekRun;
  }

  play(): void {
    if (!this.summary || this.st === 'error') return;
    this.wantPlay = true;
    if (this.st === 'loading') return;
    const restart = this.st === 'ended' || this.atEnd();
    this.st = 'playing';
    if (restart) void this.seek(0);
    else if (!this.seekRun) this.startFrames();
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
    if (this.seekRun) await this.seekRun;
    const c = this.chunk;
    if (!c || !this.cache) return;
    const gen = this.gen;
    const target = dir > 0 ? await this.findVisible(c, 1) : await this.findVisible(c, -1);
    if (gen !== this.gen || target === null) return;
    if (dir > 0 && this.chunk === c && target < c.endMs) {
      // Forward inside the current chunk: write just the next events, no restore.
      const ops = new OpsBuilder();
      this.applyUpTo(ops, target);
      this.t = target;
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
      timeMs: Math.round(this.t),
      durationMs: this.summary?.durationMs ?? 0,
      speed: this.speed,
      seeking: this.seekRun !== null,
      buffering: this.buffering,
      skipIdle: this.skip.on,
      idleCapMs: this.skip.capMs,
      fitMode: this.fitMode,
      lastSeekMs: this.lastSeekMs,
      lastSeekWriteMs: this.lastSeekWriteMs,
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
    this.wake?.();
    this.sink?.dispose();
    this.sink = null;
    this.listeners.clear();
  }

  // ---- seeking -------------------------------------------------------------------------------

  /** Latest target wins: targets set while a seek runs replace each other, and only the last is shown. */
  private async runSeeks(): Promise<void> {
    while (this.seekTarget !== null) {
      const target = this.seekTarget;
      this.seekTarget = null;
      await this.seekOnce(target);
    }
    this.seekRun = null;
    if (this.wantPlay && this.st === 'playing') this.startFrames();
    this.notify();
  }

  private async seekOnce(target: TimeMs): Promise<void> {
    const gen = this.gen;
    const cache = this.cache;
    if (!cache) return;
    const started = this.sched.now();
    const r = await cache.at(target);
    if (gen !== this.gen || this.seekTarget !== null) return;
    if (!r.ok) {
      this.fail(r.error);
      return;
    }
    const c = r.value;
    const ops = new OpsBuilder();
    ops.write(c.keyframe.state);
    const n = countUpTo(c, target);
    for (let i = 0; i < n; i++) addEvent(ops, c.events[i]!);
    const writeStarted = this.sched.now();
    await new Promise<void>((resolve) => {
      if (this.sink) this.sink.restore(c.keyframe.cols, c.keyframe.rows, ops.build(), resolve);
      else resolve();
    });
    if (gen !== this.gen) return;
    this.setChunk(c);
    this.applied = n;
    this.t = target;
    this.buffering = false;
    this.error = null;
    this.lastSeekMs = this.sched.now() - started;
    this.lastSeekWriteMs = this.sched.now() - writeStarted;
    if (this.st === 'ended' || this.st === 'error') this.st = this.wantPlay ? 'playing' : 'paused';
    cache.prefetch(c.chunkIndex + 1);
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
    if (!this.wantPlay || this.seekRun) return;
    const now = this.sched.now();
    const dt = Math.min(now - this.lastWall, MAX_FRAME_MS);
    this.lastWall = now;
    this.advanceBy(dt);
    if (this.wantPlay && this.st === 'playing') this.cancelFrame = this.sched.frame(() => this.tick());
  }

  /** Moves the clock by `wallMs` and writes every event that became due, in one write per frame. */
  private advanceBy(wallMs: number): void {
    const ops = new OpsBuilder();
    let left = wallMs;
    for (let guard = 0; this.chunk && guard < 1000; guard++) {
      const c = this.chunk;
      const adv = advance(this.boundaries, this.t, left, this.speed, this.skip, c.endMs);
      this.t = adv.timeMs;
      left = adv.leftoverWallMs;
      this.applyUpTo(ops, this.t);
      if (this.t < c.endMs) break;
      if (c.last) {
        this.applyUpTo(ops, Infinity);
        this.finish();
        break;
      }
      const next = this.nextChunk?.chunkIndex === c.chunkIndex + 1 ? this.nextChunk : this.cache?.peek(c.chunkIndex + 1);
      if (next && continues(c, next)) {
        this.setChunk(next);
        this.applied = 0;
        this.buffering = false;
        this.cache?.prefetch(next.chunkIndex + 1);
        continue;
      }
      this.buffering = true;
      this.waitForMore(c);
      break;
    }
    if (!ops.empty) this.sink?.apply(ops.build());
    this.notify();
  }

  private applyUpTo(ops: OpsBuilder, t: TimeMs): void {
    const events = this.chunk?.events ?? [];
    while (this.applied < events.length && events[this.applied]!.timeMs <= t) addEvent(ops, events[this.applied++]!);
  }

  private finish(): void {
    this.t = this.chunk?.endMs ?? this.t;
    this.st = 'ended';
    this.wantPlay = false;
    this.buffering = false;
    this.stopFrames();
  }

  private setChunk(c: TerminalChunk): void {
    this.chunk = c;
    this.boundaries = boundariesOf(c);
    if (this.nextChunk && this.nextChunk.chunkIndex <= c.chunkIndex) this.nextChunk = null;
  }

  /**
   * At the end of chunk `c` with no next chunk yet (still indexing, or `c` itself is still growing):
   * ask again until more data shows up or indexing has stopped.
   */
  private waitForMore(c: TerminalChunk): void {
    if (this.waitingFor === c || !this.cache) return;
    this.waitingFor = c;
    const gen = this.gen;
    const cache = this.cache;
    const stillHere = (): boolean => gen === this.gen && this.chunk === c && this.wantPlay;
    void (async () => {
      while (stillHere()) {
        // Only an answer asked for after indexing stopped proves there is nothing more to come.
        const indexingStopped = this.summary !== null && this.summary.index.state !== 'indexing';
        const r = isSealed(c) ? await cache.byIndex(c.chunkIndex + 1) : await cache.byIndex(c.chunkIndex, true);
        if (!stillHere()) break;
        if (r.ok) {
          const got = r.value;
          const changed = got.events.length > c.events.length || got.last || got.endMs > c.endMs || isSealed(got);
          if (got.chunkIndex === c.chunkIndex && changed) {
            // The same chunk, grown or now sealed: keep what was applied; the next frame goes on from it.
            this.setChunk(got);
            break;
          }
          if (continues(c, got)) {
            this.nextChunk = got;
            break;
          }
        }
        if (indexingStopped) {
          this.applyEndOfData();
          break;
        }
        await new Promise<void>((resolve) => {
          const cancel = this.sched.delay(WAIT_FOR_DATA_MS, resolve);
          this.wake = () => {
            cancel();
            resolve();
          };
        });
        this.wake = null;
      }
      if (this.waitingFor === c) this.waitingFor = null;
    })();
  }

  /** Indexing stopped (cancelled or failed) before the recording's end: what exists is all there is. */
  private applyEndOfData(): void {
    this.finish();
    this.notify();
  }

  private atEnd(): boolean {
    if (!this.summary) return false;
    return this.summary.index.state !== 'indexing' && this.t >= this.summary.durationMs;
  }

  /** Time of the next (dir 1) or previous (dir -1) event that changes the screen, or null. */
  private async findVisible(c: TerminalChunk, dir: 1 | -1): Promise<TimeMs | null> {
    const t = this.t;
    let chunk: TerminalChunk | undefined = c;
    for (let k = 0; chunk && k < STEP_SEARCH_CHUNKS; k++) {
      const found = dir > 0 ? nextVisibleIn(chunk, t) : previousVisibleIn(chunk, t);
      if (found !== null) return found;
      if (dir > 0 ? chunk.last : chunk.chunkIndex === 0) break;
      const r = await this.cache!.byIndex(chunk.chunkIndex + dir);
      chunk = r.ok ? r.value : undefined;
    }
    return dir < 0 && t > 0 ? 0 : null;
  }

  private notify(): void {
    const snap = this.snapshot();
    for (const l of this.listeners) l(snap);
  }
}
