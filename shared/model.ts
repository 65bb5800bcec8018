/**
 * The data model shared by the core, the hosts (Electron, browser mode, CLI) and the renderer.
 * Pure types and tiny helpers: no electron, no DOM, no fs. Names carry units (`timeMs`, `sizeBytes`).
 */

/** Milliseconds from the start of a recording (the first event is at or after 0). */
export type TimeMs = number;
/** Opaque id handed to the UI for an opened recording; never a filesystem path. */
export type RecordingId = string;

/**
 * 'terminal': text screens (asciicast, koko); 'display': remote-desktop drawing (Guacamole dumps);
 * 'video': encoded video (MP4, WebM) played by the browser's decoders.
 */
export type RecordingKind = 'terminal' | 'display' | 'video';
/** The container/format family a recording was detected as (by content, never by name). */
export type FormatId = 'asciicast' | 'koko' | 'guacamole' | 'mp4' | 'webm';

/** A recoverable problem found while reading: the recording still plays, minus the bad part. */
export interface Warning {
  code: WarningCode;
  message: string;
  /** 1-based line number in the (decompressed) text, when the format is line based. */
  line?: number;
  /** Byte offset in the (decompressed) stream where the problem starts. */
  offsetBytes?: number;
}

export type WarningCode =
  | 'BAD_EVENT' // an event line that is not valid JSON or has the wrong shape
  | 'BAD_TIME' // negative, non-finite or decreasing time
  | 'BAD_DATA' // event data that is not a string
  | 'BAD_RESIZE' // an "r" event whose data is not COLSxROWS
  | 'TRUNCATED' // the file ends in the middle of something (gzip stream, JSON document, line, instruction)
  | 'BAD_INSTRUCTION' // a Guacamole instruction that breaks the protocol's syntax (bad length, missing separator)
  | 'OVERSIZED' // an element longer than the parser accepts; skipped
  | 'TOO_MANY_WARNINGS'; // further warnings were dropped

export interface TerminalTheme {
  foreground?: string;
  background?: string;
  /** 8 or 16 colours, CSS hex strings. */
  palette?: string[];
}

/** What the recording's header says about the session. Everything but the size is optional. */
export interface TerminalInfo {
  cols: number;
  rows: number;
  title?: string;
  command?: string;
  shell?: string;
  termType?: string;
  termVersion?: string;
  env?: Record<string, string>;
  /** Wall-clock start of the session, Unix epoch milliseconds (from the header's `timestamp`). */
  startedAtEpochMs?: number;
  /** The header's idle_time_limit, if any. */
  idleTimeLimitMs?: number;
  theme?: TerminalTheme;
}

export interface Marker {
  timeMs: TimeMs;
  label: string;
}

export interface Resize {
  timeMs: TimeMs;
  cols: number;
  rows: number;
}

/** A stretch with no output longer than the idle threshold; skip-idle plays only `capMs` of it. */
export interface IdleStretch {
  startMs: TimeMs;
  endMs: TimeMs;
}

export type IndexState = 'indexing' | 'ready' | 'failed' | 'cancelled';

export interface IndexStatus {
  state: IndexState;
  /** 0..1, share of the source file's bytes read so far. */
  progress: number;
  /** Playback data exists for [0, indexedUntilMs]; equals durationMs once ready. */
  indexedUntilMs: TimeMs;
  /** True when the index was loaded from the on-disk cache instead of being built. */
  fromCache: boolean;
  /** Wall time spent building or loading, in ms. */
  elapsedMs?: number;
  /** Built on this many threads (2: a big terminal recording whose second half a second thread indexed). */
  threads?: number;
  error?: ApiError;
}

/** What every recording's summary holds, whatever its kind. */
export interface SummaryCommon {
  id: RecordingId;
  kind: RecordingKind;
  format: FormatId;
  compression: 'gzip' | 'none';
  /** File name only (no directory), for display. */
  fileName: string;
  sizeBytes: number;
  /** SHA-256 of the source file's bytes, hex. */
  sha256: string;
  /** Known so far while indexing; final when index.state is 'ready'. */
  durationMs: TimeMs;
  /** Number of events (terminal: all codes; display: instructions) seen so far. */
  events: number;
  markers: Marker[];
  idle: IdleStretch[];
  warnings: Warning[];
  index: IndexStatus;
  /** Recordings made of several files (JumpServer part recordings): each part on the one timeline. */
  parts?: RecordingPart[];
  /** Session metadata as found next to the recording (e.g. a JumpServer replay.json), fields as named there. */
  metadata?: Record<string, unknown>;
  /** The metadata's well-known fields, normalised for people (absent when there is no metadata). */
  session?: SessionFacts;
  /** Set when the recording was read out of an archive (a JumpServer tar, a zip of clips, a .tar.gz). */
  container?: ContainerInfo;
}

/**
 * Who did what, where and when, read from session metadata (JumpServer `<sid>.json` / `<sid>.replay.json`)
 * or the recording itself. Every field optional; times are Unix epoch milliseconds (UTC) with the
 * source's own UTC offset kept so a viewer can show the recording's local time as well.
 */
export interface SessionFacts {
  sessionId?: string;
  user?: string;
  asset?: string;
  account?: string;
  protocol?: string;
  remoteAddr?: string;
  /** e.g. "Web Terminal" (the label), falling back to the raw value ("WT"). */
  loginFrom?: string;
  startEpochMs?: number;
  endEpochMs?: number;
  /** Minutes east of UTC the source wrote its dates in (e.g. +0800 -> 480). */
  utcOffsetMinutes?: number;
  durationMs?: TimeMs;
  org?: string;
  /** The component that recorded it (e.g. "koko", "lion"), with its type when given. */
  terminal?: string;
  commandCount?: number;
  success?: boolean;
  error?: string;
}

/** The archive a recording came out of, and what else is in it (listed; each recording member openable). */
export interface ContainerInfo {
  kind: 'tar' | 'tar.gz' | 'zip';
  /** The archive's file name (no directory). */
  fileName: string;
  sizeBytes: number;
  sha256: string;
  /** Path inside the archive of the member(s) this recording plays (several for clips on one timeline). */
  memberPaths: string[];
  members: ArchiveMember[];
  /** Entries never extracted or opened, and why (a '..' or absolute path, a link, a device, encryption). */
  refused?: { path: string; reason: string }[];
  /** The archive is a Trailview evidence bundle (it holds manifest.json): every hash checked on open. */
  bundle?: BundleCheck;
}

/** What `trailview verify` says of an evidence bundle, as the UI shows it. */
export interface BundleCheck {
  ok: boolean;
  /** Members whose bytes match the manifest. */
  verified: string[];
  /** Each member that changed, is missing, was added or cannot be unpacked, with a sentence. */
  problems: { member: string; problem: 'changed' | 'missing' | 'extra' | 'unreadable'; message: string }[];
  /** The bundle was too large to check on open; `trailview verify` checks it. */
  skipped?: string;
}

export interface ArchiveMember {
  /** Path inside the archive, '/'-separated, as stored (already checked: no '..', not absolute, no link). */
  path: string;
  sizeBytes: number;
  /** What it was detected as by content; 'metadata' for session JSON; absent: not a recording. */
  kind?: RecordingKind | 'metadata';
  format?: FormatId;
}

/** One file of a multi-part recording, placed on the recording's timeline. */
export interface RecordingPart {
  name: string;
  startMs: TimeMs;
  durationMs: TimeMs;
}

export interface TerminalSummary extends SummaryCommon {
  kind: 'terminal';
  /** asciicast version (1, 2, 3); absent for koko. */
  formatVersion?: number;
  terminal: TerminalInfo;
  resizes: Resize[];
  /** Number of input ("i") events: keystrokes, when the recorder captured them. */
  inputEvents: number;
}

/** The default layer's size from `timeMs` on (the remote screen's resolution). */
export interface DisplaySize {
  timeMs: TimeMs;
  width: number;
  height: number;
}

/** A `file` or `pipe` stream found in a Guacamole recording (a transfer the session made). */
export interface StreamTransfer {
  timeMs: TimeMs;
  /** When its `end` arrived; absent if the recording stops first. */
  endMs?: TimeMs;
  kind: 'file' | 'pipe';
  /** The file name (`file`) or pipe name (`pipe`). */
  name: string;
  mimetype: string;
  /** Decoded bytes seen in its blobs. */
  sizeBytes: number;
}

export interface DisplayInfo {
  /** The screen size at the end of what is indexed; `sizes` has every change. */
  width: number;
  height: number;
  sizes: DisplaySize[];
  /** Number of frames (`sync` instructions). */
  frames: number;
  /** The last window title (`name`), if any. */
  title?: string;
  keyEvents: number;
  mouseEvents: number;
  clipboardEntries: number;
  transfers: StreamTransfer[];
  /**
   * Keyframes exist up to here: seeking to an earlier time is fast. Later points replay from the last
   * keyframe before them until the keyframe pass reaches them. Equals durationMs once it has finished.
   */
  seekableUntilMs: TimeMs;
}

export interface DisplaySummary extends SummaryCommon {
  kind: 'display';
  format: 'guacamole';
  display: DisplayInfo;
}

/** One encoded video file placed on the recording's timeline (a zip of clips plays as one timeline). */
export interface VideoClip {
  name: string;
  startMs: TimeMs;
  durationMs: TimeMs;
  sizeBytes: number;
  /** MIME type with codecs, e.g. `video/mp4; codecs="avc1.64001f"`, as MediaSource.isTypeSupported takes it. */
  mimeType: string;
}

export interface VideoInfo {
  width: number;
  height: number;
  /** Codec strings as found (e.g. ["avc1.64001f", "mp4a.40.2"]); the first clip's. */
  codecs: string[];
  clips: VideoClip[];
  /** MP4: whether the moov box comes before the media data (plays before fully read). */
  faststart?: boolean;
  fragmented?: boolean;
}

export interface VideoSummary extends SummaryCommon {
  kind: 'video';
  format: 'mp4' | 'webm';
  video: VideoInfo;
}

export type RecordingSummary = TerminalSummary | DisplaySummary | VideoSummary;

/** asciicast event codes; unknown codes are dropped by the parser. */
export type EventCode = 'o' | 'i' | 'm' | 'r' | 'x';

/** One event, time already absolute (v3 intervals are accumulated by the parser). */
export interface TerminalEvent {
  timeMs: TimeMs;
  code: EventCode;
  data: string;
}

/**
 * A keyframe: a string of terminal escape sequences that, written into a freshly reset terminal of
 * `cols` x `rows`, reproduces the screen (contents, attributes, cursor, modes, charsets, scroll region,
 * saved cursor) exactly as it was after event `eventIndex - 1`.
 */
export interface Keyframe {
  timeMs: TimeMs;
  /** Index of the first event NOT included in the keyframe state. */
  eventIndex: number;
  cols: number;
  rows: number;
  state: string;
}

/**
 * A self-contained slice of playback data: restore `keyframe`, then apply `events` in order.
 * Chunks tile the recording: chunk k's events end where chunk k+1's keyframe begins.
 */
export interface TerminalChunk {
  kind: 'terminal';
  chunkIndex: number;
  /** Chunks known so far (grows while indexing). */
  chunkCount: number;
  keyframe: Keyframe;
  events: TerminalEvent[];
  /** Time of the first event of the next chunk, or the duration for the last chunk. */
  endMs: TimeMs;
  /** True when this is the last chunk and indexing is complete. */
  last: boolean;
}

/**
 * A slice of a Guacamole recording. Chunks tile the recording by frames: chunk k holds the frames whose
 * `sync` time is in [startMs, endMs). To show time t: take chunk `keyframeChunk` of the chunk holding t,
 * feed its `prelude` to a fresh display, then its instructions and those of the following chunks up to the
 * last frame at or before t.
 */
export interface DisplayChunk {
  kind: 'display';
  chunkIndex: number;
  chunkCount: number;
  startMs: TimeMs;
  endMs: TimeMs;
  last: boolean;
  /** The nearest chunk at or before this one that has a prelude (this one when `prelude` is set). */
  keyframeChunk: number;
  /**
   * This chunk starts a new part of a multi-part recording: the display starts empty here (a fresh
   * client), also when playback runs into it from the chunk before. Such a chunk has `prelude: ''`.
   */
  resetsDisplay?: boolean;
  /**
   * Guacamole instructions that rebuild the display as it was just before this chunk's first frame: every
   * layer and buffer (size, position, opacity, pixels), the cursor. Absent where no keyframe exists yet;
   * chunk 0 starts from an empty display and needs none.
   */
  prelude?: string;
  /** The recording's own instructions for this chunk's frames, as protocol text. */
  instructions: string;
  /** Each frame's time and the UTF-16 offset in `instructions` just past its `sync`. Same length. */
  frameTimesMs: TimeMs[];
  frameEnds: number[];
}

export type PlaybackChunk = TerminalChunk | DisplayChunk;

/** What a line of indexed text is: screen output (terminal), or what a Guacamole recording holds. */
export type TextKind = 'output' | 'typed' | 'clipboard' | 'title';

/** One line of indexed text. */
export interface TextLine {
  timeMs: TimeMs;
  text: string;
  /** Absent means 'output'. */
  kind?: TextKind;
}

/** Risk categories a command can be flagged with (rules are configurable; these are the defaults' ids). */
export type RiskId = 'privilege' | 'destructive' | 'permissions' | 'credentials' | 'data-movement' | 'history-tampering' | (string & {});

/** A command run in the session, derived from the recording (or merged in from a command log). */
export interface CommandEntry {
  timeMs: TimeMs;
  /** When the next prompt appeared (the command finished), if known. */
  endMs?: TimeMs;
  command: string;
  exitCode?: number;
  risk?: RiskId[];
  /** Where it ran: a window title (Guacamole), a nested shell or program ("ssh db1", "python"). */
  context?: string;
  /** How it was found: shell-integration marks, input events, the screen, typed keys, or a log file. */
  source: 'marks' | 'input' | 'screen' | 'keys' | 'log';
  /** The first lines of its output. */
  outputPreview?: string[];
  /** Typed inside a full-screen program (an editor, a pager, top). */
  fullScreen?: boolean;
}

/** A file that moved in or out during the session. */
export interface TransferEntry {
  timeMs: TimeMs;
  endMs?: TimeMs;
  name: string;
  /** 'upload': onto the remote host; 'download': off it. */
  direction?: 'upload' | 'download';
  sizeBytes?: number;
  /** zmodem, scp, sftp, rsync, ftp, curl, wget, guacamole-file, guacamole-pipe, log ... */
  tool: string;
  ok?: boolean;
}

/** A note a person pinned to a moment of a recording; kept per recording (by content hash) in the data dir. */
export interface Bookmark {
  id: string;
  timeMs: TimeMs;
  note: string;
  createdAtEpochMs: number;
}

/** Activity per time bucket, for the heat strip on the seek bar. */
export interface Activity {
  bucketMs: number;
  /** Screen changes per bucket (terminal: output events; display: drawing instructions). */
  screen: number[];
  /** Keys and mouse events per bucket (terminal: input events). */
  input: number[];
}

export interface SearchRequest {
  id: RecordingId;
  query: string;
  regex?: boolean;
  caseSensitive?: boolean;
  wholeWord?: boolean;
  /** Maximum hits returned (default 500, at most 5000); `total` still counts them all. */
  limit?: number;
}

export interface SearchHit {
  /** When the line was on screen, complete (seek here to see it). */
  timeMs: TimeMs;
  /** The whole line holding the hit, escape sequences removed, trailing spaces trimmed. */
  text: string;
  /** Hit position inside `text`, in UTF-16 code units. */
  matchStart: number;
  matchLength: number;
  /** Ordinal of the line in the text index. */
  lineIndex: number;
  /** Absent means 'output'. */
  kind?: TextKind;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  truncated: boolean;
  /** True when indexing is still running: later parts of the recording are not searched yet. */
  partial: boolean;
  tookMs: number;
}

export interface RecentEntry {
  /** Opaque key to reopen it (never a path). */
  key: string;
  fileName: string;
  sizeBytes: number;
  openedAtEpochMs: number;
  format?: FormatId;
  durationMs?: TimeMs;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'web';
  platform: string;
}

/** Errors that cross the contract are values, never thrown stacks. */
export interface ApiError {
  code: ErrorCode;
  /** A sentence for people: what, where, which value. */
  message: string;
  /** Byte offset or line where the problem was found, when it applies. */
  offsetBytes?: number;
  line?: number;
}

export type ErrorCode =
  | 'BAD_REQUEST' // the request does not have the documented shape
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND' // no such file, recording id or recent entry
  | 'NOT_READABLE' // permission denied, a directory, an I/O error
  | 'EMPTY_FILE'
  | 'UNSUPPORTED_FORMAT' // content is not a recording we know
  | 'CORRUPT' // recognised format, but nothing playable in it
  | 'TOO_LARGE'
  | 'CANCELLED'
  | 'UNSUPPORTED_HERE' // this request cannot be served by this host (e.g. a native dialog in a browser)
  | 'INTERNAL';

/** The recording's own title (terminal header, last window title), if it has one. */
export function recordingTitle(s: RecordingSummary): string | undefined {
  return s.kind === 'terminal' ? s.terminal.title : s.kind === 'display' ? s.display.title : undefined;
}

/** Its size for people: columns x rows, or pixels. */
export function recordingSizeLabel(s: RecordingSummary): string {
  if (s.kind === 'terminal') return `${s.terminal.cols}×${s.terminal.rows}`;
  const { width, height } = s.kind === 'display' ? s.display : s.video;
  return `${width}×${height}`;
}

/** Format milliseconds as H:MM:SS or M:SS (for CLI and UI). */
export function formatDuration(ms: TimeMs): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
