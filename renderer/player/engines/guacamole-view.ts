/**
 * Where the Guacamole display sits on the page: fitted to the window or at a chosen zoom, centred when
 * smaller than the viewport, scrollable and draggable (pan) when larger. Ctrl+wheel zooms.
 */
import type { GuacScreen } from './guac-feed';

export type ZoomMode = 'fit' | 'manual';

export interface ZoomState {
  mode: ZoomMode;
  /** Display pixels per recording pixel, as applied now. */
  scale: number;
}

/** What the zoom controls and keys need from an engine that can zoom. */
export interface Zoomable {
  zoomState(): ZoomState;
  zoomBy(dir: 1 | -1): void;
  setZoom(scale: number): void;
  zoomToFit(): void;
  subscribeZoom(listener: (z: ZoomState) => void): () => void;
}

export function isZoomable(engine: object): engine is Zoomable {
  return typeof (engine as Partial<Zoomable>).zoomBy === 'function' && typeof (engine as Partial<Zoomable>).zoomState === 'function';
}

/** Space kept around a fitted display (the viewport's CSS padding). */
export const FIT_MARGIN_PX = 12;

export const ZOOM_STEPS = [0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4] as const;

/** The next zoom step above (dir 1) or below `scale`; a fitted scale between steps goes to its neighbour. */
export function nextZoom(scale: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((s) => s > scale + 1e-3) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - 1e-3) ?? ZOOM_STEPS[0];
}

/** The scale at which a width x height screen fits in the viewport (never 0, never absurd). */
export function fitScale(viewW: number, viewH: number, width: number, height: number): number {
  if (viewW <= 0 || viewH <= 0 || width <= 0 || height <= 0) return 1;
  return Math.max(0.05, Math.min(8, viewW / width, viewH / height));
}

export class GuacView {
  /** The scroll container (pan) that fills the stage. */
  readonly viewport: HTMLDivElement;
  private readonly canvasHost: HTMLDivElement;
  private screen: GuacScreen | null = null;
  private mode: ZoomMode = 'fit';
  private manualScale = 1;
  private applied = 1;
  private readonly ro: ResizeObserver | null;
  private drag: { x: number; y: number; left: number; top: number; id: number } | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly changed: () => void,
  ) {
    this.viewport = document.createElement('div');
    this.viewport.className = 'guac-viewport';
    this.canvasHost = document.createElement('div');
    this.canvasHost.className = 'guac-canvas-host';
    this.viewport.appendChild(this.canvasHost);
    root.appendChild(this.viewport);
    this.ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.apply()) : null;
    this.ro?.observe(this.viewport);
    this.listen('pointerdown', (e) => this.onPointerDown(e as PointerEvent));
    this.listen('pointermove', (e) => this.onPointerMove(e as PointerEvent));
    this.listen('pointerup', (e) => this.endDrag(e as PointerEvent));
    this.listen('pointercancel', (e) => this.endDrag(e as PointerEvent));
    this.listen('wheel', (e) => this.onWheel(e as WheelEvent), { passive: false });
  }

  get state(): ZoomState {
    return { mode: this.mode, scale: this.applied };
  }

  /** Shows `screen` in place of the previous one (which the caller disposes). */
  show(screen: GuacScreen): void {
    if (this.screen) this.screen.onResize = null;
    this.screen = screen;
    screen.onResize = () => this.apply();
    this.canvasHost.replaceChildren(screen.element);
    this.apply();
  }

  setFit(): void {
    this.mode = 'fit';
    this.apply();
  }

  setScale(scale: number): void {
    this.mode = 'manual';
    this.manualScale = Math.max(ZOOM_STEPS[0], Math.min(ZOOM_STEPS[ZOOM_STEPS.length - 1]!, scale));
    this.apply();
  }

  zoomBy(dir: 1 | -1): void {
    this.setScale(nextZoom(this.applied, dir));
  }

  /** Recomputes the scale (viewport resized, screen resized, mode changed). */
  apply(): void {
    const s = this.screen;
    const w = s?.width ?? 0;
    const h = s?.height ?? 0;
    const availW = this.viewport.clientWidth - 2 * FIT_MARGIN_PX;
    const availH = this.viewport.clientHeight - 2 * FIT_MARGIN_PX;
    const scale = this.mode === 'fit' ? fitScale(availW, availH, w, h) : this.manualScale;
    // Keep the point at the viewport's centre where it is when the scale changes.
    const cx = (this.viewport.scrollLeft + this.viewport.clientWidth / 2) / (this.applied || 1);
    const cy = (this.viewport.scrollTop + this.viewport.clientHeight / 2) / (this.applied || 1);
    const changed = scale !== this.applied;
    this.applied = scale;
    s?.setScale(scale);
    const larger = w * scale > availW + 0.5 || h * scale > availH + 0.5;
    this.viewport.classList.toggle('pannable', this.mode === 'manual' && larger);
    if (changed && this.mode === 'manual') {
      this.viewport.scrollLeft = cx * scale - this.viewport.clientWidth / 2;
      this.viewport.scrollTop = cy * scale - this.viewport.clientHeight / 2;
    }
    this.root.dataset.width = String(w);
    this.root.dataset.height = String(h);
    this.root.dataset.scale = scale.toFixed(3);
    this.root.dataset.zoomMode = this.mode;
    this.changed();
  }

  dispose(): void {
    this.ro?.disconnect();
    this.offs.splice(0).forEach((off) => off());
    if (this.screen) this.screen.onResize = null;
    this.screen = null;
    this.viewport.remove();
  }

  private listen(type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions): void {
    this.viewport.addEventListener(type, fn, opts);
    this.offs.push(() => this.viewport.removeEventListener(type, fn, opts));
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || !this.viewport.classList.contains('pannable')) return;
    e.preventDefault();
    this.viewport.setPointerCapture?.(e.pointerId);
    this.drag = { x: e.clientX, y: e.clientY, left: this.viewport.scrollLeft, top: this.viewport.scrollTop, id: e.pointerId };
    this.viewport.classList.add('panning');
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    this.viewport.scrollLeft = this.drag.left - (e.clientX - this.drag.x);
    this.viewport.scrollTop = this.drag.top - (e.clientY - this.drag.y);
  }

  private endDrag(e: PointerEvent): void {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    this.viewport.releasePointerCapture?.(e.pointerId);
    this.drag = null;
    this.viewport.classList.remove('panning');
  }

  private onWheel(e: WheelEvent): void {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    this.zoomBy(e.deltaY < 0 ? 1 : -1);
  }
}
