import { useMemo } from 'react';
import type { Activity, TimeMs } from '../../shared/model';
import { heatColumns, stepPath } from './heat-strip-math';

export interface HeatStripProps {
  activity: Activity;
  durationMs: TimeMs;
  /** The seek bar's width: one column per two pixels. */
  widthPx: number;
}

/** Lane height in its own units; CSS sets the real heights and the SVGs stretch. */
const HEIGHT = 10;

/**
 * Where things happened, on the seek bar: screen changes as a soft histogram above the track, keys and
 * mouse as a thin one hanging below it. SVG, so the theme's colours apply through CSS.
 */
export function HeatStrip({ activity, durationMs, widthPx }: HeatStripProps) {
  const columns = Math.max(1, Math.round(widthPx / 2));
  const { screen, input } = useMemo(() => {
    const h = heatColumns(activity, durationMs, columns);
    return { screen: stepPath(h.screen, HEIGHT), input: stepPath(h.input, HEIGHT) };
  }, [activity, durationMs, columns]);
  if (!screen && !input) return null;
  const box = `0 0 ${columns} ${HEIGHT}`;
  return (
    <>
      <svg className="heat-strip" data-testid="heat-strip" viewBox={box} preserveAspectRatio="none" aria-hidden="true">
        {screen && <path className="heat-screen" data-testid="heat-screen" d={screen} />}
      </svg>
      {input && (
        <svg className="heat-strip heat-strip-input" viewBox={box} preserveAspectRatio="none" aria-hidden="true">
          <path className="heat-input" data-testid="heat-input" d={input} />
        </svg>
      )}
    </>
  );
}
