/**
 * Cutting a video recording (one file, or the clips of a zip on one timeline) to [fromMs, toMs) without
 * drawing it: when the in-point is a key frame (or the person accepts starting at the key frame before it)
 * and every clip has the same codec and codec setup, the encoded packets are copied as they are, rebased;
 * otherwise the frames are decoded and re-encoded from the exact in-point. Clips are read through their
 * media URLs (ranged fetches), never whole.
 */
import {
  ALL_FORMATS,
  BufferTarget,
  canEncodeVideo,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  Mp4OutputFormat,
  Output,
  QUALITY_HIGH,
  UrlSource,
  VideoSampleSink,
  VideoSampleSource,
  WebMOutputFormat,
  type InputVideoTrack,
  type VideoCodec,
} from 'mediabunny';
import type { TimeMs } from '../../shared/model';
import type { VideoContainer } from './video-encoder';

export interface MediaClip {
  url: string;
  name: string;
  startMs: TimeMs;
  durationMs: TimeMs;
}

/** Why the plan copies or re-encodes; the dialog says it in words. */
export type PlanReason = 'aligned' | 'fast' | 'midGop' | 'codecsDiffer' | 'container';

export interface ClipPlan {
  mode: 'copy' | 'reencode';
  reason: PlanReason;
  /** Where the output really starts on the recording's timeline (earlier than asked in fast mode). */
  startMs: TimeMs;
  toMs: TimeMs;
  /** The key frame at or before the in-point, on the recording's timeline. */
  keyBeforeMs: TimeMs;
  /** Source codec, e.g. avc1.42c01e. */
  sourceCodec: string;
}

export interface ClipExportResult {
  bytes: Uint8Array;
  mimeType: string;
  plan: ClipPlan;
  codec: string;
  packets: number;
}

export class ClipExportCancelled extends Error {
  constructor() {
    super('export cancelled');
  }
}

interface Part {
  clip: MediaClip;
  input: Input;
  track: InputVideoTrack;
  /** Clip-local seconds of the part. */
  fromS: number;
  toS: number;
}

/** A key frame this close to the in-point counts as on it (timestamps are rounded to the timescale). */
const ON_KEY_S = 0.0005;

function openParts(clips: readonly MediaClip[], fromMs: TimeMs, toMs: TimeMs): Omit<Part, 'track'>[] {
  return clips
    .filter((c) => c.startMs < toMs && c.startMs + c.durationMs > fromMs)
    .map((clip) => ({
      clip,
      input: new Input({ source: new UrlSource(clip.url), formats: ALL_FORMATS }),
      fromS: Math.max(0, fromMs - clip.startMs) / 1000,
      toS: Math.min(clip.durationMs, toMs - clip.startMs) / 1000,
    }));
}

async function withTracks(parts: Omit<Part, 'track'>[]): Promise<Part[]> {
  const out: Part[] = [];
  for (const p of parts) {
    const track = await p.input.getPrimaryVideoTrack();
    if (!track) throw Object.assign(new Error(`${p.clip.name}: no video track`), { code: 'CORRUPT' });
    out.push({ ...p, track });
  }
  return out;
}

/** The codec as the file names it: its parameter string, else the container's own id (an MP4 sample entry). */
async function codecName(track: InputVideoTrack): Promise<string> {
  const id = await track.getInternalCodecId();
  return (await track.getCodecParameterString()) ?? (typeof id === 'string' ? id : null) ?? 'an unknown codec';
}

const sameBytes = (a: AllowSharedBufferSource | undefined, b: AllowSharedBufferSource | undefined): boolean => {
  if (!a || !b) return a === b;
  const x = ArrayBuffer.isView(a) ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : new Uint8Array(a);
  const y = ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

async function planParts(parts: Part[], fromMs: TimeMs, toMs: TimeMs, container: VideoContainer, fast: boolean): Promise<ClipPlan> {
  const first = parts[0]!;
  const configs = await Promise.all(parts.map((p) => p.track.getDecoderConfig()));
  const c0 = configs[0];
  const sourceCodec = c0?.codec ?? (await codecName(first.track));
  const key = await new EncodedPacketSink(first.track).getKeyPacket(first.fromS, { verifyKeyPackets: true });
  const keyBeforeMs = first.clip.startMs + Math.round((key?.timestamp ?? 0) * 1000);
  const aligned = key !== null && Math.abs(key.timestamp - first.fromS) < ON_KEY_S;
  const codecs = parts.map((p) => p.track.codec);
  const sameSetup = configs.every((c) => c && c0 && c.codec === c0.codec && sameBytes(c.description, c0.description));
  const fits = codecs[0] !== null && formatFor(container).getSupportedVideoCodecs().includes(codecs[0]!);
  const base = { toMs, keyBeforeMs, sourceCodec };
  if (!fits) return { ...base, mode: 'reencode', reason: 'container', startMs: fromMs };
  if (!sameSetup) return { ...base, mode: 'reencode', reason: 'codecsDiffer', startMs: fromMs };
  if (aligned) return { ...base, mode: 'copy', reason: 'aligned', startMs: fromMs };
  if (fast && key) return { ...base, mode: 'copy', reason: 'fast', startMs: keyBeforeMs };
  return { ...base, mode: 'reencode', reason: 'midGop', startMs: fromMs };
}

function formatFor(container: VideoContainer): Mp4OutputFormat | WebMOutputFormat {
  return container === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat();
}

const disposeAll = (parts: { input: Input }[]): void => parts.forEach((p) => p.input.dispose());

/** What an export of this range would do, without doing it (the dialog shows it). */
export async function planVideoClip(clips: readonly MediaClip[], fromMs: TimeMs, toMs: TimeMs, container: VideoContainer, fast: boolean): Promise<ClipPlan> {
  const opened = openParts(clips, fromMs, toMs);
  if (opened.length === 0) throw Object.assign(new Error(`no clip covers ${fromMs}..${toMs} ms`), { code: 'BAD_REQUEST' });
  try {
    return await planParts(await withTracks(opened), fromMs, toMs, container, fast);
  } finally {
    disposeAll(opened);
  }
}

export interface ClipExportOptions {
  clips: readonly MediaClip[];
  fromMs: TimeMs;
  toMs: TimeMs;
  container: VideoContainer;
  /** Start at the key frame before the in-point instead of re-encoding from it. */
  fast: boolean;
  signal: AbortSignal;
  onProgress(fraction: number): void;
}

export async function exportVideoClip(o: ClipExportOptions): Promise<ClipExportResult> {
  const opened = openParts(o.clips, o.fromMs, o.toMs);
  if (opened.length === 0) throw Object.assign(new Error(`no clip covers ${o.fromMs}..${o.toMs} ms`), { code: 'BAD_REQUEST' });
  const target = new BufferTarget();
  const output = new Output({ format: formatFor(o.container), target });
  const check = (): void => {
    if (o.signal.aborted) throw new ClipExportCancelled();
  };
  try {
    const parts = await withTracks(opened);
    const plan = await planParts(parts, o.fromMs, o.toMs, o.container, o.fast);
    check();
    const spanS = (o.toMs - plan.startMs) / 1000;
    const progress = (outS: number): void => o.onProgress(Math.min(0.99, outS / spanS));
    let codec = plan.sourceCodec;
    let packets = 0;
    if (plan.mode === 'copy') {
      const source = new EncodedVideoPacketSource(parts[0]!.track.codec!);
      output.addVideoTrack(source);
      await output.start();
      // The first part starts at its key frame; the others at their first packet (a key frame).
      const shiftS = (plan.startMs - parts[0]!.clip.startMs) / 1000 - parts[0]!.fromS;
      for (const [i, p] of parts.entries()) {
        const sink = new EncodedPacketSink(p.track);
        const config = (await p.track.getDecoderConfig()) ?? undefined;
        const start = i === 0 ? await sink.getKeyPacket(p.fromS + shiftS, { verifyKeyPackets: true }) : await sink.getFirstPacket();
        const offsetS = (p.clip.startMs - plan.startMs) / 1000;
        let n = 0;
        for await (const pk of sink.packets(start ?? undefined)) {
          check();
          // Decode order; a packet presented at or after the out-point ends the part (no B-frames in screen
          // recordings; see the report on that).
          if (pk.timestamp >= p.toS - ON_KEY_S) break;
          const endS = Math.min(pk.timestamp + pk.duration, p.toS);
          const out = pk.clone({ timestamp: pk.timestamp + offsetS, duration: Math.max(0, endS - pk.timestamp) });
          await source.add(out, n === 0 && i === 0 && config ? { decoderConfig: config } : undefined);
          n++;
          packets++;
          progress(out.timestamp + out.duration);
        }
      }
    } else {
      const first = parts[0]!.track;
      const width = first.displayWidth;
      const height = first.displayHeight;
      const want: VideoCodec[] = o.container === 'mp4' ? ['avc', 'vp9', 'av1'] : ['vp9', 'vp8', 'av1'];
      const keep = first.codec && want.includes(first.codec) ? [first.codec, ...want.filter((c) => c !== first.codec)] : want;
      let chosen: VideoCodec | null = null;
      for (const c of keep) if (await canEncodeVideo(c, { width, height })) { chosen = c; break; }
      if (!chosen) throw Object.assign(new Error(`this browser cannot encode ${o.container.toUpperCase()} video at ${width}x${height}`), { code: 'UNSUPPORTED_HERE' });
      const source = new VideoSampleSource({ codec: chosen, bitrate: QUALITY_HIGH, sizeChangeBehavior: 'contain', onEncoderConfig: (c) => (codec = c.codec) });
      output.addVideoTrack(source);
      await output.start();
      for (const p of parts) {
        if (!(await p.track.canDecode())) {
          throw Object.assign(new Error(`${p.clip.name}: Chromium here cannot decode ${await codecName(p.track)}, so this range cannot be re-encoded`), { code: 'UNSUPPORTED_HERE' });
        }
        const offsetS = (p.clip.startMs - o.fromMs) / 1000;
        for await (const s of new VideoSampleSink(p.track).samples(p.fromS, p.toS)) {
          try {
            check();
            // The first frame may have started before the in-point: it is shown from the in-point on.
            const fromS = Math.max(s.timestamp, p.fromS);
            const endS = Math.min(s.timestamp + s.duration, p.toS);
            if (endS <= fromS) continue;
            s.setTimestamp(fromS + offsetS);
            s.setDuration(endS - fromS);
            await source.add(s);
            packets++;
            progress(endS + offsetS);
          } finally {
            s.close();
          }
        }
      }
    }
    check();
    await output.finalize();
    o.onProgress(1);
    return { bytes: new Uint8Array(target.buffer!), mimeType: o.container === 'mp4' ? 'video/mp4' : 'video/webm', plan, codec, packets };
  } catch (err) {
    if (output.state !== 'finalized' && output.state !== 'canceled') await output.cancel().catch(() => undefined);
    throw o.signal.aborted ? new ClipExportCancelled() : err;
  } finally {
    disposeAll(opened);
  }
}
