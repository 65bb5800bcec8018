/**
 * The worker's one session object: sniffs the file, then hands every call to the session of its kind
 * (terminal recordings or Guacamole dumps). Both kinds answer the same calls.
 */
import type { Activity, PlaybackChunk, RecordingSummary, SearchRequest, SearchResult } from '../../shared/model';
import { RecordingSession, type SessionEvent } from './session';
import type { ScreenText, TranscriptPage } from './types';

/** What a session of any kind answers (the worker protocol's calls). */
export interface KindSession {
  open(path: string, dataDir: string, displayName?: string): Promise<RecordingSummary>;
  summary(): RecordingSummary;
  chunk(at: { atMs?: number; chunkIndex?: number }): Promise<PlaybackChunk>;
  search(req: SearchRequest): Promise<SearchResult>;
  screenAt(atMs: number): Promise<ScreenText>;
  transcriptPage(from: number, count: number): Promise<TranscriptPage>;
  activity(): Promise<Activity>;
  whenIndexed(): Promise<RecordingSummary>;
  cancel(): Promise<boolean>;
  close(): Promise<boolean>;
}

export class SessionRouter implements KindSession {
  private inner: KindSession | undefined;

  constructor(private readonly emit: (e: SessionEvent) => void) {}

  private get session(): KindSession {
    // Calls before open() (a host bug) get the terminal session's own "not open" answers.
    return (this.inner ??= new RecordingSession(this.emit));
  }

  async open(path: string, dataDir: string, displayName?: string): Promise<RecordingSummary> {
    this.inner = new RecordingSession(this.emit);
    return this.inner.open(path, dataDir, displayName);
  }

  summary(): RecordingSummary {
    return this.session.summary();
  }
  chunk(at: { atMs?: number; chunkIndex?: number }): Promise<PlaybackChunk> {
    return this.session.chunk(at);
  }
  search(req: SearchRequest): Promise<SearchResult> {
    return this.session.search(req);
  }
  screenAt(atMs: number): Promise<ScreenText> {
    return this.session.screenAt(atMs);
  }
  transcriptPage(from: number, count: number): Promise<TranscriptPage> {
    return this.session.transcriptPage(from, count);
  }
  activity(): Promise<Activity> {
    return this.session.activity();
  }
  whenIndexed(): Promise<RecordingSummary> {
    return this.session.whenIndexed();
  }
  cancel(): Promise<boolean> {
    return this.session.cancel();
  }
  close(): Promise<boolean> {
    return this.inner ? this.inner.close() : Promise.resolve(true);
  }
}
