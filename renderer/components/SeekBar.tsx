import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatDuration, type Activity, type IdleStretch, type Marker, type RecordingPart, type TimeMs } from '../../shared/model';
import { useT } from '../i18n';
import { HeatStrip } from './HeatStrip';
import { useSettings } from '../state/settings';
import { wallClock } from './TimeDisplay';
import { idleSpans, markerNear, pxToTime, spanOf, tickPercents } from './seek-bar-math';
import { startRangeDrag } from '../export/range-state';
import { RangeBand } from './RangeBar';

export interface SeekBarProps {
  timeMs: TimeMs;
  durationMs: TimeMs;
  indexedUntilMs: TimeMs;
  indexing: boolean;
  markers: readonly Marker[];
  idle: readonly IdleStretch[];
  hitTimesMs: readonly TimeMs[];
  /** Activity per bucket for the heat strip; null while not loaded. */
  activity?: Activity | null;
  /** The files of a multi-part recording: a boundary is drawn where each one after the first starts. */
  parts?: readonly RecordingPart[];
  onSeek(ms: TimeMs): void;
  /** The session's wall-clock start: the hover tooltip shows start + offset when the time display says so. */
  startedAtEpochMs?: number;
}

export function SeekBar(p: SeekBarProps) {
  const t = useT('player');
  const ref = useRef<HTMLDivElement>(null);
  const [widthPx, setWidthPx] = useState(800);
  const [hover, setHover] = useState<{ x: number; w: number } | null>(null);
  const [dragMs, setDragMs] = useState<number | null>(null);
  // Shift+drag sets the export range instead of seeking.
  const rangeDrag = useRef<((ms: TimeMs) => void) | null>(null);
  const { settings } = useSettings();
  const wallStart = settings.timeDisplay === 'wallclock' ? p.startedAtEpochMs : undefined;

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(() => setWidthPx(el.clientWidth || 800));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const xOf = (e: PointerEvent): { x: number; w: number } => {
    const r = ref.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, w: r.width };
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    ref.current?.focus();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const { x, w } = xOf(e);
    const ms = pxToTime(x, w, p.durationMs);
    if (e.shiftKey && (rangeDrag.current = startRangeDrag(ms))) return;
    setDragMs(ms);
    p.onSeek(ms);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const { x, w } = xOf(e);
    setHover({ x: Math.min(Math.max(0, x), w), w });
    rangeDrag.current?.(pxToTime(x, w, p.durationMs));
    if (dragMs !== null) {
      const ms = pxToTime(x, w, p.durationMs);
      if (ms !== dragMs) {
        setDragMs(ms);
        p.onSeek(ms);
      }
    }
  };
  const endDrag = (e: PointerEvent<HTMLDivElement>): void => {
    rangeDrag.current = null;
    if (dragMs === null) return;
    e.currentTarget.releasePointerCapture?.(e.pointerId);
    setDragMs(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    // Arrows, Home and End are global shortcuts; the slider adds page steps.
    if (e.key === 'PageUp' || e.key === 'PageDown') {
      e.preventDefault();
      p.onSeek(Math.max(0, Math.min(p.durationMs, p.timeMs + (e.key === 'PageUp' ? 1 : -1) * p.durationMs * 0.1)));
    }
  };

  // Made once per change of data or width, not at every tick of the playhead (a long session has
  // thousands of idle stretches and hits).
  const idleEls = useMemo(
    () => idleSpans(p.idle, p.durationMs, widthPx).map((s, i) => <div key={`i${i}`} className="seek-idle" style={{ left: `${s.leftPct}%`, width: `${s.widthPct}%` }} />),
    [p.idle, p.durationMs, widthPx],
  );
  const hitEls = useMemo(
    () => tickPercents(p.hitTimesMs, p.durationMs, widthPx).map((pct) => <div key={`h${pct}`} className="seek-hit" style={{ left: `${pct}%` }} />),
    [p.hitTimesMs, p.durationMs, widthPx],
  );
  const shownMs = dragMs ?? p.timeMs;
  const playedPct = spanOf(0, shownMs, p.durationMs).widthPct;
  const indexedPct = p.indexing ? spanOf(0, p.indexedUntilMs, p.durationMs).widthPct : 100;
  const hoverMs = hover ? pxToTime(hover.x, hover.w, p.durationMs) : null;
  const hoverMarker = hover ? markerNear(p.markers, hover.x, hover.w, p.durationMs) : undefined;
  const parts = p.parts ?? [];
  const hoverPart = hoverMs !== null && parts.length > 1 ? parts.findLastIndex((part) => part.startMs <= hoverMs) : -1;

  return (
    <div
      ref={ref}
      className={`seek-bar${dragMs !== null ? ' dragging' : ''}${p.activity ? ' with-heat' : ''}`}
      data-testid="seek-bar"
      role="slider"
      tabIndex={0}
      aria-label={t('seek')}
      aria-valuemin={0}
      aria-valuemax={Math.round(p.durationMs)}
      aria-valuenow={Math.round(shownMs)}
      aria-valuetext={t('seekValue', { time: formatDuration(shownMs), total: formatDuration(p.durationMs) })}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onPointerLeave={() => setHover(null)}
      onKeyDown={onKeyDown}
    >
      {p.activity && <HeatStrip activity={p.activity} durationMs={p.durationMs} widthPx={widthPx} />}
      <div className="seek-track">
        {idleEls}
        <div className="seek-played" style={{ width: `${playedPct}%` }} />
        <RangeBand durationMs={p.durationMs} />
        {indexedPct < 100 && (
          <div className="seek-unindexed" style={{ left: `${indexedPct}%`, width: `${100 - indexedPct}%` }} title={t('notIndexed')} />
        )}
        {hitEls}
        {parts.slice(1).map((part, i) => (
          <div
            key={`p${i}`}
            className="seek-part"
            data-testid="seek-part"
            data-time-ms={part.startMs}
            title={t('partTitle', { n: i + 2, name: part.name })}
            style={{ left: `${spanOf(0, part.startMs, p.durationMs).widthPct}%` }}
          />
        ))}
        {p.markers.map((m, i) => (
          <div
            key={`m${i}`}
            className="seek-marker"
            data-label={m.label}
            data-time-ms={m.timeMs}
            style={{ left: `${spanOf(0, m.timeMs, p.durationMs).widthPct}%` }}
          />
        ))}
      </div>
      <div className="seek-thumb" style={{ left: `${playedPct}%` }} />
      {hover && hoverMs !== null && (
        <div className="seek-tooltip" role="tooltip" style={{ left: `${hover.x}px` }}>
          {hoverMarker && <span className="seek-tooltip-label">{hoverMarker.label || t('marker')}</span>}
          {!hoverMarker && hoverPart >= 0 && (
            <span className="seek-tooltip-label">{t('partOf', { n: hoverPart + 1, total: parts.length })}</span>
          )}
          <span data-testid="seek-tooltip-time">{formatDuration(hoverMarker ? hoverMarker.timeMs : hoverMs)}</span>
          {wallStart !== undefined && (
            <span className="seek-tooltip-wall" data-testid="seek-tooltip-wall">
              {wallClock(wallStart + (hoverMarker ? hoverMarker.timeMs : hoverMs))}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
