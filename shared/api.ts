/**
 * THE contract between the UI and the core: every request and every push event, typed, in one place.
 *
 * Transports: Electron IPC (preload bridge, one invoke channel + one event channel) and browser mode
 * (HTTP POST /api/<method> + server-sent events). Both carry exactly these shapes, and every reply is an
 * envelope: errors are values (`{ ok: false, error }`), never thrown stacks.
 * A contract test fails when a method below has no handler in the Electron IPC layer or the web host.
 */
import type {
  Activity,
  ApiError,
  AppInfo,
  Bookmark,
  RecentEntry,
  RecordingId,
  RecordingSummary,
  SearchRequest,
  SearchResult,
  PlaybackChunk,
  TextLine,
  TimeMs,
} from './model';
import type { ScanProgress } from './folder-scan';
import type { MenuAction } from './menu-actions';
import type { Settings } from './settings';
import type { CommandEntry, TransferEntry } from './model';

/** Where a recording comes from. The UI never sees paths coming back, only ids and keys. */
export type OpenSource =
  /** A path on this machine: Electron drag & drop (via webUtils), the CLI, `trailview web FILE`. */
  | { kind: 'path'; path: string }
  /** A file the browser uploaded to the web host (PUT /api/upload) in browser mode. */
  | { kind: 'upload'; uploadId: string }
  /** An entry of the recent list. */
  | { kind: 'recent'; key: string }
  /** Another member (path inside the archive, as in `summary.container.members`) of the archive recording `id` came from. */
  | { kind: 'member'; id: RecordingId; memberPath: string };

export interface Requests {
  /** Host facts: version, electron or web. */
  appInfo: { req: Record<string, never>; res: AppInfo };
  /** Every recording open in this host (including ones the host opened itself: samples, CLI args). */
  library: { req: Record<string, never>; res: RecordingSummary[] };
  /**
   * Open (detect, start indexing) and return as soon as the first screen can be shown. `jobId` (chosen by
   * the UI) names the `openProgress` events (hashing a big file, unpacking an archive) and lets
   * `openCancel` stop it.
   */
  open: { req: { source: OpenSource; jobId?: string }; res: RecordingSummary };
  /** Stop an open under way: it fails with CANCELLED ("<file>: opening cancelled") and leaves nothing half-written. */
  openCancel: { req: { jobId: string }; res: { cancelled: boolean } };
  /**
   * A native Open dialog (Electron); browser mode answers UNSUPPORTED_HERE and the UI uses <input type=file>.
   * `folder: true` picks a folder instead, scanned for recordings (progress as `scan` events).
   */
  openDialog: { req: { folder?: boolean }; res: RecordingSummary[] };
  summary: { req: { id: RecordingId }; res: RecordingSummary };
  /** Playback data: the chunk holding `atMs`, or chunk number `chunkIndex`. Exactly one of the two. */
  chunk: { req: { id: RecordingId; atMs?: TimeMs; chunkIndex?: number }; res: PlaybackChunk };
  search: { req: SearchRequest; res: SearchResult };
  /**
   * Indexed text lines [from, from + count) in time order (terminal output lines; a Guacamole recording's
   * typed lines, clipboard entries and window titles). `done` once no more lines can come.
   */
  transcript: { req: { id: RecordingId; from: number; count: number }; res: { lines: TextLine[]; total: number; done: boolean } };
  /** Activity per time bucket (heat strip), as far as indexed. */
  activity: { req: { id: RecordingId }; res: Activity };
  /** Stop indexing; what was indexed stays playable. */
  cancel: { req: { id: RecordingId }; res: { cancelled: boolean } };
  close: { req: { id: RecordingId }; res: { closed: boolean } };
  recentList: { req: Record<string, never>; res: RecentEntry[] };
  recentClear: { req: Record<string, never>; res: { cleared: number } };
  /** Commands run in the recording (main/core/commands), risk-flagged; `partial` while indexing or extraction still runs. */
  commands: { req: { id: RecordingId }; res: { commands: CommandEntry[]; partial: boolean } };
  /** Files moved in or out (ZMODEM, scp/rsync/curl/wget/sftp commands, Guacamole streams); `partial` as for commands. */
  transfers: { req: { id: RecordingId }; res: { transfers: TransferEntry[]; partial: boolean } };
  /**
   * A video recording's clips, each at a URL this page can load (a token, never a path), placed one after
   * another on the recording's timeline. UNSUPPORTED_HERE for recordings that are not video.
   */
  media: { req: { id: RecordingId }; res: { clips: { url: string; name: string; mimeType: string; startMs: TimeMs; durationMs: TimeMs }[] } };
  /** The recording's bookmarks (kept by content hash, so the same file opened again finds them), in time order. */
  bookmarks: { req: { id: RecordingId }; res: Bookmark[] };
  /** Add a bookmark (no `bookmark.id`) or change one (its id); answers the stored bookmark. */
  bookmarkSave: { req: { id: RecordingId; bookmark: { id?: string; timeMs: TimeMs; note: string } }; res: Bookmark };
  bookmarkDelete: { req: { id: RecordingId; bookmarkId: string }; res: { deleted: boolean } };
  /**
   * Export [fromMs, toMs] of a recording: a clip that plays on its own (terminal: asciicast, v2 unless
   * castVersion 3; Guacamole: a dump), the transcript (txt) or an evidence bundle (zip: clip, transcript,
   * manifest with every SHA-256, README, SHA256SUMS). Electron: written to `outPath` (temp name, then
   * renamed), answered with that path. Browser mode takes no path: the host writes under its data folder
   * and `path` is a URL path on the host (`/media/<token>`, fetched with the access token like media).
   * `jobId` (chosen by the UI) names the `exportProgress` events and lets `exportCancel` stop it.
   */
  export: {
    req: { id: RecordingId; fromMs: TimeMs; toMs: TimeMs; format: 'cast' | 'guac' | 'txt' | 'csv' | 'bundle'; outPath?: string; castVersion?: 2 | 3; notes?: string; jobId?: string };
    res: { path: string; sizeBytes: number; sha256: string };
  };
  /** Stop an export: it fails with CANCELLED and leaves no file. */
  exportCancel: { req: { id: RecordingId; jobId: string }; res: { cancelled: boolean } };
  /**
   * Write a file the page rendered itself (a WebM/MP4 video export, base64) into the export folder:
   * temp name, then renamed. `path` as for `export` (Electron: the file; browser mode: a download URL).
   */
  saveExport: { req: { suggestedName: string; dataBase64: string }; res: { path: string; sizeBytes: number; sha256: string } };
  /** Electron: show an exported file in its folder (only files this host exported); elsewhere `shown: false`. */
  revealExport: { req: { path: string }; res: { shown: boolean } };
  /** The person's settings (defaults for anything never set). */
  settingsGet: { req: Record<string, never>; res: Settings };
  /** Change some settings; an unknown field or a value out of range is BAD_REQUEST naming it. */
  settingsSet: { req: { patch: Partial<Settings> }; res: Settings };
  /** Scan a folder on this machine (a dropped folder in Electron) and open the recordings found in it. */
  openFolder: { req: { path: string }; res: FolderOpenResult };
  /** Stop a folder scan; what opened so far stays open. */
  scanCancel: { req: { scanId: string }; res: { cancelled: boolean } };
  /**
   * Attach a JumpServer command-record or FTP-log export (CSV or JSON, told apart by content) to a recording:
   * kept per recording content hash, merged into every later `commands`/`transfers` answer (source 'log').
   * `rows`: rows in the log; `matched`: rows placed on this recording (same session id, else wall-clock
   * overlap). `onlyIfMatching`: leave it unattached (`attached: false`) when no row matches. A bad log is
   * an error naming the file, line and field. A `summary` event follows, so lists ask again.
   */
  attachLog: {
    req: { id: RecordingId; source: OpenSource; onlyIfMatching?: boolean };
    res: { kind: 'commands' | 'transfers'; rows: number; matched: number; fileName: string; logId: string; attached: boolean };
  };
  /** The logs attached to a recording, in the order attached. */
  logs: { req: { id: RecordingId }; res: AttachedLog[] };
  /** Detach a log from a recording: its rows leave the answers (the stored copy, named by its hash, stays). */
  detachLog: { req: { id: RecordingId; logId: string }; res: { detached: boolean } };
}

/** A log attached to a recording (attachLog). `logId` is the log's SHA-256. */
export interface AttachedLog {
  logId: string;
  fileName: string;
  kind: 'commands' | 'transfers';
  rows: number;
  matched: number;
  attachedAtEpochMs: number;
}

/** What opening a folder gave: the recordings opened and the files that looked like one but failed. */
export interface FolderOpenResult {
  opened: RecordingSummary[];
  failed: { name: string; message: string }[];
  filesSeen: number;
  cancelled: boolean;
  truncated: boolean;
}

export type Method = keyof Requests;
export type Req<M extends Method> = Requests[M]['req'];
export type Res<M extends Method> = Requests[M]['res'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface Events {
  /** Indexing progress for one recording (throttled to a few per second). */
  progress: { id: RecordingId; progress: number; indexedUntilMs: TimeMs; durationMs: TimeMs };
  /** A recording's summary changed (indexing finished, failed, was cancelled; new markers ...). */
  summary: RecordingSummary;
  /** The host opened recordings by itself (second instance, OS "Open with"): show them. */
  opened: RecordingSummary[];
  /** The settings changed (from any window, or the native menu). */
  settings: Settings;
  /** The native menu asks for an action (Playback, View ...). */
  menu: { action: MenuAction };
  /** A folder scan's progress; the last one is `done`. */
  scan: ScanProgress;
  /** An export's progress (0..1), throttled; `jobId` as given in the request. */
  exportProgress: { id: RecordingId; jobId: string; progress: number };
  /** An open's progress (0..1) per phase, throttled; each phase starts and ends (1) with an event. */
  openProgress: { jobId: string; fileName: string; phase: 'hashing' | 'unpacking'; progress: number };
}

export type EventName = keyof Events;

/** Runtime list of methods: the transports and the contract test walk this. */
export const METHODS = [
  'appInfo',
  'library',
  'open',
  'openCancel',
  'openDialog',
  'summary',
  'chunk',
  'search',
  'transcript',
  'activity',
  'cancel',
  'close',
  'recentList',
  'recentClear',
  'commands',
  'transfers',
  'media',
  'bookmarks',
  'bookmarkSave',
  'bookmarkDelete',
  'settingsGet',
  'settingsSet',
  'openFolder',
  'scanCancel',
  'export',
  'exportCancel',
  'saveExport',
  'revealExport',
  'attachLog',
  'logs',
  'detachLog',
] as const satisfies readonly Method[];

export const EVENTS = ['progress', 'summary', 'opened', 'settings', 'menu', 'scan', 'exportProgress', 'openProgress'] as const satisfies readonly EventName[];

// Compile-time proof that METHODS lists every method exactly.
type Missing = Exclude<Method, (typeof METHODS)[number]>;
const _allMethodsListed: Missing extends never ? true : Missing = true;
void _allMethodsListed;

/** A host implements every method; TypeScript enforces completeness where a table is declared. */
export type Handlers = { [M in Method]: (req: Req<M>) => Promise<Res<M>> };

/** The channel names used by the Electron transport. */
export const IPC_INVOKE = 'trailview:invoke';
export const IPC_EVENT = 'trailview:event';

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && (METHODS as readonly string[]).includes(name);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ApiError['code'], message: string, where?: { offsetBytes?: number; line?: number }): Result<never> {
  return { ok: false, error: { code, message, ...where } };
}
