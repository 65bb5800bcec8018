import { useEffect, useState } from 'react';
import type { Zoomable, ZoomState } from '../player/engines/guacamole-view';
import { formatPercent, useT } from '../i18n';
import { Icon } from './Icon';

/** Zoom out, the current scale (click: fit / 100 %), zoom in: for players that can scale their display. */
export function ZoomControls({ engine }: { engine: Zoomable }) {
  const t = useT('player');
  const [zoom, setZoom] = useState<ZoomState>(() => engine.zoomState());
  useEffect(() => {
    setZoom(engine.zoomState());
    return engine.subscribeZoom(setZoom);
  }, [engine]);
  const fitted = zoom.mode === 'fit';
  const percent = formatPercent(Math.round(zoom.scale * 100));
  return (
    <div className="zoom-controls" role="group" aria-label={t('zoom')} data-testid="zoom-controls" data-mode={zoom.mode} data-scale={zoom.scale.toFixed(3)}>
      <button type="button" className="ctl" aria-label={t('zoomOut')} title={t('zoomOutTitle')} data-testid="zoom-out" onClick={() => engine.zoomBy(-1)}>
        <span className="zoom-glyph">−</span>
      </button>
      <button
        type="button"
        className="ctl ctl-text zoom-level"
        data-testid="fit-toggle"
        title={fitted ? t('zoomFittedTitle', { percent }) : t('zoomActualTitle', { percent })}
        onClick={() => (fitted ? engine.setZoom(1) : engine.zoomToFit())}
      >
        {fitted && <Icon name="fit" />}
        <span>{fitted ? t('zoomFitted', { percent }) : percent}</span>
      </button>
      <button type="button" className="ctl" aria-label={t('zoomIn')} title={t('zoomInTitle')} data-testid="zoom-in" onClick={() => engine.zoomBy(1)}>
        <span className="zoom-glyph">+</span>
      </button>
    </div>
  );
}
