import { useEffect, useState } from 'react';
import type { Zoomable, ZoomState } from '../player/engines/guacamole-view';
import { Icon } from './Icon';

/** Zoom out, the current scale (click: fit / 100 %), zoom in: for players that can scale their display. */
export function ZoomControls({ engine }: { engine: Zoomable }) {
  const [zoom, setZoom] = useState<ZoomState>(() => engine.zoomState());
  useEffect(() => {
    setZoom(engine.zoomState());
    return engine.subscribeZoom(setZoom);
  }, [engine]);
  const fitted = zoom.mode === 'fit';
  const pct = `${Math.round(zoom.scale * 100)} %`;
  return (
    <div className="zoom-controls" role="group" aria-label="Zoom" data-testid="zoom-controls" data-mode={zoom.mode} data-scale={zoom.scale.toFixed(3)}>
      <button type="button" className="ctl" aria-label="Zoom out" title="Zoom out (−)" data-testid="zoom-out" onClick={() => engine.zoomBy(-1)}>
        <span className="zoom-glyph">−</span>
      </button>
      <button
        type="button"
        className="ctl ctl-text zoom-level"
        data-testid="fit-toggle"
        title={fitted ? `Fitted to the window (${pct}); click for 100 % (Z)` : `At ${pct}; click to fit the window (Z)`}
        onClick={() => (fitted ? engine.setZoom(1) : engine.zoomToFit())}
      >
        {fitted && <Icon name="fit" />}
        <span>{fitted ? `Fit · ${pct}` : pct}</span>
      </button>
      <button type="button" className="ctl" aria-label="Zoom in" title="Zoom in (+)" data-testid="zoom-in" onClick={() => engine.zoomBy(1)}>
        <span className="zoom-glyph">+</span>
      </button>
    </div>
  );
}
