/**
 * The fast pass over a Guacamole dump: the frame table (time and byte offset of every `sync`), chunk
 * boundaries, screen sizes, typed text, clipboard, window titles, transfers and activity. It never
 * decodes images, so it runs at parsing speed; keyframes come from a second pass (keyframes.ts).
 */
import { KeyLog } from '../../../shared/formats/guacamole/keylog';
import type { GuacSink, RawInstruction } from '../../../shared/formats/guacamole/types';
import type { DisplaySize, RecordingPart, StreamTransfer, TextKind, Warning } from '../../../shared/model';
import { ActivityCounter } from '../activity';
import { IdleDetector } from '../terminal/idle';
import { FrameTable } from './frame-table';

/**
 * A chunk is cut at the first frame end after this many bytes: one chunk is what a seek fetches. Small
 * recordings get smaller chunks (see chunkBytesFor), so they still have keyframes to seek from.
 */
export const CHUNK_BYTES = 128 * 1024;
const MIN_CHUNK_BYTES = 16 * 1024;

/**
 * About 64 chunks per recording, between 16 KiB and 128 KiB each: a seek replays up to one chunk in the
 * browser, where decoding its images is most of the cost (256 KiB of a VNC session is ~150 images).
 * 128 KiB rather than 256 (100 MB dump, 30 seeks in Chromium): p95 229-375 -> 198-229 ms; the
 * keyframe pass, with twice the preludes, takes ~25% longer.
 */
export function chunkBytesFor(contentBytes: number): number {
  return Math.max(MIN_CHUNK_BYTES, Math.min(CHUNK_BYTES, Math.round(contentBytes / 64)));
}
/** ... or after this much recording time, so a slow session still has chunks to page through. */
export const CHUNK_SPAN_MS = 60_000;
const MAX_WARNINGS_KEPT = 100;
/** Clipboard text kept per entry (the rest is counted, not indexed). */
const MAX_CLIPBOARD_CHARS = 64 * 1024;

const DRAWING = new Set([
  'size', 'img', 'copy', 'transfer', 'rect', 'cfill', 'lfill', 'cstroke', 'lstroke', 'move', 'shade', 'dispose',
  'cursor', 'png', 'jpeg', 'arc', 'line', 'curve', 'close', 'start', 'clip', 'push', 'pop', 'reset', 'identity',
  'transform', 'distort',
]);

export interface GuacChunk {
  chunkIndex: number;
  startOffset: number;
  endOffset: number;
  firstFrame: number;
  frameCount: number;
  startMs: number;
  endMs: number;
  /** The first chunk of a later part of a multi-part recording: the display starts empty here. */
  resetsDisplay?: boolean;
}

export interface IndexedText {
  timeMs: number;
  text: string;
  kind: TextKind;
}

export interface GuacFacts {
  durationMs: number;
  instructions: number;
  keyEvents: number;
  mouseEvents: number;
  clipboardEntries: number;
  sizes: DisplaySize[];
  title?: string;
  transfers: StreamTransfer[];
  warnings: Warning[];
}

type Stream =
  | { kind: 'clipboard'; mimetype: string; timeMs: number; base64: string }
  | { kind: 'transfer'; transfer: StreamTransfer }
  | { kind: 'other' };

export class GuacIndexer implements GuacSink {
  readonly frames = new FrameTable();
  readonly activity = new ActivityCounter();
  readonly idle = new IdleDetector();
  readonly facts: GuacFacts = { durationMs: 0, instructions: 0, keyEvents: 0, mouseEvents: 0, clipboardEntries: 0, sizes: [], transfers: [], warnings: [] };
  private readonly keylog: KeyLog;
  private readonly streams = new Map<number, Stream>();
  /** guacd's clock at the first sync; times are rebased to it. */
  private originMs: number | undefined;
  private lastFrameMs = 0;
  /** The frame being built (instructions since the last sync) draws something. */
  private frameDraws = 0;
  private pendingSize: { width: number; height: number } | undefined;
  private chunkStart = 0;
  private chunkFirstFrame = 0;
  private chunkStartMs = 0;
  /** A cut chunk waiting for the next frame's time (its end). */
  private pending: GuacChunk | undefined;
  /** Text waiting for a typed line that started earlier (lines are indexed in time order). */
  private held: IndexedText[] = [];
  private keysSinceLine = false;
  private badTimes = 0;
  /** Multi-part recordings: each part on the timeline, and the state of the one being read. */
  readonly parts: RecordingPart[] = [];
  private partFirstSync = false;
  private resetNext = false;

  constructor(
    private readonly onChunk: (c: GuacChunk) => void,
    private readonly onText: (t: IndexedText) => void,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {
    this.keylog = new KeyLog((line) => {
      this.keysSinceLine = false;
      this.held.push({ timeMs: line.timeMs, text: line.text, kind: 'typed' });
      this.release();
    });
  }

  get chunkCount(): number {
    return this.chunkIndex;
  }
  private chunkIndex = 0;

  warning(w: Warning): void {
    if (this.facts.warnings.length < MAX_WARNINGS_KEPT) this.facts.warnings.push(w);
  }

  /** The current recording time: the last frame's (instructions take effect at the next sync). */
  private nowMs(): number {
    return this.lastFrameMs;
  }

  private rebase(guacdMs: number): number {
    if (!Number.isFinite(guacdMs)) return this.nowMs();
    if (this.originMs === undefined) return 0;
    return Math.max(0, guacdMs - this.originMs);
  }

  instruction(ins: RawInstruction): void {
    this.facts.instructions++;
    const op = ins.opcode;
    if (op === 'sync') return this.sync(ins);
    if (DRAWING.has(op)) {
      this.frameDraws++;
      if (op === 'size' && ins.argCount >= 3 && ins.num(0) === 0) this.pendingSize = { width: ins.num(1), height: ins.num(2) };
      return;
    }
    switch (op) {
      case 'blob':
        return this.blob(ins);
      case 'end':
        return this.end(ins.num(0));
      case 'key': {
        this.facts.keyEvents++;
        const t = ins.argCount >= 3 ? this.rebase(ins.num(2)) : this.nowMs();
        this.activity.add(t, 'input');
        if (ins.num(1) === 1) this.keysSinceLine = true;
        this.keylog.key(ins.num(0), ins.num(1) === 1, t);
        return;
      }
      case 'mouse': {
        this.facts.mouseEvents++;
        this.activity.add(ins.argCount >= 4 ? this.rebase(ins.num(3)) : this.nowMs(), 'input');
        return;
      }
      case 'name': {
        const title = ins.arg(0);
        this.facts.title = title;
        if (title.trim()) this.text({ timeMs: this.nowMs(), text: title, kind: 'title' });
        return;
      }
      case 'clipboard':
        this.streams.set(ins.num(0), { kind: 'clipboard', mimetype: ins.arg(1), timeMs: this.nowMs(), base64: '' });
        return;
      case 'file':
      case 'pipe': {
        const transfer: StreamTransfer = { timeMs: this.nowMs(), kind: op, name: ins.arg(2), mimetype: ins.arg(1), sizeBytes: 0 };
        this.facts.transfers.push(transfer);
        this.streams.set(ins.num(0), { kind: 'transfer', transfer });
        return;
      }
      case 'audio':
      case 'video':
        this.streams.set(ins.num(0), { kind: 'other' });
        return;
    }
  }

  private sync(ins: RawInstruction): void {
    const raw = ins.num(0);
    let timeMs: number;
    if (this.partFirstSync && Number.isFinite(raw) && this.originMs !== undefined && raw - this.originMs < this.lastFrameMs) {
      // A later part on a clock that started again (another guacd): it continues where the last one ended.
      this.originMs = raw - this.lastFrameMs;
    }
    if (!Number.isFinite(raw)) {
      timeMs = this.lastFrameMs;
      this.badTime(ins, `sync timestamp ${JSON.stringify(ins.arg(0).slice(0, 40))} is not a number; the frame keeps the previous time`);
    } else {
      this.originMs ??= raw;
      timeMs = raw - this.originMs;
      if (timeMs < this.lastFrameMs) {
        this.badTime(ins, `sync timestamp ${raw} goes back ${Math.round(this.lastFrameMs - timeMs)} ms; the frame keeps the previous time`);
        timeMs = this.lastFrameMs;
      }
    }
    const frame = this.frames.count;
    this.frames.push(timeMs, ins.offsetBytes + ins.lengthBytes);
    if (frame === this.chunkFirstFrame && frame > 0) {
      this.chunkStartMs = timeMs;
      this.handOver(timeMs);
    }
    if (this.partFirstSync) {
      this.partFirstSync = false;
      const part = this.parts[this.parts.length - 1];
      if (part) part.startMs = timeMs;
    }
    this.lastFrameMs = timeMs;
    this.facts.durationMs = timeMs;
    if (this.pendingSize) {
      const last = this.facts.sizes[this.facts.sizes.length - 1];
      if (!last || last.width !== this.pendingSize.width || last.height !== this.pendingSize.height) this.facts.sizes.push({ timeMs, ...this.pendingSize });
      this.pendingSize = undefined;
    }
    if (this.frameDraws > 0) {
      this.activity.add(timeMs, 'screen', this.frameDraws);
      this.idle.output(timeMs);
      this.frameDraws = 0;
    }
    if (!this.keysSinceLine) this.release();
    const end = ins.offsetBytes + ins.lengthBytes;
    if (end - this.chunkStart >= this.chunkBytes || timeMs - this.chunkStartMs >= CHUNK_SPAN_MS) this.cut(frame + 1, end);
  }

  private badTime(ins: RawInstruction, message: string): void {
    if (++this.badTimes <= 10) this.warning({ code: 'BAD_TIME', message, offsetBytes: ins.offsetBytes });
  }

  /**
   * Ends the current chunk after frame `frameEnd - 1`, which ends at byte `endOffset`. The chunk is handed
   * over once the next frame's time is known: a chunk covers [its first frame, the next chunk's first
   * frame), so the time between two chunks shows the earlier one's last frame.
   */
  private cut(frameEnd: number, endOffset: number): void {
    if (frameEnd <= this.chunkFirstFrame) return;
    this.pending = {
      chunkIndex: this.chunkIndex++,
      startOffset: this.chunkStart,
      endOffset,
      firstFrame: this.chunkFirstFrame,
      frameCount: frameEnd - this.chunkFirstFrame,
      startMs: this.chunkStartMs,
      endMs: Number.NaN,
      ...(this.resetNext ? { resetsDisplay: true } : {}),
    };
    this.resetNext = false;
    this.chunkStart = endOffset;
    this.chunkFirstFrame = frameEnd;
  }

  /** The next chunk's first frame is at `timeMs`: the cut chunk ends there. */
  private handOver(endMs: number): void {
    const c = this.pending;
    if (!c) return;
    this.pending = undefined;
    c.endMs = endMs;
    this.onChunk(c);
  }

  private blob(ins: RawInstruction): void {
    const stream = this.streams.get(ins.num(0));
    if (!stream || stream.kind === 'other') return;
    const data = ins.argBytes(1);
    if (stream.kind === 'transfer') {
      stream.transfer.sizeBytes += base64Bytes(data);
      return;
    }
    if (stream.base64.length < MAX_CLIPBOARD_CHARS * 2) stream.base64 += ins.arg(1);
  }

  private end(index: number): void {
    const stream = this.streams.get(index);
    this.streams.delete(index);
    if (!stream) return;
    if (stream.kind === 'transfer') {
      stream.transfer.endMs = this.nowMs();
      return;
    }
    if (stream.kind !== 'clipboard') return;
    this.facts.clipboardEntries++;
    if (!stream.mimetype.startsWith('text/')) return;
    const text = decodeBase64Text(stream.base64).slice(0, MAX_CLIPBOARD_CHARS);
    for (const line of text.split(/\r\n|\r|\n/)) if (line.trim()) this.text({ timeMs: stream.timeMs, text: line, kind: 'clipboard' });
  }

  private text(t: IndexedText): void {
    this.held.push(t);
    if (!this.keysSinceLine) this.release();
  }

  /** Hands over held text in time order (nothing typed is pending that could start earlier). */
  private release(): void {
    if (this.held.length === 0) return;
    const out = this.held.sort((a, b) => a.timeMs - b.timeMs);
    this.held = [];
    for (const t of out) this.onText(t);
  }

  /**
   * The next bytes (from `startOffset` in the concatenated content) are part `name` of a multi-part
   * recording. A later part starts a new chunk with an empty display; what the previous part had after
   * its last sync is dropped (a frame never completed).
   */
  beginPart(name: string, startOffset: number): void {
    if (this.parts.length > 0) {
      this.closePart();
      this.cut(this.frames.count, this.frames.count ? this.frames.endOffsetAt(this.frames.count - 1) : 0);
      this.chunkStart = startOffset;
      this.chunkFirstFrame = this.frames.count;
      this.resetNext = this.frames.count > 0;
      // Stream numbers start again in a new guacd connection.
      this.streams.clear();
      this.pendingSize = undefined;
      this.frameDraws = 0;
    }
    this.parts.push({ name, startMs: this.lastFrameMs, durationMs: 0 });
    this.partFirstSync = true;
  }

  private closePart(): void {
    const part = this.parts[this.parts.length - 1];
    if (part) part.durationMs = Math.max(0, this.lastFrameMs - part.startMs);
  }

  /** End of input: the last chunk, the unfinished typed line, idle at the end. */
  finish(): void {
    this.closePart();
    this.keylog.finish();
    this.keysSinceLine = false;
    this.release();
    this.cut(this.frames.count, this.frames.count ? this.frames.endOffsetAt(this.frames.count - 1) : 0);
    this.handOver(this.facts.durationMs);
    this.idle.finish(this.facts.durationMs);
    for (const s of this.streams.values()) if (s.kind === 'transfer') delete s.transfer.endMs;
    this.frames.trim();
  }
}

/** Bytes a base64 text decodes to (padding excluded). */
function base64Bytes(b: Uint8Array): number {
  let n = b.length;
  while (n > 0 && b[n - 1] === 0x3d) n--;
  return Math.floor((n * 3) / 4);
}

function decodeBase64Text(base64: string): string {
  try {
    const bin = atob(base64.replace(/[^A-Za-z0-9+/=]/g, ''));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return '';
  }
}
