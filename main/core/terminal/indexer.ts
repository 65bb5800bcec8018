/**
 * Consumes parser sink calls and builds everything the player and search need: chunks with keyframes,
 * the text index, markers, resizes, idle stretches and counts. Output is fed to a headless terminal in
 * batches (tiny per-event writes are several times slower), split wherever something is observed:
 * keyframes, the once-per-second scan, resizes and the end.
 *
 * Split indexing (see split.ts): the counts, markers, resizes and idle stretches are always taken from
 * every event, but the terminal can run over part of the recording only. The head indexer emulates from
 * the start until its state equals the tail's at a chunk start (it then stops emulating), the tail
 * indexer emulates from the split event on.
 */
import { ActivityCounter } from '../activity';
import type { ParsedHeader, ParserSink } from '../../../shared/formats/types';
import type { Activity, Keyframe, Marker, Resize, TerminalEvent, TerminalInfo, Warning } from '../../../shared/model';
import { Emulator } from './emulator';
import { DEFAULT_IDLE_THRESHOLD_MS, IdleDetector } from './idle';
import { TextIndex } from './text-index';

export interface IndexerOptions {
  /** Cut a new chunk after this much output (characters of "o" data). */
  keyframeEveryBytes?: number;
  /** The same for chunk 0, which open() waits for: smaller, so the first screen is playable sooner. */
  firstChunkBytes?: number;
  keyframeEveryMs?: number;
  keyframeEveryEvents?: number;
  /** Visible lines are indexed at least this often (recording time). */
  scanEveryMs?: number;
  /** This indexer is one half of a split run (see split.ts). */
  split?: SplitRole;
}

/**
 * The head emulates from the start and asks `candidate` at each chunk start from the split event on:
 * true means the tail's chunks take over from here (the head stops emulating). `unaligned` says the
 * head cannot start a chunk at the split event (its terminal is inside an escape sequence there).
 * The tail emulates from the split event on, from an empty terminal, and signs its first chunks.
 */
export type SplitRole =
  | { role: 'head'; candidate(eventIndex: number, signature: (omitSaved: SavedCursorOmit) => string): boolean; unaligned(): void }
  | { role: 'tail'; signChunks: number };

/** Buffers whose saved cursor a signature leaves out: the tail's, where it has not saved one itself. */
export interface SavedCursorOmit {
  normal: boolean;
  alt: boolean;
}

export interface BuiltChunk {
  chunkIndex: number;
  keyframe: Keyframe;
  events: TerminalEvent[];
  firstEvent: number;
  /** Time of the next chunk's first event, or the duration for the last chunk. */
  endMs: number;
  /** The tail's convergence signature of the state at the chunk's start (its first chunks only). */
  signature?: { text: string; omitSaved: SavedCursorOmit };
  /** Tail: a saved cursor from before the split event was restored in this chunk (see split.ts). */
  restoredInherited?: boolean;
}

export interface IndexerFacts {
  header?: ParsedHeader;
  durationMs: number;
  events: number;
  markers: Marker[];
  resizes: Resize[];
  idle: { startMs: number; endMs: number }[];
  inputEvents: number;
  warnings: Warning[];
  outputBytes: number;
}

const MAX_WARNINGS_KEPT = 200;
/** Chunk 0 is cut early: open() answers once it exists, and indexing code is still cold (interpreted) then. */
const FIRST_CHUNK_BYTES = 4 * 1024;
/** Output events closer together than this are written to the emulator in one go. */
const BATCH_WINDOW_MS = 10;
const BATCH_MAX_CHARS = 64 * 1024;
const RESIZE_RE = /^\s*(\d{1,4})\s*x\s*(\d{1,4})\s*$/;
/** Output that wipes the screen (ED, RIS, alternate screen switch) starts a new batch: what it wipes
 * was drawn before it, and keeps that earlier time (and stays findable on screen at it). */
const WIPES_SCREEN = /\x1b\[[0-3]?J|\x1bc|\x1b\[\?(?:1049|1047|47)[hl]/;

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export class TerminalIndexer implements ParserSink {
  /** The head's (and an unsplit run's) whole text index; the tail's lines since takeText(). */
  text = new TextIndex();
  readonly activity = new ActivityCounter();
  readonly facts: IndexerFacts = { durationMs: 0, events: 0, markers: [], resizes: [], idle: [], inputEvents: 0, warnings: [], outputBytes: 0 };
  private emu: Emulator | undefined;
  private idle = new IdleDetector();
  private readonly keyframeBytes: number;
  private readonly firstChunkBytes: number;
  private readonly keyframeMs: number;
  private readonly keyframeEvents: number;
  private readonly scanMs: number;
  private chunkIndex = 0;
  private chunkKeyframe: Keyframe | undefined;
  private chunkFirstEvent = 0;
  private chunkEvents: TerminalEvent[] = [];
  private chunkBytes = 0;
  private nextScanMs = 0;
  private lastTimeMs = 0;
  private batch = '';
  private batchStartMs = 0;
  private batchEndMs = 0;
  private batchNewlines = 0;
  private finished = false;
  /** Terminal size now (the emulator's, or followed from resize events where nothing emulates). */
  private cols = 80;
  private rows = 24;
  private readonly split: SplitRole | undefined;
  /** 'armed' once every byte before the split offset was parsed; 'passed' from the split event on. */
  private splitState: 'before' | 'armed' | 'passed' = 'before';
  private lastOutputEndsLine = true;
  private chunkSignature: BuiltChunk['signature'];
  private signed = 0;
  /** Head: handed over to the tail, which counts every event (and parser warning) from here on. */
  private countsFromTail = false;

  constructor(
    private readonly onChunk: (chunk: BuiltChunk) => void,
    opts: IndexerOptions = {},
  ) {
    this.keyframeBytes = opts.keyframeEveryBytes ?? 64 * 1024;
    // A tail's first chunk is cut like any later one: the head's chunks line up with it.
    this.firstChunkBytes = opts.split?.role === 'tail' ? this.keyframeBytes : Math.min(this.keyframeBytes, opts.firstChunkBytes ?? FIRST_CHUNK_BYTES);
    this.keyframeMs = opts.keyframeEveryMs ?? 60_000;
    this.keyframeEvents = opts.keyframeEveryEvents ?? 5000;
    this.scanMs = opts.scanEveryMs ?? 1000;
    this.split = opts.split;
  }

  get terminal(): TerminalInfo | undefined {
    return this.facts.header?.terminal;
  }

  header(h: ParsedHeader): void {
    this.facts.header = h;
    this.idle = new IdleDetector(h.terminal.idleTimeLimitMs ?? DEFAULT_IDLE_THRESHOLD_MS);
    this.facts.idle = this.idle.stretches;
    this.cols = h.terminal.cols;
    this.rows = h.terminal.rows;
    if (this.split?.role === 'tail') return;
    this.emu = new Emulator(h.terminal.cols, h.terminal.rows, { trackLines: true });
    this.startChunk(0);
  }

  /** Split runs: every byte before the split offset has been parsed. The split event is the first event
   * after this that follows a line end (a terminal is rarely inside an escape sequence there). */
  passedSplitBytes(): void {
    if (this.split && this.splitState === 'before') this.splitState = 'armed';
  }

  private atSplitEvent(timeMs: number): void {
    this.splitState = 'passed';
    const split = this.split!;
    if (split.role === 'tail') {
      this.emu = new Emulator(this.cols, this.rows, { trackLines: true, watchSavedCursor: true });
      this.startChunk(timeMs);
      return;
    }
    const emu = this.emu!;
    this.flushBatch();
    if (this.chunkEvents.length === 0) return this.offerHandOver();
    if (emu.isIdle()) this.cutChunk(timeMs);
    else split.unaligned();
  }

  /** Head, at a chunk start from the split event on: stop here if the tail's state is ours. */
  private offerHandOver(): void {
    const split = this.split;
    if (split?.role !== 'head' || this.splitState !== 'passed' || !this.emu) return;
    const emu = this.emu;
    if (!split.candidate(this.facts.events, (omit) => this.signature(omit))) return;
    emu.dispose();
    this.emu = undefined;
    this.chunkEvents = [];
    this.countsFromTail = true;
  }

  /** Everything that decides what this indexer emits from here on (see split.ts). */
  private signature(omitSaved: SavedCursorOmit): string {
    return `${this.emu!.convergenceSignature(omitSaved)}\0${this.text.lastTimeMs}`;
  }

  /** Tail: the lines found since the last call (with their times), and a fresh index for the next ones. */
  takeText(): { text: string; times: Float64Array } {
    const taken = this.text.exportText();
    this.text = TextIndex.continuing(this.text.lastTimeMs);
    return taken;
  }

  warning(w: Warning): void {
    if (this.countsFromTail && !this.finished) return;
    if (this.facts.warnings.length < MAX_WARNINGS_KEPT) this.facts.warnings.push(w);
  }

  event(e: TerminalEvent): void {
    if (!this.facts.header || this.finished || this.countsFromTail) return;
    if (this.splitState === 'armed' && this.lastOutputEndsLine) this.atSplitEvent(e.timeMs);
    if (this.emu && this.chunkEvents.length > 0 && this.chunkIsFull(e.timeMs)) {
      this.flushBatch();
      // A keyframe inside an escape sequence would lose its first half: wait for a clean boundary.
      if (this.emu.isIdle()) this.cutChunk(e.timeMs);
    }
    // Handed over at the split event or the cut above: this event is the tail's to count.
    if (this.countsFromTail) return;
    if (e.code === 'o') this.activity.add(e.timeMs, 'screen');
    else if (e.code === 'i') this.activity.add(e.timeMs, 'input');
    if (e.timeMs >= this.nextScanMs) {
      if (this.emu) {
        this.flushBatch();
        this.scan(false);
      }
      this.nextScanMs = (Math.floor(e.timeMs / this.scanMs) + 1) * this.scanMs;
    }
    // May have stopped emulating at the cut above (handed over to the tail), or not have started yet.
    const emu = this.emu;
    switch (e.code) {
      case 'o':
      {
        this.idle.output(e.timeMs);
        this.facts.outputBytes += e.data.length;
        this.lastOutputEndsLine = e.data.endsWith('\n');
        if (!emu) break;
        // Lines written in a batch get its last event's time: keep batches short enough that they are
        // still on screen then (few scrolled lines, nothing wiped).
        const newlines = countNewlines(e.data);
        if (
          this.batch &&
          (e.timeMs - this.batchStartMs > BATCH_WINDOW_MS ||
            this.batch.length >= BATCH_MAX_CHARS ||
            this.batchNewlines + newlines > emu.rows / 2 ||
            WIPES_SCREEN.test(e.data))
        ) {
          this.flushBatch();
        }
        if (!this.batch) this.batchStartMs = e.timeMs;
        this.batch += e.data;
        this.batchNewlines += newlines;
        this.batchEndMs = e.timeMs;
        this.chunkBytes += e.data.length;
        break;
      }
      case 'r': {
        const m = RESIZE_RE.exec(e.data);
        if (m) {
          const cols = Number(m[1]);
          const rows = Number(m[2]);
          if (cols > 0 && rows > 0) {
            if (emu) {
              this.flushBatch();
              emu.resize(cols, rows, e.timeMs);
              this.takeLines();
            }
            this.cols = cols;
            this.rows = rows;
            this.facts.resizes.push({ timeMs: e.timeMs, cols, rows });
          }
        }
        break;
      }
      case 'm':
        this.facts.markers.push({ timeMs: e.timeMs, label: e.data });
        break;
      case 'i':
        this.facts.inputEvents++;
        break;
    }
    if (emu) this.chunkEvents.push(e);
    this.facts.events++;
    this.lastTimeMs = Math.max(this.lastTimeMs, e.timeMs);
    this.facts.durationMs = this.lastTimeMs;
  }

  private chunkIsFull(timeMs: number): boolean {
    return this.chunkBytes >= (this.chunkIndex === 0 ? this.firstChunkBytes : this.keyframeBytes) || this.chunkEvents.length >= this.keyframeEvents || timeMs - (this.chunkKeyframe?.timeMs ?? 0) >= this.keyframeMs;
  }

  private flushBatch(): void {
    if (!this.batch) return;
    this.emu!.write(this.batch, this.batchEndMs);
    this.batch = '';
    this.batchNewlines = 0;
  }

  private scan(includeCursorRow: boolean): void {
    this.emu!.scan(this.lastTimeMs, includeCursorRow);
    this.takeLines();
  }

  private takeLines(): void {
    this.emu!.takeLinesInto(this.text);
  }

  private startChunk(timeMs: number): void {
    const emu = this.emu!;
    this.chunkKeyframe = { timeMs, eventIndex: this.facts.events, cols: emu.cols, rows: emu.rows, state: emu.keyframeState() };
    this.chunkFirstEvent = this.facts.events;
    this.chunkEvents = [];
    this.chunkBytes = 0;
    this.chunkSignature = undefined;
    if (this.split?.role === 'tail' && this.signed < this.split.signChunks) {
      this.signed++;
      const omitSaved = emu.unsavedBuffers();
      this.chunkSignature = { text: this.signature(omitSaved), omitSaved };
    }
    this.offerHandOver();
  }

  private cutChunk(nextTimeMs: number): void {
    this.scan(false);
    this.emitChunk(nextTimeMs);
    this.chunkIndex++;
    this.startChunk(nextTimeMs);
  }

  private emitChunk(endMs: number): void {
    const chunk: BuiltChunk = { chunkIndex: this.chunkIndex, keyframe: this.chunkKeyframe!, events: this.chunkEvents, firstEvent: this.chunkFirstEvent, endMs };
    if (this.chunkSignature !== undefined) chunk.signature = this.chunkSignature;
    if (this.split?.role === 'tail' && this.emu?.takeRestoredInherited()) chunk.restoredInherited = true;
    this.onChunk(chunk);
  }

  /** No more events: index what is still on screen and hand over the last chunk. */
  finish(): void {
    if (this.finished || !this.facts.header) return;
    this.idle.finish(this.facts.durationMs);
    this.facts.idle = this.idle.stretches;
    this.finished = true;
    const emu = this.emu;
    if (!emu) return;
    this.flushBatch();
    this.scan(true);
    this.emitChunk(this.facts.durationMs);
    emu.dispose();
    this.emu = undefined;
  }

  /**
   * Head, joined, no longer reading: how far the tail's chunks reach (the facts follow the index until
   * the tail's own arrive).
   */
  followTail(endMs: number, events: number): void {
    this.facts.durationMs = Math.max(this.facts.durationMs, endMs);
    this.facts.events = Math.max(this.facts.events, events);
  }

  /**
   * Head, joined: the tail parses every event and is ahead of where the head stopped, so its counts
   * replace the head's (while it works: `final` false; at its end: true).
   */
  adoptTail(facts: IndexerFacts, activity: Activity, final: boolean): void {
    const { durationMs, events } = this.facts;
    const { markers, resizes, idle, warnings } = facts;
    Object.assign(this.facts, { ...facts, markers: [...markers], resizes: [...resizes], idle: [...idle], warnings: [...warnings] });
    this.activity.replaceWith(activity);
    if (!final) {
      // Its chunks may have reached further than its last counts (see followTail).
      this.followTail(durationMs, events);
      return;
    }
    this.finished = true;
    this.dispose();
  }

  dispose(): void {
    this.emu?.dispose();
    this.emu = undefined;
  }
}
