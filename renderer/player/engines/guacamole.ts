/**
 * The Guacamole (RDP / VNC / SSH dump) player. A seek builds a fresh display off-screen from the
 * nearest keyframe prelude and swaps it in once drawn; playback feeds the frames whose time has come
 * to the live display, one display flush per animation frame.
 */
import type { ApiError, DisplayChunk, DisplaySummary, RecordingSummary, SearchHit, TerminalTheme, TimeMs } from '../../../shared/model';
import { clampSpeed, DEFAULT_IDLE_CAP_MS, type SkipIdle } from '../clock';
import type { FitMode, PlayerEngine, PlayerListener, PlayerSnapshot, PlayerState } from '../engine';
import { LatestWins } from '../latest-wins';
import { clampTime, showTimeOf } from '../navigation';
import { browserScheduler, Wakeable, type Scheduler } from '../scheduler';
import type { GuacScreen } from './guac-feed';
import { DisplayChunkCache, type DisplayChunkFetcher, firstPaintMs } from './guacamole-chunks';
import { GuacPlayhead } from './guacamole-playhead';
import { buildScreenAt, canFeedForward, FLUSH_GIVE_UP_MS, feedForward, followChunk, previousFrameTime } from './guacamole-seek';
import { GuacStage } from './guacamole-stage';
import { SpareScreen } from './spare-screen';
import type { Zoomable, ZoomState } from './guacamole-view';

export interface GuacamoleEngineOptions {
  fetchChunk: DisplayChunkFetcher;
  /** A new, empty display (guac-feed.ts's createGuacScreen in the app; a recording fake in tests). */
  createScreen(): GuacScreen;
  scheduler?: Scheduler;
}

/** A frame longer than this (a hidden window, a debugger pause) counts as this long: no leaps. */
const MAX_FRAME_MS = 1000;
/** Display flushes not drawn yet (images decoding) above which the clock holds still. */
const MAX_PENDING_FLUSHES = 2;
const WAIT_FOR_DATA_MS = 400;
const WAIT_FOR_INDEX_MS = 5000;
/** After a seek took a display, the next one is made this much later (the seek is over by then). */
const SPARE_SCREEN_AFTER_MS = 500;

export class GuacamoleEngine implements PlayerEngine, Zoomable {
  private readonly opts: GuacamoleEngineOptions;
  private readonly sched: Scheduler;
  private readonly head = new GuacPlayhead();
  private readonly listeners = new Set<PlayerListener>();
  private readonly zoomListeners = new Set<(z: ZoomState) => void>();
  private readonly stage: GuacStage;
  private readonly spares: SpareScreen;
  private summary: DisplaySummary | null = null;
  private cache: DisplayChunkCache | null = null;
  private gen = 0;
  private st: PlayerState = 'loading';
  private speed = 1;
  private skip: SkipIdle = { on: false, capMs: DEFAULT_IDLE_CAP_MS };
  private wantPlay = false;
  private cancelFrame: (() => void) | null = null;
  private lastWall = 0;
  private buffering = false;
  private waitingFor: DisplayChunk | null = null;
  private readonly waiter: Wakeable;
  private readonly seeks: LatestWins<TimeMs>;
  private lastSeekMs: number | null = null;
  private lastSeekWriteMs: number | null = null;
  private seekCount = 0;
  private error: ApiError | null = null;

  constructor(opts: GuacamoleEngineOptions) {
    this.opts = opts;
    this.sched = opts.scheduler ?? browserScheduler;
    this.waiter = new Wakeable(this.sched);
    this.stage = new GuacStage(
      opts.createScreen,
      (z) => this.zoomListeners.forEach((l) => l(z)),
      (ms, cb) => this.sched.delay(ms, cb),
    );
    this.spares = new SpareScreen(opts.createScreen, (cb) => this.sched.delay(SPARE_SCREEN_AFTER_MS, cb));
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
    this.stage.mount(el);
    if (!this.stage.hasLive && this.summary) void this.seek(this.head.timeMs);
  }

  async load(summary: RecordingSummary, startAtMs?: TimeMs): Promise<void> {
    this.stopFrames();
    const gen = ++this.gen;
    this.summary = summary.kind === 'display' ? summary : null;
    this.head.clear();
    this.wantPlay = false;
    this.buffering = false;
    this.error = null;
    this.lastSeekMs = null;
    this.lastSeekWriteMs = null;
    this.stage.drop();
    this.spares.forget();
    this.waiter.wake();
    if (summary.kind !== 'display') {
      this.cache = null;
      this.fail({ code: 'INTERNAL', message: `${summary.fileName} is a ${summary.kind} recording, not a display recording` });
      this.notify();
      return;
    }
    this.cache = new DisplayChunkCache(this.opts.fetchChunk, summary.id);
    this.st = 'loading';
    this.notify();
    let start = startAtMs;
    if (start === undefined) {
      const first = await this.cache.byIndex(0);
      if (gen !== this.gen) return;
      start = first.ok ? showTimeOf(firstPaintMs(first.value) ?? 0) : 0;
    }
    await this.seek(start);
    if (gen === this.gen && this.st === 'loading') {
      this.st = this.wantPlay ? 'playing' : 'ready';
      if (this.wantPlay) this.startFrames();
      this.notify();
    }
  }

  updateSummary(summary: RecordingSummary): void {
    if (!this.summary || summary.id !== this.summary.id || summary.kind !== 'display') return;
    if (summary.display.seekableUntilMs > this.summary.display.seekableUntilMs) this.cache?.keyframesMoved();
    this.summary = summary;
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
    this.speed = clampSpeed(speed);
    this.notify();
  }

  setSkipIdle(on: boolean, capMs?: number): void {
    this.skip = { on, capMs: capMs && capMs > 0 ? capMs : this.skip.capMs };
    this.notify();
  }

  async step(dir: 1 | -1): Promise<void> {
    this.pause();
    await this.seeks.settled();
    const c = this.head.chunk;
    const cache = this.cache;
    if (!c || !cache) return;
    const gen = this.gen;
    if (dir < 0) {
      const target = await previousFrameTime(cache, c, this.head.applied);
      if (gen === this.gen && target < this.head.timeMs) await this.seek(target);
      return;
    }
    let chunk = c;
    if (this.head.applied >= c.frameTimesMs.length) {
      if (c.last) return;
      const r = await cache.byIndex(c.chunkIndex + 1);
      if (gen !== this.gen || this.head.chunk !== c || !r.ok || r.value.frameTimesMs.length === 0) return;
      chunk = r.value;
      this.head.commit(chunk, 0, this.head.timeMs);
      this.stage.enter(chunk);
    }
    // Forward: feed the next frame into the live display, no rebuild (this is "playing", one frame).
    const t = chunk.frameTimesMs[this.head.applied]!;
    this.head.moveTo(t, (ch, from, to) => this.stage.feed(ch, from, to));
    await this.stage.flush();
    this.notify();
  }

  snapshot(): PlayerSnapshot {
    return {
      id: this.summary?.id ?? null,
      state: this.st,
      // Down: frames sit on whole ms, and one at the next ms is not on screen yet (a seek to a rounded-up
      // time would draw it).
      timeMs: Math.floor(this.head.timeMs),
      durationMs: this.summary?.durationMs ?? 0,
      speed: this.speed,
      seeking: this.seeks.busy,
      buffering: this.buffering,
      skipIdle: this.skip.on,
      idleCapMs: this.skip.capMs,
      fitMode: this.stage.zoom.mode === 'fit' ? 'fit' : 'actual',
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
    this.stage.fit();
  }

  setFitMode(mode: FitMode): void {
    if (mode === 'fit') this.stage.setFit();
    else this.stage.setScale(1);
    this.notify();
  }

  zoomState(): ZoomState {
    return this.stage.zoom;
  }

  zoomBy(dir: 1 | -1): void {
    this.stage.zoomBy(dir);
    this.notify();
  }

  setZoom(scale: number): void {
    this.stage.setScale(scale);
    this.notify();
  }

  zoomToFit(): void {
    this.setFitMode('fit');
  }

  subscribeZoom(listener: (z: ZoomState) => void): () => void {
    this.zoomListeners.add(listener);
    return () => this.zoomListeners.delete(listener);
  }

  setTheme(_recordingTheme: TerminalTheme | undefined, _dark: boolean): void {
    // The remote screen has its own colours; the stage around it follows the app theme in CSS.
  }

  highlight(_hit: SearchHit): boolean {
    // Typed text is not on the screen as text: the keystroke log marks the line instead.
    return false;
  }

  selectionText(): string {
    return '';
  }

  dispose(): void {
    this.stopFrames();
    this.gen++;
    this.waiter.wake();
    this.stage.dispose();
    this.spares.dispose();
    this.listeners.clear();
    this.zoomListeners.clear();
  }

  // ---- seeking -------------------------------------------------------------------------------

  private async seekOnce(target: TimeMs, superseded: () => boolean): Promise<void> {
    const gen = this.gen;
    const cache = this.cache;
    if (!cache) return;
    const stale = (): boolean => gen !== this.gen || superseded();
    const started = this.sched.now();
    const giveUpAt = started + WAIT_FOR_INDEX_MS;
    while (this.notIndexedYet(target) && this.sched.now() < giveUpAt) {
      await Promise.race([this.waiter.sleep(WAIT_FOR_DATA_MS), this.seeks.nextPush()]);
      if (stale()) return;
    }
    const r = await Promise.race([cache.at(target), this.seeks.nextPush().then(() => null)]);
    if (r === null || stale()) return;
    if (!r.ok) return this.fail(r.error);
    const writeStarted = this.sched.now();
    if (this.stage.hasLive && canFeedForward(this.head, target, r.value)) {
      // Ahead within reach: go on drawing into the screen on the page (one flush, so still no flicker).
      const fed = await feedForward(target, r.value, this.head, {
        cache,
        feed: (c, from, to) => this.stage.feed(c, from, to),
        enter: (c) => this.stage.enter(c),
        superseded: stale,
      });
      if (fed.kind === 'error') return gen === this.gen ? this.fail(fed.error) : undefined;
      if (fed.kind === 'stale') return;
      const drawn = await Promise.race([this.stage.flush().then(() => true), this.seeks.nextPush().then(() => false)]);
      if (!drawn || gen !== this.gen) return;
      return this.seekDone(started, writeStarted, r.value);
    }
    const built = await buildScreenAt(target, r.value, {
      cache,
      createScreen: (sizedFirst) => (sizedFirst ? this.spares.take() : this.opts.createScreen()),
      superseded: stale,
      nextPush: () => Promise.race([this.seeks.nextPush(), this.waiter.sleep(WAIT_FOR_DATA_MS)]),
      yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
      flushTimeout: () => new Promise((resolve) => this.sched.delay(FLUSH_GIVE_UP_MS, resolve)),
    });
    if (built.kind === 'error') return gen === this.gen ? this.fail(built.error) : undefined;
    if (built.kind === 'stale') return;
    if (gen !== this.gen) return built.screen.dispose();
    this.stage.swap(built.screen);
    this.head.commit(built.chunk, built.applied, target);
    this.seekDone(started, writeStarted, built.chunk);
  }

  private seekDone(startedAt: number, writeStartedAt: number, chunk: DisplayChunk): void {
    this.buffering = false;
    this.error = null;
    this.lastSeekMs = this.sched.now() - startedAt;
    this.lastSeekWriteMs = this.sched.now() - writeStartedAt;
    this.seekCount++;
    if (this.st === 'ended' || this.st === 'error') this.st = this.wantPlay ? 'playing' : 'paused';
    this.cache?.prefetch(chunk.chunkIndex + 1);
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
    // Images still decoding: hold the clock rather than run ahead of what is on screen.
    if (this.stage.pending <= MAX_PENDING_FLUSHES) {
      let fed = false;
      const cache = this.cache;
      const outcome = this.head.advance(
        dt,
        this.speed,
        this.skip,
        this.summary?.idle ?? [],
        (c, from, to) => {
          this.stage.feed(c, from, to);
          fed = true;
        },
        (i) => cache?.peek(i),
        (c) => {
          this.stage.enter(c);
          cache?.prefetch(c.chunkIndex + 1);
        },
      );
      if (fed) void this.stage.flush();
      this.buffering = outcome === 'starved';
      if (outcome === 'ended') this.finish();
      if (outcome === 'starved' && this.head.chunk) this.waitForMore(this.head.chunk);
      this.notify();
    }
    if (this.wantPlay && this.st === 'playing') this.cancelFrame = this.sched.frame(() => this.tick());
  }

  private finish(): void {
    this.st = 'ended';
    this.wantPlay = false;
    this.buffering = false;
    this.stopFrames();
  }

  private waitForMore(c: DisplayChunk): void {
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
        this.finish();
        this.notify();
      }
    });
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
