/**
 * What the Guacamole player shows on the page: the live screen inside its view (fit, zoom, pan), the
 * flushes still being drawn, and the test hooks on the stage element. The timeline lives in the engine.
 */
import type { DisplayChunk } from '../../../shared/model';
import { placePointer, type GuacScreen, type PlacedPointer } from './guac-feed';
import { FLUSH_GIVE_UP_MS, feedFrames } from './guacamole-seek';
import { GuacView, type ZoomState } from './guacamole-view';

/**
 * The stage element carries these for tests and diagnostics: the composited display as a canvas, and
 * the mouse pointer shown over it (the cursor layer is not part of flatten()).
 */
export interface FlattenHook {
  trailviewFlatten?: () => HTMLCanvasElement | null;
  trailviewPointer?: () => PlacedPointer | null;
}

export class GuacStage {
  private root: (HTMLElement & FlattenHook) | null = null;
  private view: GuacView | null = null;
  private live: GuacScreen | null = null;
  /** Flushes of the live screen asked for and not drawn yet. */
  private pendingFlushes = 0;

  constructor(
    private readonly createScreen: () => GuacScreen,
    private readonly zoomChanged: (z: ZoomState) => void,
    /** The engine's scheduler's delay: gives up on a flush that never comes back. */
    private readonly delay: (ms: number, cb: () => void) => () => void,
  ) {}

  get pending(): number {
    return this.pendingFlushes;
  }

  get zoom(): ZoomState {
    return this.view?.state ?? { mode: 'fit', scale: 1 };
  }

  /** Shows the stage in `el` (again, after a change of kind): the live screen moves along. */
  mount(el: HTMLElement): void {
    this.view?.dispose();
    this.root = el;
    this.view = new GuacView(el, () => this.zoomChanged(this.zoom));
    this.root.trailviewFlatten = () => this.live?.flatten() ?? null;
    this.root.trailviewPointer = () => (this.live ? placePointer(this.live.cursor(), this.live.cursorImage()) : null);
    if (this.live) this.view.show(this.live);
  }

  get hasLive(): boolean {
    return this.live !== null;
  }

  /** Puts a finished screen on the page; the old one stays visible until now, so nothing flickers. */
  swap(screen: GuacScreen): void {
    const old = this.live;
    this.live = screen;
    this.pendingFlushes = 0;
    this.view?.show(screen);
    old?.dispose();
    this.writeHooks();
  }

  /** Playback moved into chunk `c`: one that starts a new part starts from an empty display, there. */
  enter(c: DisplayChunk): void {
    if (c.resetsDisplay && this.live) this.swap(this.createScreen());
  }

  /** Feeds frames [from, to) of `c` to the live screen. */
  feed(c: DisplayChunk, from: number, to: number): void {
    feedFrames(this.live, c, from, to);
  }

  /** Resolves once everything fed to the live screen so far is drawn (or drawing it has taken too long). */
  flush(): Promise<void> {
    const screen = this.live;
    if (!screen) return Promise.resolve();
    this.pendingFlushes++;
    this.writeHooks();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (): void => {
        if (settled) return;
        settled = true;
        cancel();
        if (this.live === screen) {
          this.pendingFlushes--;
          this.writeHooks();
        }
        resolve();
      };
      const cancel = this.delay(FLUSH_GIVE_UP_MS, settle);
      screen.flush(settle);
    });
  }

  drop(): void {
    this.live?.dispose();
    this.live = null;
    this.pendingFlushes = 0;
  }

  fit(): void {
    this.view?.apply();
  }

  setFit(): void {
    this.view?.setFit();
  }

  setScale(scale: number): void {
    this.view?.setScale(scale);
  }

  zoomBy(dir: 1 | -1): void {
    this.view?.zoomBy(dir);
  }

  dispose(): void {
    this.drop();
    this.view?.dispose();
    this.view = null;
    if (this.root) {
      delete this.root.trailviewFlatten;
      delete this.root.trailviewPointer;
    }
  }

  /** Test hooks: whether everything fed is drawn, and where the remote mouse is. */
  private writeHooks(): void {
    const el = this.root;
    if (!el) return;
    el.dataset.pending = String(this.pendingFlushes);
    const cur = this.live?.cursor();
    el.dataset.cursor = cur?.visible ? `${cur.x},${cur.y}` : '';
  }
}
