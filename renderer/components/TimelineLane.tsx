/**
 * The timeline lane above the seek bar, on the same time axis: commands (risk-coloured spans), file
 * transfers, and marks (markers, bookmarks, search hits), over the idle stretches. Hovering a glyph
 * shows what it stands for; clicking it seeks there, clicking between glyphs seeks like the bar does.
 */
import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { formatDuration, type Bookmark, type CommandEntry, type IdleStretch, type Marker, type TimeMs, type TransferEntry } from '../../shared/model';
import { showTimeOf } from '../player/navigation';
import { idleSpans, pxToTime, spanOf } from './seek-bar-math';
import { idleAt, layoutGlyphs, sizeLabel, worstRisk, type Glyph } from './timeline-math';
import { useT } from '../i18n';
import { RiskBadge } from './RiskBadge';
import '../styles/timeline.css';


/** What the lane shows besides the summary's markers and idle stretches. */
export interface TimelineData {
  commands: readonly CommandEntry[];
  transfers: readonly TransferEntry[];
  bookmarks: readonly Bookmark[];
}

export interface TimelineLaneProps {
  timeMs: TimeMs;
  durationMs: TimeMs;
  commands: readonly CommandEntry[];
  transfers: readonly TransferEntry[];
  markers: readonly Marker[];
  bookmarks: readonly Bookmark[];
  hitTimesMs: readonly TimeMs[];
  idle: readonly IdleStretch[];
  onSeek(ms: TimeMs): void;
}

type AnyGlyph =
  | { kind: 'command'; g: Glyph<CommandEntry> }
  | { kind: 'transfer'; g: Glyph<TransferEntry> }
  | { kind: 'marker'; g: Glyph<Marker> }
  | { kind: 'bookmark'; g: Glyph<Bookmark> }
  | { kind: 'hit'; g: Glyph<TimeMs> };

function glyphClass(a: AnyGlyph): string {
  if (a.kind === 'command') {
    const risk = worstRisk(a.g.items);
    const failed = a.g.items.some((c) => c.exitCode !== undefined && c.exitCode !== 0);
    return `tl-glyph tl-command${risk ? ` risky risk-${risk}` : ''}${failed ? ' failed' : ''}`;
  }
  if (a.kind === 'transfer') {
    const t = a.g.items[0]!;
    return `tl-glyph tl-transfer ${t.direction ?? 'unknown'}${a.g.items.some((x) => x.ok === false) ? ' failed' : ''}`;
  }
  return `tl-glyph tl-${a.kind}`;
}

function Tip({ a }: { a: AnyGlyph }): ReactNode {
  const t = useT('timeline');
  const n = a.g.items.length;
  const more = n > 1 ? <span className="tl-tip-more">{t('more', { count: n - 1 })}</span> : null;
  const time = <span className="tl-tip-time">{formatDuration(a.g.timeMs)}</span>;
  switch (a.kind) {
    case 'command': {
      const c = a.g.items[0]!;
      return (
        <>
          {time}
          <code className="tl-tip-main">{c.command}</code>
          {c.exitCode !== undefined && <span className={c.exitCode === 0 ? 'tl-tip-ok' : 'tl-tip-bad'}>{t('exit', { code: c.exitCode })}</span>}
          {c.risk?.map((r) => <RiskBadge key={r} risk={r} />)}
          {more}
        </>
      );
    }
    case 'transfer': {
      const x = a.g.items[0]!;
      return (
        <>
          {time}
          <span className="tl-tip-main">
            {x.direction === 'upload' ? '↑ ' : x.direction === 'download' ? '↓ ' : ''}
            {x.name}
          </span>
          {x.sizeBytes !== undefined && <span>{sizeLabel(x.sizeBytes)}</span>}
          <span className="tl-tip-muted">{x.tool}</span>
          {x.ok === false && <span className="tl-tip-bad">{t('failed')}</span>}
          {more}
        </>
      );
    }
    case 'marker':
      return (
        <>
          {time}
          <span className="tl-tip-main">{a.g.items[0]!.label || t('marker')}</span>
          {more}
        </>
      );
    case 'bookmark':
      return (
        <>
          {time}
          <span className="tl-tip-main">{a.g.items[0]!.note || t('bookmark')}</span>
          {more}
        </>
      );
    case 'hit':
      return (
        <>
          {time}
          <span className="tl-tip-main">{t('hits', { count: n })}</span>
        </>
      );
  }
}

/** Near an edge the tooltip grows inwards instead of centring on the pointer (it would be cut off). */
function tipEdge(xPx: number, widthPx: number): string {
  if (xPx < 160) return ' at-left';
  if (xPx > widthPx - 160) return ' at-right';
  return '';
}

export function TimelineLane(p: TimelineLaneProps) {
  const t = useT('timeline');
  const ref = useRef<HTMLDivElement>(null);
  const [widthPx, setWidthPx] = useState(800);
  // A glyph under the pointer, or else the time there (and the idle stretch holding it, if any).
  const [hover, setHover] = useState<{ a: AnyGlyph; xPx: number } | { a: null; timeMs: TimeMs; idle?: IdleStretch; xPx: number } | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(() => setWidthPx(el.clientWidth || 800));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const d = p.durationMs;
  const rows = useMemo(() => {
    const w = widthPx;
    const commands: AnyGlyph[] = layoutGlyphs(
      p.commands.map((c) => ({ timeMs: c.timeMs, endMs: c.endMs, item: c })),
      d,
      w,
      { gapPx: 1, minWidthPx: 3 },
    ).map((g) => ({ kind: 'command', g }));
    const transfers: AnyGlyph[] = layoutGlyphs(
      p.transfers.map((t) => ({ timeMs: t.timeMs, endMs: t.endMs, item: t })),
      d,
      w,
      { gapPx: 2, minWidthPx: 6 },
    ).map((g) => ({ kind: 'transfer', g }));
    const marks: AnyGlyph[] = [
      ...layoutGlyphs(p.hitTimesMs.map((t) => ({ timeMs: t, item: t })), d, w, { gapPx: 2 }).map((g): AnyGlyph => ({ kind: 'hit', g })),
      ...layoutGlyphs(p.markers.map((m) => ({ timeMs: m.timeMs, item: m })), d, w, { gapPx: 4 }).map((g): AnyGlyph => ({ kind: 'marker', g })),
      ...layoutGlyphs(p.bookmarks.map((b) => ({ timeMs: b.timeMs, item: b })), d, w, { gapPx: 4 }).map((g): AnyGlyph => ({ kind: 'bookmark', g })),
    ];
    return [
      { id: 'commands', label: t('rowCommands'), glyphs: commands },
      { id: 'transfers', label: t('rowTransfers'), glyphs: transfers },
      { id: 'marks', label: t('rowMarks'), glyphs: marks },
    ].filter((r) => r.glyphs.length > 0);
  }, [p.commands, p.transfers, p.markers, p.bookmarks, p.hitTimesMs, d, widthPx, t]);

  // The lane is redrawn at every tick of the playhead: everything but the playhead is made once per
  // change of data or width (a long session has thousands of idle stretches and glyphs).
  const idleEls = useMemo(
    () => idleSpans(p.idle, d, widthPx).map((s, i) => <div key={`i${i}`} className="tl-idle" data-kind="idle" style={{ left: `${s.leftPct}%`, width: `${s.widthPct}%` }} />),
    [p.idle, d, widthPx],
  );
  const glyphEls = useMemo(() => {
    const enter = (a: AnyGlyph) => (e: MouseEvent<HTMLElement>) => {
      const lane = ref.current?.getBoundingClientRect();
      setHover({ a, xPx: lane ? e.clientX - lane.left : (a.g.leftPct / 100) * widthPx });
    };
    return rows.map((row) => (
      <div key={row.id} className={`tl-row tl-row-${row.id}`} data-row={row.id} aria-label={row.label}>
        {row.glyphs.map((a, i) => (
          <div
            key={`${a.kind}${i}`}
            className={glyphClass(a)}
            data-testid="tl-glyph"
            data-kind={a.kind}
            data-time-ms={showTimeOf(a.g.timeMs)}
            data-count={a.g.items.length}
            style={{ left: `${a.g.leftPct}%`, width: a.g.widthPct > 0 ? `${a.g.widthPct}%` : undefined }}
            onPointerEnter={enter(a)}
            onClick={(e) => {
              e.stopPropagation();
              p.onSeek(showTimeOf(a.g.timeMs));
            }}
          />
        ))}
      </div>
    ));
  }, [rows, widthPx, p.onSeek]);

  if (rows.length === 0) return null;

  const seekAtPointer = (e: MouseEvent<HTMLDivElement>): void => {
    const r = e.currentTarget.getBoundingClientRect();
    if (r.width > 0) p.onSeek(pxToTime(e.clientX - r.left, r.width, d));
  };
  const onMove = (e: MouseEvent<HTMLDivElement>): void => {
    if ((e.target as HTMLElement).dataset.testid === 'tl-glyph') return;
    const r = e.currentTarget.getBoundingClientRect();
    if (r.width <= 0) return;
    const xPx = e.clientX - r.left;
    const timeMs = pxToTime(xPx, r.width, d);
    setHover({ a: null, timeMs, idle: idleAt(p.idle, timeMs), xPx });
  };

  return (
    <div className="timeline-lane" data-testid="timeline-lane" role="group" aria-label={t('lane')} onPointerLeave={() => setHover(null)}>
      <div className="tl-axis" ref={ref} onClick={seekAtPointer} onPointerMove={onMove}>
        {idleEls}
        {glyphEls}
        <div className="tl-playhead" style={{ left: `${spanOf(0, p.timeMs, d).widthPct}%` }} />
        {hover && (
          <div className={`tl-tooltip${tipEdge(hover.xPx, widthPx)}`} role="tooltip" data-testid="tl-tooltip" style={{ left: `${Math.max(0, hover.xPx)}px` }}>
            {hover.a ? (
              <Tip a={hover.a} />
            ) : (
              <>
                <span className="tl-tip-time">{formatDuration(hover.timeMs)}</span>
                {hover.idle && <span className="tl-tip-main">{t('idle', { from: formatDuration(hover.idle.startMs), to: formatDuration(hover.idle.endMs) })}</span>}
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
