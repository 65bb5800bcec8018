/**
 * The video player: one <video> element under video.js for the whole recording, playing its clips one
 * after another. A seek picks the clip holding the time (switching the element's source when it is
 * another clip) and waits until the element has seeked there; playing past a clip's end goes on with the
 * next. Clips whose codec this browser cannot decode are refused up front with a message naming it.
 */
import videojs from 'video.js/core';
import type { Res, Result } from '../../../shared/api';
import type { ApiError, RecordingId, RecordingSummary, TimeMs, VideoSummary } from '../../../shared/model';
import { clampSpeed } from '../clock';
import type { FitMode, PlayerEngine, PlayerListener, PlayerSnapshot, PlayerState } from '../engine';
import { LatestWins } from '../latest-wins';
import { clampTime } from '../navigation';
import { firstEvent, mediaErrorMessage } from './video-element';
import { clipAt, unplayableCodec, type TimelineClip } from './video-timeline';
import { browserName, videoStrings } from './video-strings';

type VjsPlayer = ReturnType<typeof videojs>;

export interface VideoEngineOptions {
  fetchMedia(id: RecordingId): Promise<Result<Res<'media'>>>;
  /** Whether this browser plays a MIME type with one codec (default: MediaSource, then canPlayType). */
  canPlay?(type: string): boolean;
}

/** A step moves this far: the frame rate is not probed, and a tenth of a second shows a change. */
const STEP_MS = 100;
/** A source or seek the element never answers is given up on after this long (the player never hangs). */
const GIVE_UP_MS = 15_000;

function defaultCanPlay(type: string): boolean {
  if (typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(type)) return true;
  return document.createElement('video').canPlayType(type) !== '';
}

export class VideoEngine implements PlayerEngine {
  private readonly listeners = new Set<PlayerListener>();
  private readonly seeks: LatestWins<TimeMs>;
  private readonly canPlay: (type: string) => boolean;
  private host: HTMLElement | null = null;
  private player: VjsPlayer | null = null;
  private summary: VideoSummary | null = null;
  private clips: TimelineClip[] = [];
  private clipIndex = -1;
  private gen = 0;
  private st: PlayerState = 'loading';
  private speed = 1;
  private timeMs = 0;
  private wantPlay = false;
  private frame = 0;
  private fitMode: FitMode = 'fit';
  private lastSeekMs: number | null = null;
  private seekCount = 0;
  private error: ApiError | null = null;

  constructor(private readonly opts: VideoEngineOptions) {
    this.canPlay = opts.canPlay ?? defaultCanPlay;
    this.seeks = new LatestWins<TimeMs>(
      (target, superseded) => this.seekOnce(target, superseded),
      () => {
        if (this.wantPlay && this.st !== 'error') this.resume();
        this.notify();
      },
    );
  }

  get currentTimeMs(): TimeMs {
    return this.timeMs;
  }

  get state(): PlayerState {
    return this.st;
  }

  mount(el: HTMLElement): void {
    this.host = el;
    el.classList.toggle('video-actual', this.fitMode === 'actual');
    if (this.player) {
      el.appendChild(this.player.el());
      return;
    }
    const video = document.createElement('video');
    video.className = 'video-js';
    video.playsInline = true;
    video.dataset.testid = 'video-element';
    el.appendChild(video);
    // Only the media loader: our own controls drive the element (no control bar, spinner or error box).
    this.player = videojs(video, { controls: false, preload: 'auto', children: ['mediaLoader'], loop: false });
    this.player.on('ended', () => this.onClipEnded());
    this.player.on('error', () => this.onMediaError());
  }

  async load(summary: RecordingSummary, startAtMs?: TimeMs): Promise<void> {
    const gen = ++this.gen;
    this.stopFrames();
    this.player?.pause();
    this.wantPlay = false;
    this.error = null;
    this.clipIndex = -1;
    this.clips = [];
    this.timeMs = 0;
    this.st = 'loading';
    this.summary = summary.kind === 'video' ? summary : null;
    this.notify();
    if (summary.kind !== 'video') return this.fail({ code: 'INTERNAL', message: `${summary.fileName} is a ${summary.kind} recording, not a video` });
    const media = await this.opts.fetchMedia(summary.id);
    if (gen !== this.gen) return;
    if (!media.ok) return this.fail(media.error);
    if (media.value.clips.length === 0) return this.fail({ code: 'NOT_FOUND', message: videoStrings.noClips(summary.fileName) });
    for (const clip of media.value.clips) {
      const codec = unplayableCodec(clip.mimeType, this.canPlay);
      if (codec) return this.fail({ code: 'UNSUPPORTED_HERE', message: videoStrings.cannotDecode(codec, browserName(navigator.userAgent)) });
    }
    this.clips = media.value.clips;
    await this.seek(startAtMs ?? 0);
    if (gen === this.gen && this.st === 'loading') {
      this.st = 'ready';
      this.notify();
    }
  }

  updateSummary(summary: RecordingSummary): void {
    if (this.summary && summary.id === this.summary.id && summary.kind === 'video') this.summary = summary;
  }

  seek(ms: TimeMs): Promise<void> {
    if (!this.summary || this.clips.length === 0 || this.st === 'error') return Promise.resolve();
    this.stopFrames();
    const done = this.seeks.push(clampTime(ms, this.summary.durationMs));
    this.notify();
    return done;
  }

  play(): void {
    if (!this.summary || this.st === 'error' || this.st === 'loading') return;
    this.wantPlay = true;
    if (this.st === 'ended' || this.timeMs >= this.summary.durationMs) {
      this.st = 'playing';
      void this.seek(0);
      return;
    }
    this.st = 'playing';
    if (!this.seeks.busy) this.resume();
    this.notify();
  }

  pause(): void {
    this.wantPlay = false;
    this.player?.pause();
    this.stopFrames();
    if (this.st === 'playing') this.st = 'paused';
    this.readTime();
    this.notify();
  }

  toggle(): void {
    if (this.st === 'playing') this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = clampSpeed(speed);
    this.applySpeed();
    this.notify();
  }

  setSkipIdle(): void {
    // Video has no idle stretches to skip: the browser plays every frame.
  }

  async step(dir: 1 | -1): Promise<void> {
    this.pause();
    await this.seek(this.timeMs + dir * STEP_MS);
  }

  snapshot(): PlayerSnapshot {
    return {
      id: this.summary?.id ?? null,
      state: this.st,
      timeMs: Math.round(this.timeMs),
      durationMs: this.summary?.durationMs ?? 0,
      speed: this.speed,
      seeking: this.seeks.busy,
      buffering: false,
      skipIdle: false,
      idleCapMs: 0,
      fitMode: this.fitMode,
      lastSeekMs: this.lastSeekMs,
      lastSeekWriteMs: null,
      seekCount: this.seekCount,
      error: this.error,
    };
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fit(): void {
    // The element follows its stage through CSS (object-fit): nothing to recompute on a resize.
  }

  setFitMode(mode: FitMode): void {
    this.fitMode = mode;
    this.host?.classList.toggle('video-actual', mode === 'actual');
    this.notify();
  }

  setTheme(): void {
    // The picture is the recording's own; only the stage around it follows the app theme (CSS).
  }

  highlight(): boolean {
    return false;
  }

  selectionText(): string {
    return '';
  }

  dispose(): void {
    this.gen++;
    this.stopFrames();
    this.player?.dispose();
    this.player = null;
    this.listeners.clear();
  }

  /** Shows `target`: the clip holding it, seeked there. */
  private async seekOnce(target: TimeMs, superseded: () => boolean): Promise<void> {
    const player = this.player;
    if (!player) return;
    const started = performance.now();
    const { index, localMs } = clipAt(this.clips, target);
    const clip = this.clips[index]!;
    if (index !== this.clipIndex) {
      this.clipIndex = index;
      player.src({ src: clip.url, type: clip.mimeType.split(';')[0]!.trim() });
      const got = await this.until(['loadedmetadata', 'error']);
      if (got === 'timeout') return this.fail({ code: 'INTERNAL', message: videoStrings.loadFailed(clip.name, videoStrings.noAnswer(GIVE_UP_MS / 1000)) });
      if (got !== 'loadedmetadata' || superseded()) return;
      this.applySpeed();
    }
    player.pause();
    player.currentTime(localMs / 1000);
    const got = await this.until(['seeked', 'error']);
    if (got === 'timeout') return this.fail({ code: 'INTERNAL', message: videoStrings.loadFailed(clip.name, videoStrings.noAnswer(GIVE_UP_MS / 1000)) });
    if (got !== 'seeked') return;
    this.readTime();
    this.lastSeekMs = performance.now() - started;
    this.seekCount++;
  }

  private until(events: string[]): Promise<string> {
    return this.player ? firstEvent(this.player, events, GIVE_UP_MS) : Promise.resolve('disposed');
  }

  private resume(): void {
    const player = this.player;
    if (!player) return;
    this.st = 'playing';
    this.applySpeed();
    void player.play()?.catch(() => undefined);
    this.startFrames();
  }

  private onClipEnded(): void {
    const next = this.clipIndex + 1;
    if (this.wantPlay && next < this.clips.length) {
      void this.seek(this.clips[next]!.startMs);
      return;
    }
    this.stopFrames();
    this.wantPlay = false;
    this.timeMs = this.summary?.durationMs ?? this.timeMs;
    this.st = 'ended';
    this.notify();
  }

  private onMediaError(): void {
    const err = this.player?.error();
    const clip = this.clips[this.clipIndex];
    if (err && clip) this.fail({ code: 'CORRUPT', message: mediaErrorMessage(err, clip) });
  }

  private fail(error: ApiError): void {
    this.stopFrames();
    this.wantPlay = false;
    this.error = error;
    this.st = 'error';
    this.notify();
  }

  private applySpeed(): void {
    // Loading a new source resets playbackRate to the default rate: set both.
    this.player?.defaultPlaybackRate(this.speed);
    this.player?.playbackRate(this.speed);
  }

  private readTime(): void {
    const clip = this.clips[this.clipIndex];
    const sec = this.player?.currentTime();
    if (clip && typeof sec === 'number' && Number.isFinite(sec)) this.timeMs = clip.startMs + Math.min(sec * 1000, clip.durationMs);
  }

  /** While playing, the time follows the element once per animation frame (timeupdate comes ~4 times a second). */
  private startFrames(): void {
    if (this.frame) return;
    const tick = (): void => {
      this.frame = 0;
      if (this.st !== 'playing') return;
      if (!this.seeks.busy) this.readTime();
      this.notify();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  private stopFrames(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private notify(): void {
    const snap = this.snapshot();
    for (const l of this.listeners) l(snap);
  }
}
