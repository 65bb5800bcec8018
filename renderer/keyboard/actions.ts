/** What each keyboard action does to the player and the shell. */
import type { Marker } from '../../shared/model';
import { stepSpeed } from '../player/clock';
import type { PlayerEngine } from '../player/engine';
import { isZoomable } from '../player/engines/guacamole-view';
import { clampTime, nextMarker, previousMarker, showTimeOf } from '../player/navigation';
import type { Action } from './keymap';

export interface ActionContext {
  engine: Pick<PlayerEngine, 'snapshot' | 'currentTimeMs' | 'seek' | 'toggle' | 'step' | 'setSpeed' | 'setFitMode'>;
  /** Null when nothing is open: player actions do nothing then. */
  markers: readonly Marker[] | null;
  jumpHit(dir: 1 | -1): void;
  toggleFullscreen(): void;
  focusSearch(): void;
  toggleShortcuts(): void;
  /** Opens the "go to time" box; optional so older callers need not know it. */
  goToTime?(): void;
  /** Elapsed / wall-clock time (W). */
  toggleTimeDisplay?(): void;
  /** The Settings dialog (Ctrl+,). */
  openSettings?(): void;
  /** Bookmark the current moment (B). */
  addBookmark?(): void;
  /** Show a timeline side panel, or hide the side panel when it already shows that one. */
  togglePanel?(panel: 'commands' | 'transfers' | 'bookmarks'): void;
  /** Export range: in-point / out-point at the current time (I / O), or the Export dialog (E). */
  exportRange?(what: 'in' | 'out' | 'dialog'): void;
  escape(): void;
}

export function runAction(a: Action, ctx: ActionContext): void {
  switch (a.type) {
    case 'fullscreen':
      return ctx.toggleFullscreen();
    case 'focusSearch':
      return ctx.focusSearch();
    case 'shortcuts':
      return ctx.toggleShortcuts();
    case 'escape':
      return ctx.escape();
    case 'hit':
      return ctx.jumpHit(a.dir);
    case 'goToTime':
      return ctx.goToTime?.();
    case 'bookmark':
      return ctx.addBookmark?.();
    case 'panel':
      return ctx.togglePanel?.(a.panel);
    case 'exportRange':
      return ctx.exportRange?.(a.what);
    case 'timeDisplay':
      return ctx.toggleTimeDisplay?.();
    case 'settings':
      return ctx.openSettings?.();
  }
  if (!ctx.markers) return;
  const { engine } = ctx;
  const snap = engine.snapshot();
  const duration = snap.durationMs;
  const t = engine.currentTimeMs;
  switch (a.type) {
    case 'togglePlay':
      engine.toggle();
      return;
    case 'seekBy':
      void engine.seek(clampTime(t + a.ms, duration));
      return;
    case 'seekByFraction':
      void engine.seek(clampTime(t + a.fraction * duration, duration));
      return;
    case 'seekToFraction':
      void engine.seek(clampTime(a.fraction * duration, duration));
      return;
    case 'step':
      void engine.step(a.dir);
      return;
    case 'speed':
      engine.setSpeed(stepSpeed(snap.speed, a.dir));
      return;
    case 'zoom':
      // Terminals fit their grid by font size: only remote desktops zoom.
      if (isZoomable(engine)) engine.zoomBy(a.dir);
      return;
    case 'zoomFit':
      if (isZoomable(engine)) {
        if (engine.zoomState().mode === 'fit') engine.setZoom(1);
        else engine.zoomToFit();
      } else engine.setFitMode(snap.fitMode === 'fit' ? 'actual' : 'fit');
      return;
    case 'marker': {
      const m = a.dir < 0 ? previousMarker(ctx.markers, t) : nextMarker(ctx.markers, t);
      if (m) void engine.seek(showTimeOf(m.timeMs));
      return;
    }
  }
}
