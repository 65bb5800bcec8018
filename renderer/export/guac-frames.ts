/**
 * A Guacamole recording as video frames: an off-screen guacamole-common-js display (the player's own,
 * guac-feed.ts) built at the in-point from the nearest keyframe, then fed frame by frame; each changed
 * picture is its layers flattened onto one canvas. The mouse pointer (the display's cursor layer, which
 * is not one of them) comes beside it, for the exporter to draw on top.
 */
import type { Result } from '../../shared/api';
import type { DisplayChunk, DisplaySummary, TimeMs } from '../../shared/model';
import { createGuacScreen, placePointer, type CursorState, type GuacScreen } from '../player/engines/guac-feed';
import { DisplayChunkCache, type DisplayChunkFetcher, framesUpTo, parsedChunk } from '../player/engines/guacamole-chunks';
import { buildScreenAt, feedFrames } from '../player/engines/guacamole-seek';
import { makeCanvas, type AnyCanvas } from './canvas';
import type { FrameSource } from './frame-source';
import type { PointerSprite } from './mouse-pointer';

/** Instructions that never change the flattened picture (input, metadata, the pointer: see POINTER). */
const INVISIBLE: ReadonlySet<string> = new Set(['mouse', 'key', 'nop', 'clipboard', 'name', 'cursor', 'ack', 'file', 'pipe', 'audio', 'argv', 'log', 'msg', 'sync', 'touch', 'size-hint']);

/** Instructions that move the pointer or change its image: changes to the video, not to the picture. */
const POINTER: ReadonlySet<string> = new Set(['mouse', 'cursor']);

/**
 * The pointer as `screen` shows it, at `at` (read when the frames were fed: the library moves it at once,
 * while the image and hotspot change when the frame is drawn, so later frames fed since may have moved it).
 */
function pointerOf(screen: GuacScreen, at: CursorState, imageVersion: number): PointerSprite | null {
  const placed = placePointer(at, screen.cursorImage());
  return placed && { ...placed, imageVersion };
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value;
}

/** A display flush that never returns (a drawing task that threw) must not stall the export. */
const FLUSH_GIVE_UP_MS = 10_000;

/**
 * guacamole-common-js draws a flushed frame on the next animation frame while the document has focus
 * (at most 60 a second: an export could never beat 2x real time), and at once otherwise. While an
 * export runs the display is told the document has no focus, so every frame is drawn as soon as it
 * is ready. The live player (paused behind the modal dialog) draws the same pictures, just at once.
 */
let unfocused = 0;
function holdUnfocused(): () => void {
  if (unfocused++ === 0) Object.defineProperty(document, 'hasFocus', { configurable: true, value: () => false });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--unfocused === 0) delete (document as { hasFocus?: unknown }).hasFocus;
  };
}

/**
 * The default layer's canvas when it is the whole picture (no child layers, fully opaque layer), else
 * null. guacamole-common-js's DOM: bounds > display > [default layer's div > [its canvas, children's
 * divs...], cursor]; `shade` sets the div's opacity.
 */
function soleLayerCanvas(screen: GuacScreen): HTMLCanvasElement | null {
  const div = screen.element.firstElementChild?.firstElementChild;
  if (!(div instanceof HTMLElement) || div.childElementCount !== 1) return null;
  const canvas = div.firstElementChild;
  if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0 || canvas.height === 0) return null;
  return div.style.opacity === '' || Number(div.style.opacity) === 1 ? canvas : null;
}

export class GuacFrames implements FrameSource {
  readonly width: number;
  readonly height: number;
  private readonly ctx: CanvasRenderingContext2D;
  /** The picture drawn when layers must be composited (or the default layer's canvas is not our size). */
  private readonly flat: AnyCanvas;
  private picture: CanvasImageSource;
  private readonly releaseFocus = holdUnfocused();
  /** Resolves once the last capture's picture is drawn. */
  private lastDrawn: Promise<void> = Promise.resolve();
  private shownPointer: PointerSprite | null;
  /** Counts `cursor` instructions fed and new screens: the pointer's image may differ from then on. */
  private pointerImages = 0;

  private constructor(
    private screen: GuacScreen,
    private readonly cache: DisplayChunkCache,
    private chunk: DisplayChunk,
    /** Frames of `chunk` on the screen. */
    private applied: number,
    width: number,
    height: number,
    private readonly createScreen: () => GuacScreen,
  ) {
    this.flat = makeCanvas(width, height);
    this.picture = this.flat;
    this.width = this.flat.width;
    this.height = this.flat.height;
    this.ctx = this.flat.getContext('2d') as CanvasRenderingContext2D;
    this.draw();
    this.shownPointer = pointerOf(screen, screen.cursor(), 0);
    this.prefetchNext();
  }

  /** The chunk after the one being drawn is fetched while this one is (a round trip to the host each). */
  private prefetchNext(): void {
    if (!this.chunk.last) this.cache.prefetch(this.chunk.chunkIndex + 1);
  }

  /** The current picture over transparent black (the exporter draws it over black). */
  get canvas(): CanvasImageSource {
    return this.picture;
  }

  get pointer(): PointerSprite | null {
    return this.shownPointer;
  }

  /**
   * `keyframesReach`, when given, resolves once the core's keyframe pass covers `fromMs` (it may still be
   * running just after the recording was opened), and rejects if the pass stalls. The screen at the
   * in-point is then built from that keyframe: the pass gets there about three times faster than a
   * replay here from the last keyframe before it (measured: 10 minutes of a 1-hour dump, 20 minutes
   * in), and a replay competing for the CPU slows the pass down.
   */
  static async open(
    summary: DisplaySummary,
    fetchChunk: DisplayChunkFetcher,
    fromMs: TimeMs,
    toMs: TimeMs,
    createScreen: () => GuacScreen = createGuacScreen,
    keyframesReach?: (timeMs: TimeMs) => Promise<void>,
  ): Promise<GuacFrames> {
    if (keyframesReach && summary.display.seekableUntilMs < fromMs) {
      await keyframesReach(fromMs).catch((e: unknown) => {
        if ((e as { code?: string }).code === 'CANCELLED') throw e;
        // Stalled or failed: replay from the last keyframe there is.
      });
    }
    const cache = new DisplayChunkCache(fetchChunk, summary.id);
    const built = await buildScreenAt(fromMs, unwrap(await cache.at(fromMs)), {
      cache,
      createScreen,
      superseded: () => false,
      nextPush: () => new Promise(() => undefined),
      yieldNow: () => new Promise((r) => setTimeout(r, 0)),
      flushTimeout: () => new Promise((r) => setTimeout(r, FLUSH_GIVE_UP_MS)),
    });
    if (built.kind === 'error') throw Object.assign(new Error(built.error.message), { code: built.error.code });
    if (built.kind !== 'done') throw new Error('the display could not be built at the in-point');
    // The largest screen in the range (the default layer's size changes with `size` instructions).
    let width = built.screen.width;
    let height = built.screen.height;
    for (const s of summary.display.sizes) {
      if (s.timeMs > fromMs && s.timeMs <= toMs) {
        width = Math.max(width, s.width);
        height = Math.max(height, s.height);
      }
    }
    if (width <= 0 || height <= 0) ({ width, height } = summary.display);
    return new GuacFrames(built.screen, cache, built.chunk, built.applied, width, height, createScreen);
  }

  async nextChange(afterMs: TimeMs): Promise<TimeMs | null> {
    let c = this.chunk;
    let from = this.applied;
    for (let guard = 0; guard < 100_000; guard++) {
      const p = parsedChunk(c);
      for (let j = from; j < c.frameTimesMs.length; j++) {
        if (c.frameTimesMs[j]! <= afterMs) continue;
        for (let i = p.frameStart[j]!; i < p.frameStart[j + 1]!; i++) {
          const op = p.ops[i]!.opcode;
          if (!INVISIBLE.has(op) || POINTER.has(op)) return c.frameTimesMs[j]!;
        }
      }
      if (c.last) return null;
      c = unwrap(await this.cache.byIndex(c.chunkIndex + 1));
      from = 0;
    }
    return null;
  }

  async advanceTo(t: TimeMs): Promise<boolean> {
    let changed = false;
    await new Promise<void>((resolve) => {
      void this.capture(t, (c) => {
        changed = c;
        resolve();
      }).catch(resolve);
    });
    return changed;
  }

  /**
   * Feeds everything up to `t` and asks the display to draw it, without waiting: images decode while
   * later frames are fed (a wait per frame for the decode cost ~20 ms of idle time each). The display
   * draws its frames in order, so `drawn` calls come in the order of the captures.
   */
  async capture(t: TimeMs, drawn: (changed: boolean) => void): Promise<void> {
    let changed = false;
    for (;;) {
      const c = this.chunk;
      const upTo = framesUpTo(c, t);
      if (upTo > this.applied) {
        changed = this.holds(c, this.applied, upTo, (op) => !INVISIBLE.has(op)) || changed;
        if (this.holds(c, this.applied, upTo, (op) => op === 'cursor')) this.pointerImages++;
        feedFrames(this.screen, c, this.applied, upTo);
        this.applied = upTo;
      }
      if (this.applied < c.frameTimesMs.length || c.last || c.endMs > t) break;
      const next = unwrap(await this.cache.byIndex(c.chunkIndex + 1));
      if (next.resetsDisplay) {
        // A new part of a multi-part recording starts with an empty display; the old one's pictures
        // still on their way are drawn first (disposing it would drop them).
        await this.lastDrawn;
        this.screen.dispose();
        this.screen = this.createScreen();
        this.pointerImages++;
        changed = true;
      }
      this.chunk = next;
      this.applied = 0;
      this.prefetchNext();
    }
    const screen = this.screen;
    const at = screen.cursor();
    const imageVersion = this.pointerImages;
    this.lastDrawn = new Promise<void>((resolve) => {
      let done = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (changed && screen === this.screen) this.draw();
        this.shownPointer = pointerOf(screen, at, imageVersion);
        try {
          drawn(changed);
        } finally {
          resolve();
        }
      };
      // The display may draw at once (inside flush), before the timer exists.
      screen.flush(finish);
      if (!done) timer = setTimeout(finish, FLUSH_GIVE_UP_MS);
    });
  }

  dispose(): void {
    this.screen.dispose();
    this.releaseFocus();
  }

  /** Whether frames [from, to) of `c` hold an instruction `hit` picks. */
  private holds(c: DisplayChunk, from: number, to: number, hit: (opcode: string) => boolean): boolean {
    const p = parsedChunk(c);
    for (let i = p.frameStart[from]!; i < (p.frameStart[to] ?? p.ops.length); i++) if (hit(p.ops[i]!.opcode)) return true;
    return false;
  }

  private draw(): void {
    // Most recordings draw everything on the default layer: it is the picture, without flattening it
    // into a new canvas and copying that once more (two full-screen copies a frame).
    const sole = soleLayerCanvas(this.screen);
    if (sole && sole.width === this.width && sole.height === this.height && this.screen.width === this.width && this.screen.height === this.height) {
      this.picture = sole;
      return;
    }
    this.picture = this.flat;
    this.ctx.clearRect(0, 0, this.width, this.height);
    if (sole) {
      const w = Math.min(sole.width, this.screen.width);
      const h = Math.min(sole.height, this.screen.height);
      if (w > 0 && h > 0) this.ctx.drawImage(sole, 0, 0, w, h, 0, 0, w, h);
      return;
    }
    const flat = this.screen.flatten();
    if (flat) this.ctx.drawImage(flat, 0, 0);
  }
}
