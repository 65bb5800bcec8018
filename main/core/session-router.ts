/**
 * The worker's one session object: sniffs the file, then hands every call to the session of its kind
 * (terminal recordings or Guacamole dumps). Both kinds answer the same calls.
 */
import { basename } from 'node:path';
import { TrailviewError } from '../../shared/errors';
import type { Activity, PlaybackChunk, RecordingSummary, SearchRequest, SearchResult } from '../../shared/model';
import { detectGuacamole } from '../../shared/formats/guacamole/detect';
import { isGzip } from '../../shared/formats/detect';
import type { CommandEntry, TransferEntry } from '../../shared/model';
import { looksLikePartsManifest, readPartsManifest, type PartsManifest } from './guacamole/parts';
import { GuacSession, type DisplayFactory, type GuacLayout } from './guacamole/session';
import { RecordingSession, type SessionEvent } from './session';
import { gunzipHead, readHead } from './source';
import { openArchive } from './archive/archive';
import { decorateSummary, type Decoration } from './archive/decorate';
import { prepareArchiveOpen } from './archive/open-member';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive/types';
import type { ScreenText, TranscriptPage } from './types';
import { detectVideo } from './video/detect';
import { VideoSession, type MediaClip } from './video/session';
import { ExportJobs } from './export/export-jobs';
import { openCancelled, throttledOpenProgress, type OpenJob } from './open-job';
import { releaseStandbyTail } from './terminal/tail-thread';
import type { ClipRequest, ExportResult } from './export/types';

/** What a session of any kind answers once open (the worker protocol's calls; each kind opens its own way). */
export interface KindSession {
  summary(): RecordingSummary;
  chunk(at: { atMs?: number; chunkIndex?: number }): Promise<PlaybackChunk>;
  search(req: SearchRequest): Promise<SearchResult>;
  screenAt(atMs: number): Promise<ScreenText>;
  transcriptPage(from: number, count: number): Promise<TranscriptPage>;
  activity(): Promise<Activity>;
  whenIndexed(): Promise<RecordingSummary>;
  cancel(): Promise<boolean>;
  close(): Promise<boolean>;
  /** Commands and transfers (main/core/commands); a kind without them (video) leaves these out: empty lists. */
  commands?(): Promise<{ commands: CommandEntry[]; partial: boolean }>;
  transfers?(): Promise<{ transfers: TransferEntry[]; partial: boolean }>;
  /** Video only: each clip's bytes and place on the timeline, for the host's media endpoint. */
  media?(): Promise<{ clips: MediaClip[] }>;
}

/** The software display that makes keyframes (./guacamole/display), loaded on first use. */
const softDisplay: DisplayFactory = async () => {
  const { SoftDisplay } = await import('./guacamole/display/soft-display');
  return SoftDisplay.create();
};

export class SessionRouter implements KindSession {
  /** Only set in tests and tools: the keyframe display factory is loaded lazily otherwise. */
  static displayFactory: DisplayFactory | undefined = undefined;
  /** Tests only: chunk and keyframe spacing for Guacamole recordings. */
  static guacLayout: GuacLayout | undefined = undefined;
  /** Decompression limits for archive members (lowered in tests). */
  static archiveLimits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS;
  private inner: KindSession | undefined;
  /** The archive and session metadata around the recording, added to every summary it answers or pushes. */
  private decoration: Decoration | undefined;
  private readonly emit: (e: SessionEvent) => void;
  /** What open() was given (an export must never write over it) and the exports running here. */
  private openedPath = '';
  private exportJobs: ExportJobs | undefined;
  /** The open under way: cancelOpen() aborts it (dispatch is async, so the call arrives while open() runs). */
  private opening: AbortController | undefined;

  constructor(emit: (e: SessionEvent) => void) {
    this.emit = (e) => emit(e.event === 'summary' ? { event: 'summary', payload: decorateSummary(e.payload, this.decoration) } : e);
  }

  private get session(): KindSession {
    // Calls before open() (a host bug) get the terminal session's own "not open" answers.
    return (this.inner ??= new RecordingSession(this.emit));
  }

  /**
   * `member`: the archive member to open (default: the archive's first recording); archives only.
   * `jobId`: names the `openProgress` events (hashing, unpacking) of this open.
   */
  async open(path: string, dataDir: string, displayName?: string, member?: string, jobId?: string): Promise<RecordingSummary> {
    const controller = new AbortController();
    this.opening = controller;
    const fileName = displayName ?? basename(path);
    const job: OpenJob = { signal: controller.signal };
    if (jobId !== undefined) {
      job.onProgress = throttledOpenProgress((phase, progress) => this.emit({ event: 'openProgress', payload: { jobId, fileName, phase, progress } }));
    }
    try {
      const summary = await this.openWith(path, dataDir, displayName, member, job);
      // A step that cannot be stopped part way (a probe, a cache load) still ends a cancelled open.
      controller.signal.throwIfAborted();
      return summary;
    } catch (e) {
      // Whatever step noticed the abort (a stream's AbortError, a hash's CANCELLED) says it the same way.
      if (controller.signal.aborted) throw openCancelled(fileName);
      throw e;
    } finally {
      if (this.opening === controller) this.opening = undefined;
      // A split run took the standby tail when it started; any other open leaves it idle.
      releaseStandbyTail();
    }
  }

  /** Stops the open under way (false when none is). */
  cancelOpen(): boolean {
    if (!this.opening || this.opening.signal.aborted) return false;
    this.opening.abort();
    return true;
  }

  private async openWith(path: string, dataDir: string, displayName: string | undefined, member: string | undefined, job: OpenJob): Promise<RecordingSummary> {
    this.openedPath = path;
    const archive = await openArchive(path, dataDir, SessionRouter.archiveLimits, displayName, job);
    if (!archive && member !== undefined) throw new TrailviewError('BAD_REQUEST', `${displayName ?? basename(path)} is not an archive: it has no member ${JSON.stringify(member)}`);
    if (archive) {
      const found = await prepareArchiveOpen(archive, SessionRouter.archiveLimits, member);
      this.decoration = { container: found.container, ...(found.metadata ? { metadata: found.metadata } : {}) };
      const t = found.target;
      if (t.type === 'video') {
        const session = new VideoSession(this.emit);
        this.inner = session;
        return decorateSummary(await session.open(t.clips, dataDir, { container: found.container, job }), this.decoration);
      }
      job.signal?.throwIfAborted();
      return decorateSummary(await this.openFile(t.path, dataDir, t.displayName, t.type === 'parts' ? t.manifest : undefined, job), this.decoration);
    }
    return decorateSummary(await this.openFile(path, dataDir, displayName, undefined, job), undefined);
  }

  /** A recording file (or an archive member written out), by content. */
  private async openFile(path: string, dataDir: string, displayName?: string, parts?: PartsManifest, job?: OpenJob): Promise<RecordingSummary> {
    const head = await readHead(path, displayName);
    const gzip = isGzip(head.head);
    const sniff = gzip ? await gunzipHead(head.fileName, head.head) : head.head;
    if (!gzip && detectVideo(head.head)) {
      const session = new VideoSession(this.emit);
      this.inner = session;
      return session.open([{ path, offsetBytes: 0, sizeBytes: head.sizeBytes, name: head.fileName }], dataDir, job ? { job } : {});
    }
    if (!gzip && (parts || looksLikePartsManifest(sniff))) {
      const manifest = parts ?? (await readPartsManifest(path, displayName));
      const session = new GuacSession(this.emit, SessionRouter.displayFactory ?? softDisplay, SessionRouter.guacLayout);
      this.inner = session;
      return session.open(path, dataDir, head, 'none', manifest);
    }
    if (sniff.length > 0 && detectGuacamole(sniff).ok) {
      const session = new GuacSession(this.emit, SessionRouter.displayFactory ?? softDisplay, SessionRouter.guacLayout);
      this.inner = session;
      return session.open(path, dataDir, head, gzip ? 'gzip' : 'none', undefined, job);
    }
    const session = new RecordingSession(this.emit);
    this.inner = session;
    return session.open(path, dataDir, displayName, job);
  }

  summary(): RecordingSummary {
    return decorateSummary(this.session.summary(), this.decoration);
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
  async whenIndexed(): Promise<RecordingSummary> {
    return decorateSummary(await this.session.whenIndexed(), this.decoration);
  }
  cancel(): Promise<boolean> {
    return this.session.cancel();
  }
  commands(): Promise<{ commands: CommandEntry[]; partial: boolean }> {
    const inner = this.session;
    return inner.commands ? inner.commands() : Promise.resolve({ commands: [], partial: false });
  }
  transfers(): Promise<{ transfers: TransferEntry[]; partial: boolean }> {
    const inner = this.session;
    return inner.transfers ? inner.transfers() : Promise.resolve({ transfers: [], partial: false });
  }
  close(): Promise<boolean> {
    this.exportJobs?.cancelAll();
    return this.inner ? this.inner.close() : Promise.resolve(true);
  }
  /** A recording that is not a video has no clips to stream (an empty list, not an error). */
  media(): Promise<{ clips: MediaClip[] }> {
    const inner = this.session;
    return inner.media ? inner.media() : Promise.resolve({ clips: [] });
  }
  /** A clip export (main/core/export), run here where the recording's chunks are. */
  exportClip(jobId: string, req: ClipRequest): Promise<ExportResult> {
    this.exportJobs ??= new ExportJobs(this.emit);
    return this.exportJobs.run(jobId, { session: this, createDisplay: SessionRouter.displayFactory ?? softDisplay, path: this.openedPath }, req);
  }
  exportCancel(jobId: string): boolean {
    return this.exportJobs?.cancel(jobId) ?? false;
  }
}
