/**
 * A GuacScreen that records what the engine feeds it and keeps a tiny model instead of drawing. The pointer
 * behaves as guacamole-common-js's: `mouse` moves and shows it at once, a `cursor` image (a canvas whose
 * id names the instruction's source rectangle) is set when the frame is drawn.
 */
import type { CursorImage, CursorState, GuacScreen } from '../../renderer/player/engines/guac-feed';
import { afterEach, beforeEach, vi } from 'vitest';
import { applyIns, modelState, type ScreenModel } from './fake-guac-api';

export class FakeGuacScreen implements GuacScreen {
  static created: FakeGuacScreen[] = [];
  /** While true, flushes wait for release(): a test can look at the page mid-seek. */
  static holdFlushes = false;
  /** While true, flushes never call back (a drawing task that threw inside the library). */
  static loseFlushes = false;
  private static held: (() => void)[] = [];

  readonly element: HTMLElement = document.createElement('div');
  readonly log: string[] = [];
  readonly model: ScreenModel = { width: 0, height: 0, paint: new Map() };
  scale = 1;
  disposed = false;
  flushes = 0;
  onResize: (() => void) | null = null;
  private mouse: CursorState = { x: 0, y: 0, visible: false };
  private cursorSet: CursorImage | null = null;
  private cursorFed: CursorImage | null = null;

  constructor() {
    this.element.className = 'fake-guac-screen';
    FakeGuacScreen.created.push(this);
  }

  static reset(): void {
    FakeGuacScreen.created = [];
    FakeGuacScreen.holdFlushes = false;
    FakeGuacScreen.loseFlushes = false;
    FakeGuacScreen.held = [];
  }

  /** Lets every held flush complete. */
  static release(): void {
    FakeGuacScreen.holdFlushes = false;
    FakeGuacScreen.held.splice(0).forEach((f) => f());
  }

  get width(): number {
    return this.model.width;
  }

  get height(): number {
    return this.model.height;
  }

  instruction(opcode: string, args: string[]): void {
    this.log.push(`${opcode}(${args.join(',')})`);
    if (opcode === 'mouse') this.mouse = { x: Number(args[0]), y: Number(args[1]), visible: true };
    if (opcode === 'cursor') {
      const canvas = document.createElement('canvas');
      canvas.id = `cursor:${args.slice(2).join(',')}`;
      this.cursorFed = { canvas, width: Number(args[5]), height: Number(args[6]), hotspotX: Number(args[0]), hotspotY: Number(args[1]) };
    }
    const before = `${this.model.width}x${this.model.height}`;
    applyIns(this.model, opcode, args);
    if (`${this.model.width}x${this.model.height}` !== before) this.onResize?.();
  }

  flush(drawn: () => void): void {
    this.flushes++;
    const cursor = this.cursorFed;
    const done = (): void => {
      this.cursorSet = cursor;
      drawn();
    };
    if (FakeGuacScreen.loseFlushes) return;
    if (FakeGuacScreen.holdFlushes) FakeGuacScreen.held.push(done);
    else queueMicrotask(done);
  }

  setScale(scale: number): void {
    this.scale = scale;
  }

  flatten(): HTMLCanvasElement | null {
    return null;
  }

  cursor(): CursorState {
    return { ...this.mouse };
  }

  cursorImage(): CursorImage | null {
    return this.cursorSet;
  }

  state(): string {
    return modelState(this.model);
  }

  dispose(): void {
    this.disposed = true;
    this.element.remove();
  }
}

/**
 * For export tests driving FakeGuacScreen: a fresh fake screen per test, and no canvas in the test DOM
 * (the export's flattening canvas only needs to exist).
 */
export function useFakeExportCanvas(): void {
  beforeEach(() => {
    FakeGuacScreen.reset();
    vi.stubGlobal('OffscreenCanvas', undefined);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ clearRect() {}, drawImage() {} } as never);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
}
