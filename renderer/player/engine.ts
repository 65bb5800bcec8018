/**
 * What the UI needs from a player, whatever the recording kind. Terminal recordings use
 * engines/terminal.ts; Guacamole and video engines will implement the same interface.
 */
import type { ApiError, RecordingSummary, SearchHit, TerminalTheme, TimeMs } from '../../shared/model';

export type PlayerState = 'loading' | 'ready' | 'playing' | 'paused' | 'ended' | 'error';
export type FitMode = 'fit' | 'actual';

export interface PlayerSnapshot {
  /** Recording currently loaded, or null. */
  id: string | null;
  state: PlayerState;
  timeMs: TimeMs;
  durationMs: TimeMs;
  speed: number;
  seeking: boolean;
  /** Playing, but the data for the current time is not there yet (still indexing). */
  buffering: boolean;
  skipIdle: boolean;
  idleCapMs: number;
  fitMode: FitMode;
  /** Wall time the last seek took until the terminal was written, ms. */
  lastSeekMs: number | null;
  /** The part of it spent restoring the terminal (after the chunk arrived), ms. */
  lastSeekWriteMs: number | null;
  /** Counts completed seeks, so a waiter can tell "my seek is done" from "an older one was". */
  seekCount: number;
  error: ApiError | null;
}

export type PlayerListener = (snapshot: PlayerSnapshot) => void;

export interface PlayerEngine {
  mount(el: HTMLElement): void;
  /**
   * Shows `summary` at `startAtMs`, or, without one, at its first frame (the end of the first burst of
   * output); resolves once that screen is written.
   */
  load(summary: RecordingSummary, startAtMs?: TimeMs): Promise<void>;
  /** The same recording's summary changed (indexing progress, duration grew, finished). */
  updateSummary(summary: RecordingSummary): void;
  seek(ms: TimeMs): Promise<void>;
  play(): void;
  pause(): void;
  toggle(): void;
  setSpeed(speed: number): void;
  setSkipIdle(on: boolean, capMs?: number): void;
  /** One event forward or back; pauses first. */
  step(dir: 1 | -1): Promise<void>;
  readonly currentTimeMs: TimeMs;
  readonly state: PlayerState;
  snapshot(): PlayerSnapshot;
  subscribe(listener: PlayerListener): () => void;
  fit(): void;
  setFitMode(mode: FitMode): void;
  /** The recording's colours, or undefined for the app theme; `dark` picks the app theme. */
  setTheme(recordingTheme: TerminalTheme | undefined, dark: boolean): void;
  /** Selects the hit's text on screen (after seeking to it); false when it is not visible. */
  highlight(hit: SearchHit): boolean;
  /** The user's selection in the player, or '' when there is none. */
  selectionText(): string;
  dispose(): void;
}
