/**
 * Any recording -> a video file, faster than real time: the recording's screen is stepped from change to
 * change (no clock), each changed picture placed on a fixed frame grid and encoded once, lasting until
 * the next change. Runs in the page (WebCodecs); cancellable through an AbortSignal.
 */
import type { Req, Result } from '../../shared/api';
import type { PlaybackChunk, RecordingSummary, TimeMs } from '../../shared/model';
import { terminalChunks } from '../player/chunk-cache';
import { displayChunks } from '../player/engines/guacamole-chunks';
import { makeCanvas, type AnyCanvas } from './canvas';
import type { FrameSource } from './frame-source';
import { GuacFrames } from './guac-frames';
import { PointerPainter } from './mouse-pointer';
import { nextStampChange, Overlay, STRIP_HEIGHT_PX, type OverlayOptions } from './overlay';
import { TerminalFrames } from './terminal-frames';
import { pickCodec, VideoSink, type CodecChoice, type VideoContainer } from './video-encoder';

/** Changes closer together than one frame of this grid share a frame (guacenc uses 25). */
export const FRAME_RATE = 30;

export interface VideoExportOptions {
  summary: RecordingSummary;
  fromMs: TimeMs;
  toMs: TimeMs;
  container: VideoContainer;
  overlay: OverlayOptions;
  fetchChunk(req: Req<'chunk'>): Promise<Result<PlaybackChunk>>;
  /** Guacamole: resolves once the core's keyframes cover this time (see GuacFrames.open). */
  keyframesReach?(timeMs: TimeMs): Promise<void>;
  signal?: AbortSignal;
  /** 0..1, called at most once per frame encoded. */
  onProgress?(progress: number): void;
}

export interface VideoExportResult {
  bytes: Uint8Array;
  mimeType: string;
  codec: CodecChoice;
  width: number;
  height: number;
  durationMs: TimeMs;
  framesEncoded: number;
  /** Where the wall time went, ms (the benchmark prints it). */
  timings: { openMs: number; stepMs: number; drawMs: number; encodeMs: number; finishMs: number };
}

export class ExportCancelled extends Error {
  readonly code = 'CANCELLED';
  constructor() {
    super('the export was cancelled');
  }
}

async function openSource(o: VideoExportOptions): Promise<FrameSource> {
  const s = o.summary;
  if (s.kind === 'terminal') return TerminalFrames.open(s, terminalChunks(o.fetchChunk), o.fromMs, o.toMs);
  if (s.kind === 'display') return GuacFrames.open(s, displayChunks(o.fetchChunk), o.fromMs, o.toMs, undefined, o.keyframesReach);
  throw Object.assign(new Error(`${s.fileName}: video recordings are exported by cutting the video, not by drawing it`), { code: 'UNSUPPORTED_FORMAT' });
}

/** Pictures being drawn ahead of the encoder (each snapshot holds one frame's pixels). */
const LOOKAHEAD = 16;
const PROGRESS_EVERY_MS = 100;

interface Shot {
  slotMs: TimeMs;
  timestampUs: number;
  snapshot: VideoFrame | null;
  done: boolean;
  wake?: () => void;
}

/**
 * The picture on `out` as a video frame (a snapshot: `out` is drawn over next). On a willReadFrequently
 * canvas this costs the page ~4 ms a frame under load; on a plain one 9 ms, and getImageData + a frame
 * of its RGBA 6 ms plus the garbage of 3 MB a frame.
 */
function snapshot(out: AnyCanvas, timestampUs: number): VideoFrame {
  return new VideoFrame(out, { timestamp: timestampUs });
}

const even = (n: number): number => Math.max(2, Math.ceil(n / 2) * 2);

export async function exportVideo(o: VideoExportOptions): Promise<VideoExportResult> {
  const cancelled = (): void => {
    if (o.signal?.aborted) throw new ExportCancelled();
  };
  const spanMs = o.toMs - o.fromMs;
  if (!(spanMs > 0)) throw Object.assign(new Error(`the range ${o.fromMs}..${o.toMs} ms is empty`), { code: 'BAD_REQUEST' });
  const t0 = performance.now();
  const timings = { openMs: 0, stepMs: 0, drawMs: 0, encodeMs: 0, finishMs: 0 };
  const lap = (key: keyof typeof timings, since: number): number => {
    const now = performance.now();
    timings[key] += now - since;
    return now;
  };
  const strip = o.overlay.timestamp || o.overlay.caption !== '' ? STRIP_HEIGHT_PX : 0;
  // Asking the browser which codec it encodes takes ~60 ms: asked while the source opens, at the size
  // the recording most likely has (a Guacamole screen's size at the end; asked again if it differs).
  const guess = o.summary.kind === 'display' ? { width: even(o.summary.display.width), height: even(o.summary.display.height + strip) } : null;
  const early = guess ? pickCodec(o.container, { ...guess, frameRate: FRAME_RATE }).catch(() => null) : null;
  const source = await openSource(o);
  lap('openMs', t0);
  let sink: VideoSink | null = null;
  try {
    cancelled();
    // 4:2:0 encoders need even sizes: the picture is padded, never scaled.
    const width = even(source.width);
    const height = even(source.height + strip);
    const settings = { width, height, frameRate: FRAME_RATE };
    const codec = early && guess?.width === width && guess.height === height ? await early : await pickCodec(o.container, settings);
    if (!codec) throw Object.assign(new Error(`this browser cannot encode ${o.container.toUpperCase()} video at ${width}x${height}`), { code: 'UNSUPPORTED_HERE' });
    sink = new VideoSink(codec, settings);
    const out = makeCanvas(width, height);
    // Every picture is read back for the encoder: keep the canvas in memory the CPU reads.
    const ctx = out.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    const overlay = new Overlay(o.overlay, ctx, height - strip, width);
    const pointer = new PointerPainter(ctx, source.width, source.height);
    const stamp = o.overlay.timestamp;
    const startedAt = o.overlay.startedAtEpochMs;
    const frameMs = 1000 / FRAME_RATE;

    const compose = (t: TimeMs, pictureChanged: boolean): boolean => {
      if (pictureChanged) {
        // Pictures may be transparent (a Guacamole layer): shown over black, as the player shows them.
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, source.width, source.height);
        ctx.drawImage(source.canvas, 0, 0);
      }
      // A moved pointer is a changed frame even when the picture under it is not.
      const pointerChanged = pointer.draw(source.canvas, source.pointer ?? null, pictureChanged);
      return overlay.draw(t) || pointerChanged || pictureChanged;
    };
    compose(o.fromMs, true);
    await sink.add(out, 0);
    // Pictures asked for and not encoded yet, oldest first: a snapshot of `out` once drawn (null when
    // nothing changed there). Up to LOOKAHEAD are in flight, so images decode while later frames feed.
    const shots: Shot[] = [];
    const capture = source.capture?.bind(source) ?? (async (t: TimeMs, drawn: (changed: boolean) => void) => drawn(await source.advanceTo(t)));
    let lastProgressAt = 0;
    const encodeOldest = async (): Promise<void> => {
      const s = shots[0]!;
      if (!s.done) await new Promise<void>((resolve) => (s.wake = resolve));
      shots.shift();
      if (!s.snapshot) return;
      const t = performance.now();
      try {
        await sink!.add(s.snapshot, s.timestampUs);
      } finally {
        s.snapshot.close();
      }
      lap('encodeMs', t);
      // A progress bar redrawn 30 times a second costs the page more than it tells anyone.
      if (t - lastProgressAt >= PROGRESS_EVERY_MS) {
        lastProgressAt = t;
        o.onProgress?.((s.slotMs - o.fromMs) / spanMs);
      }
    };
    let slot = 0;
    let at = o.fromMs;
    try {
      for (;;) {
        cancelled();
        let t = performance.now();
        const change = await source.nextChange(at);
        const tick = stamp ? nextStampChange(at, startedAt) : Infinity;
        const next = Math.min(change ?? Infinity, tick);
        if (!(next < o.toMs)) break;
        // The first grid slot at or after the change (a change between slots shows from the next one).
        slot = Math.max(slot + 1, Math.ceil((next - o.fromMs) / frameMs - 1e-9));
        const slotMs = o.fromMs + slot * frameMs;
        if (slotMs >= o.toMs) break;
        const shot: Shot = { slotMs, timestampUs: Math.round(slot * frameMs * 1000), snapshot: null, done: false };
        shots.push(shot);
        await capture(slotMs, (picture) => {
          const td = performance.now();
          if (compose(slotMs, picture)) shot.snapshot = snapshot(out, shot.timestampUs);
          lap('drawMs', td);
          shot.done = true;
          shot.wake?.();
        });
        at = slotMs;
        t = lap('stepMs', t);
        while (shots.length > 0 && (shots.length > LOOKAHEAD || shots[0]!.done)) await encodeOldest();
      }
      while (shots.length > 0) {
        cancelled();
        await encodeOldest();
      }
    } finally {
      for (const s of shots) s.snapshot?.close();
    }
    cancelled();
    const tf = performance.now();
    const bytes = await sink.finish(Math.round(spanMs * 1000));
    lap('finishMs', tf);
    o.onProgress?.(1);
    return {
      bytes,
      mimeType: codec.container === 'webm' ? 'video/webm' : 'video/mp4',
      codec,
      width,
      height,
      durationMs: spanMs,
      framesEncoded: sink.framesEncoded,
      timings,
    };
  } catch (err) {
    await sink?.cancel();
    throw err;
  } finally {
    source.dispose();
  }
}
