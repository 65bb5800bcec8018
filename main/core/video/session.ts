/**
 * A video recording: one or more clips (MP4, WebM; whole files or archive members read in place) played
 * one after another on one timeline. The browser decodes the video itself, from the media URL the host
 * serves each clip at, so there are no chunks, text or activity to index: those calls answer honestly.
 */
import { TrailviewError } from '../../../shared/errors';
import type { Activity, ContainerInfo, PlaybackChunk, RecordingPart, SearchRequest, SearchResult, SessionFacts, VideoClip, VideoSummary, Warning } from '../../../shared/model';
import type { SessionEvent } from '../session';
import type { KindSession } from '../session-router';
import { recordingId } from '../summary';
import type { ByteSource, MediaClip, ScreenText, TranscriptPage } from '../types';
import { detectVideo } from './detect';
import { probeMp4 } from './mp4-probe';
import type { VideoProbe } from './probe-types';
import type { OpenJob } from '../open-job';
import { hashSources, SourceReader } from './source-reader';
import { probeWebm } from './webm-probe';

export interface VideoExtras {
  container?: ContainerInfo;
  metadata?: Record<string, unknown>;
  session?: SessionFacts;
  /** Defaults to the clips when there are several. */
  parts?: RecordingPart[];
  /** The open under way: hashing reports to it and stops when it is cancelled. */
  job?: OpenJob;
  /** What to call the recording (default: the container's name, else the first clip's). */
  fileName?: string;
}

export type { MediaClip };

/** Probes one clip: MP4 or WebM by content; anything else is not a video (UNSUPPORTED_FORMAT). */
export async function probeVideo(source: ByteSource): Promise<VideoProbe> {
  const reader = await SourceReader.open(source);
  try {
    const kind = detectVideo(await reader.read(0, 64));
    if (kind === 'mp4') return await probeMp4(reader);
    if (kind === 'webm') return await probeWebm(reader);
    throw new TrailviewError('UNSUPPORTED_FORMAT', `${source.name}: not an MP4 or WebM video`);
  } finally {
    await reader.close();
  }
}

export class VideoSession implements KindSession {
  private current: VideoSummary | undefined;
  private sources: ByteSource[] = [];

  constructor(private readonly emit: (e: SessionEvent) => void = () => undefined) {}

  async open(clips: ByteSource[], _dataDir: string, extras: VideoExtras = {}): Promise<VideoSummary> {
    const started = performance.now();
    if (clips.length === 0) throw new TrailviewError('BAD_REQUEST', 'a video recording needs at least one clip');
    const probes: VideoProbe[] = [];
    for (const clip of clips) probes.push(await probeVideo(clip));
    const sha256 = await hashSources(clips, extras.job?.signal, (done, total) => extras.job?.onProgress?.('hashing', done, total));
    let startMs = 0;
    const placed: VideoClip[] = clips.map((clip, i) => {
      const p = probes[i]!;
      const c: VideoClip = { name: clip.name, startMs, durationMs: p.durationMs, sizeBytes: clip.sizeBytes, mimeType: p.mimeType };
      startMs += p.durationMs;
      return c;
    });
    const first = probes[0]!;
    const warnings: Warning[] = probes.flatMap((p) => p.warnings);
    const durationMs = startMs;
    const summary: VideoSummary = {
      id: recordingId(sha256),
      kind: 'video',
      format: first.format,
      compression: 'none',
      fileName: extras.fileName ?? extras.container?.fileName ?? clips[0]!.name,
      sizeBytes: clips.reduce((n, c) => n + c.sizeBytes, 0),
      sha256,
      durationMs,
      events: 0,
      markers: [],
      idle: [],
      warnings,
      index: { state: 'ready', progress: 1, indexedUntilMs: durationMs, fromCache: false, elapsedMs: Math.round(performance.now() - started) },
      video: { width: first.width, height: first.height, codecs: first.codecs, clips: placed },
    };
    if (first.format === 'mp4') {
      summary.video.faststart = probes.every((p) => p.faststart);
      summary.video.fragmented = probes.some((p) => p.fragmented);
    }
    const parts = extras.parts ?? (placed.length > 1 ? placed.map((c) => ({ name: c.name, startMs: c.startMs, durationMs: c.durationMs })) : undefined);
    if (parts) summary.parts = parts;
    if (extras.container) summary.container = extras.container;
    if (extras.metadata) summary.metadata = extras.metadata;
    if (extras.session) summary.session = extras.session;
    this.current = summary;
    this.sources = clips;
    this.emit({ event: 'summary', payload: summary });
    return summary;
  }

  summary(): VideoSummary {
    if (!this.current) throw new TrailviewError('NOT_FOUND', 'no video is open in this session');
    return this.current;
  }

  /** Each clip's bytes and place on the timeline, for the host's media endpoint. */
  async media(): Promise<{ clips: MediaClip[] }> {
    const s = this.summary();
    return { clips: this.sources.map((src, i) => ({ ...src, ...pick(s.video.clips[i]!) })) };
  }

  async chunk(): Promise<PlaybackChunk> {
    throw new TrailviewError('UNSUPPORTED_HERE', `${this.summary().fileName} is a video: it plays from its media URL (the "media" request), not in chunks`);
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    void req;
    return { hits: [], total: 0, truncated: false, partial: false, tookMs: 0 };
  }

  async screenAt(): Promise<ScreenText> {
    throw new TrailviewError('UNSUPPORTED_HERE', `${this.summary().fileName} is a video: it has no text screen to print; play it in the app`);
  }

  async transcriptPage(_from?: number, _count?: number): Promise<TranscriptPage> {
    return { lines: [], total: 0, done: true };
  }

  async activity(): Promise<Activity> {
    return { bucketMs: 1000, screen: [], input: [] };
  }

  async whenIndexed(): Promise<VideoSummary> {
    return this.summary();
  }

  async cancel(): Promise<boolean> {
    return false;
  }

  async close(): Promise<boolean> {
    return true;
  }
}

const pick = (c: VideoClip): { mimeType: string; startMs: number; durationMs: number } => ({ mimeType: c.mimeType, startMs: c.startMs, durationMs: c.durationMs });
