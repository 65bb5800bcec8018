import { useMemo } from 'react';
import type { Activity, TimeMs } from '../../shared/model';
import { heatColumns, stepPath } from './heat-strip-math';

export interface HeatStripProps {
  activity: Activity;
  durationMs: TimeMs;
  /** The seek bar's width: one column per two pixels. */
  widthPx: number;
}

/** Strip height in its own units; CSS sets the real height and the SVG stretches. */
const HEIGHT = 10;

/**
 * Where things happened, drawn over the seek bar: screen changes as a soft histogram, keys and mouse as
 * a stronger one in front. An SVG, so the theme's colours apply through CSS.
 */
export function HeatStrip({ activity, durationMs, widthPx }: HeatStripProps) {
  const columns = Math.max(1, Math.round(widthPx / 2));
  const { screen, input } = useMemo(() => {
    const h = heatColumns(activity, durationMs, columns);
    // Input stays low, in front: the screen's shape reads behind it.
    return { screen: stepPath(h.screen, HEIGHT), input: stepPath(h.input.map((v) => v * 0.45), HEIGHT) };
  }, [activity, durationMs, columns]);
  if (!screen && !input) return null;
  return (
    <svg className="heat-strip" data-testid="heat-strip" viewBox={`0 0 ${columns} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true">
      {screen && <path className="heat-screen" data-testid="heat-screen" d={screen} />}
      {input && <path className="heat-input" data-testid="heat-input" d={input} />}
    </svg>
  );
}
