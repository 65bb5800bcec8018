/**
 * The core's own interface, used by every host (Electron IPC, browser-mode web host, CLI).
 * No electron import anywhere under main/core.
 */
import type { Events } from '../../shared/api';
import type { CommandEntry, TransferEntry } from '../../shared/model';
import type { ClipRequest, ExportResult } from './export/types';
import type { Activity, PlaybackChunk, RecordingId, RecordingSummary, SearchRequest, SearchResult, TextLine, TimeMs } from '../../shared/model';

export interface CoreOptions {
  /** Where the index cache lives (`<dataDir>/cache/...`). Created if missing. */
  dataDir: string;
  /**
   * 'thread' runs indexing and search in a worker_threads worker (the built `out/main/worker.js`);
   * 'inline' runs the same code on the calling thread (unit tests, where no build exists).
   */
  worker?: 'thread' | 'inline';
  /** Where the built worker is (default: worker.js next to the running bundle). For tests and tools. */
  workerPath?: string;
}

export interface OpenOptions {
  /**
   * What to call the file in messages and in summary.fileName (default: the path's base name). Browser
   * uploads are stored as `<sha256>`; people should read the name of the file they dropped.
   */
  displayName?: string;
  /** An archive's member to open (its path inside the archive); default: the archive's first recording. */
  member?: string;
  /** Names this open's `openProgress` events (hashing, unpacking) and lets cancelOpen(jobId) stop it. */
  jobId?: string;
  /** Aborting it cancels the open: it rejects with CANCELLED and leaves no half-written file. */
  signal?: AbortSignal;
}

/**
 * A run of bytes in a file: a whole file, or a member stored uncompressed inside an archive (read in place,
 * never extracted). Video clips are served from these by the media endpoint.
 */
export interface ByteSource {
  path: string;
  offsetBytes: number;
  sizeBytes: number;
  /** What people call it: the file's or the archive member's name. */
  name: string;
}

/** A video clip as the host serves it: where its bytes are, and where it sits on the recording's timeline. */
export interface MediaClip extends ByteSource {
  /** MIME type with codecs, e.g. `video/mp4; codecs="avc1.64001f"`. */
  mimeType: string;
  startMs: TimeMs;
  durationMs: TimeMs;
}

export type CoreEventName = 'progress' | 'summary' | 'exportProgress' | 'openProgress';
export type CoreListener<E extends CoreEventName> = (payload: Events[E]) => void;

export interface ScreenText {
  timeMs: TimeMs;
  cols: number;
  rows: number;
  /** Visible rows, trailing spaces trimmed. */
  lines: string[];
  cursor: { x: number; y: number };
}

/** One line of indexed text (kept under this name for the CLI and the core's callers). */
export type TranscriptLine = TextLine;

export interface TranscriptPage {
  lines: TextLine[];
  /** Lines indexed so far. */
  total: number;
  /** No more lines can come (indexing has ended and the page reached the last line). */
  done: boolean;
}

export interface Core {
  /**
   * Open a file read-only: hash it, detect the format by content, start indexing (or load the cache),
   * and resolve once the first screen can be played. Rejects with a TrailviewError for files that are
   * not recordings at all (empty, unknown content, unreadable).
   */
  open(path: string, opts?: OpenOptions): Promise<RecordingSummary>;
  /** Cancel the open started with this `jobId` (false when none is under way). */
  cancelOpen(jobId: string): Promise<boolean>;
  list(): RecordingSummary[];
  /** Where an open recording was opened from (the file given to open(), an archive for its members). */
  origin(id: RecordingId): { path: string; displayName?: string } | undefined;
  /** Throws TrailviewError NOT_FOUND for an unknown id. */
  summary(id: RecordingId): RecordingSummary;
  chunk(id: RecordingId, at: { atMs?: TimeMs; chunkIndex?: number }): Promise<PlaybackChunk>;
  search(req: SearchRequest): Promise<SearchResult>;
  /** Resolves when indexing has ended (ready, failed or cancelled). */
  whenIndexed(id: RecordingId): Promise<RecordingSummary>;
  /** The visible screen at a time, by keyframe + replay (CLI `frame`). */
  screenAt(id: RecordingId, atMs: TimeMs): Promise<ScreenText>;
  /** Every indexed line in time order (CLI `transcript`). */
  transcript(id: RecordingId): AsyncIterable<TranscriptLine>;
  /** Lines [from, from + count) of the text index (the UI's keystroke log and transcript). */
  transcriptPage(id: RecordingId, from: number, count: number): Promise<TranscriptPage>;
  /** Activity per second as far as indexed (the seek bar's heat strip). */
  activity(id: RecordingId): Promise<Activity>;
  cancel(id: RecordingId): Promise<boolean>;
  close(id: RecordingId): Promise<boolean>;
  /** Commands found in the recording so far, risk-flagged (main/core/commands); `partial` while indexing. */
  commands(id: RecordingId): Promise<{ commands: CommandEntry[]; partial: boolean }>;
  /** File transfers found in the recording so far; `partial` while indexing. */
  transfers(id: RecordingId): Promise<{ transfers: TransferEntry[]; partial: boolean }>;
  /** A video recording's clips (bytes in a file + place on the timeline); UNSUPPORTED_HERE for other kinds. */
  media(id: RecordingId): Promise<{ clips: MediaClip[] }>;
  /**
   * Export a range (main/core/export) in the recording's worker: a clip, its transcript or an evidence
   * bundle, written under a temp name next to `req.outPath` and renamed when complete. `signal` cancels
   * (CANCELLED, no file left); progress comes as `exportProgress` events under `jobId`.
   */
  exportClip(id: RecordingId, req: ClipRequest, opts?: { jobId?: string; signal?: AbortSignal }): Promise<ExportResult>;
  on<E extends CoreEventName>(event: E, listener: CoreListener<E>): () => void;
  dispose(): Promise<void>;
}
