/**
 * WebCodecs VideoEncoder + mediabunny muxer. Frames come in with their timestamps only when the picture
 * changed; each packet's duration is set when the next one arrives (the last one runs to the end), so a
 * screen that stays still for a minute is one frame lasting a minute, not 1500 copies of it.
 */
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';

export type VideoContainer = 'webm' | 'mp4';

export interface CodecChoice {
  container: VideoContainer;
  /** WebCodecs codec string, e.g. vp09.00.10.08 or avc1.640028. */
  codec: string;
  /** mediabunny's name for it. */
  muxCodec: 'vp9' | 'vp8' | 'avc';
}

/** Tried in order; the first the browser's encoder accepts at this size wins. */
const CANDIDATES: Record<VideoContainer, CodecChoice[]> = {
  webm: [
    { container: 'webm', codec: 'vp09.00.10.08', muxCodec: 'vp9' },
    { container: 'webm', codec: 'vp8', muxCodec: 'vp8' },
  ],
  mp4: [
    // High profile at levels 4.0 / 5.1 / 5.2: the smallest level that holds the frame size is accepted.
    { container: 'mp4', codec: 'avc1.640028', muxCodec: 'avc' },
    { container: 'mp4', codec: 'avc1.640033', muxCodec: 'avc' },
    { container: 'mp4', codec: 'avc1.640034', muxCodec: 'avc' },
  ],
};

export interface EncodeSettings {
  width: number;
  height: number;
  /** Frames per second of the time grid changes are placed on. */
  frameRate: number;
}

function configFor(choice: CodecChoice, s: EncodeSettings): VideoEncoderConfig {
  // Screens are mostly flat colour and sharp text: ~0.05 bit per pixel per frame keeps text readable, and
  // fewer bits encode faster (VP9 realtime, 1156x748 scrolling text: 37 ms a frame at 1 Mbit/s, 48 at
  // 2.6). 'realtime' makes libvpx use its fast speed presets.
  const bitrate = Math.max(500_000, Math.min(4_000_000, Math.round(s.width * s.height * s.frameRate * 0.05)));
  return {
    codec: choice.codec,
    width: s.width,
    height: s.height,
    bitrate,
    framerate: s.frameRate,
    latencyMode: 'realtime',
    hardwareAcceleration: 'no-preference',
    ...(choice.muxCodec === 'avc' ? { avc: { format: 'avc' as const } } : {}),
  };
}

/** The first codec of `container` this browser encodes at this size, or null (e.g. no H.264 encoder). */
export async function pickCodec(container: VideoContainer, s: EncodeSettings): Promise<CodecChoice | null> {
  if (typeof VideoEncoder === 'undefined') return null;
  for (const c of CANDIDATES[container]) {
    try {
      const r = await VideoEncoder.isConfigSupported(configFor(c, s));
      if (r.supported) return c;
    } catch {
      // An invalid config for this browser: try the next.
    }
  }
  return null;
}

/** Video frames every this many seconds of video at least start with a key frame, so the file seeks. */
const KEY_FRAME_EVERY_US = 5_000_000;
/** Frames queued in the encoder above which the producer waits. */
const MAX_QUEUE = 4;

export class VideoSink {
  private readonly encoder: VideoEncoder;
  private readonly output: Output;
  private readonly source: EncodedVideoPacketSource;
  private readonly target = new BufferTarget();
  private held: { packet: EncodedPacket; meta: EncodedVideoChunkMetadata | undefined } | null = null;
  private adding: Promise<void> = Promise.resolve();
  private lastKeyUs = -Infinity;
  private failure: Error | null = null;
  private started: Promise<void>;
  framesEncoded = 0;

  constructor(
    readonly choice: CodecChoice,
    readonly settings: EncodeSettings,
  ) {
    this.output = new Output({
      format: choice.container === 'webm' ? new WebMOutputFormat() : new Mp4OutputFormat({ fastStart: 'in-memory' }),
      target: this.target,
    });
    this.source = new EncodedVideoPacketSource(choice.muxCodec);
    this.output.addVideoTrack(this.source);
    this.started = this.output.start();
    this.encoder = new VideoEncoder({
      output: (chunk, meta) => this.onChunk(chunk, meta),
      error: (e) => (this.failure ??= e instanceof Error ? e : new Error(String(e))),
    });
    this.encoder.configure(configFor(choice, settings));
  }

  /** Encodes the picture on `canvas` as the frame starting at `timestampUs` (microseconds into the video). */
  async add(canvas: CanvasImageSource, timestampUs: number): Promise<void> {
    this.check();
    if (this.encoder.encodeQueueSize > MAX_QUEUE) {
      await new Promise<void>((resolve) => this.encoder.addEventListener('dequeue', () => resolve(), { once: true }));
      this.check();
    }
    const frame = new VideoFrame(canvas, { timestamp: timestampUs });
    const keyFrame = timestampUs - this.lastKeyUs >= KEY_FRAME_EVERY_US;
    if (keyFrame) this.lastKeyUs = timestampUs;
    try {
      this.encoder.encode(frame, { keyFrame });
    } finally {
      frame.close();
    }
    this.framesEncoded++;
  }

  /** Flushes the encoder, ends the last frame at `durationUs` and returns the finished file. */
  async finish(durationUs: number): Promise<Uint8Array> {
    await this.encoder.flush();
    this.check();
    await this.adding;
    if (this.held) await this.release(durationUs);
    await this.started;
    await this.output.finalize();
    this.encoder.close();
    const buf = this.target.buffer;
    if (!buf) throw new Error('the muxer produced no file');
    return new Uint8Array(buf);
  }

  /** Stops everything; nothing is kept. */
  async cancel(): Promise<void> {
    if (this.encoder.state !== 'closed') this.encoder.close();
    await this.output.cancel().catch(() => undefined);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private onChunk(chunk: EncodedVideoChunk, meta: EncodedVideoChunkMetadata | undefined): void {
    const packet = EncodedPacket.fromEncodedChunk(chunk);
    // Packets reach the muxer in order, each once its successor's start (its own end) is known.
    this.adding = this.adding.then(async () => {
      if (this.held) await this.release(chunk.timestamp);
      this.held = { packet, meta };
    });
    this.adding.catch((e: unknown) => (this.failure ??= e instanceof Error ? e : new Error(String(e))));
  }

  private async release(endUs: number): Promise<void> {
    const h = this.held!;
    this.held = null;
    const durationS = Math.max(0, endUs - h.packet.microsecondTimestamp) / 1e6;
    await this.started;
    await this.source.add(h.packet.clone({ duration: durationS }), h.meta);
  }
}
