import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { recordingSizeLabel, recordingTitle, type Activity, type RecordingSummary, type TimeMs } from '../../shared/model';
import type { PlayerEngine, PlayerSnapshot } from '../player/engine';
import { usePlayerSnapshot } from '../state/use-player';
import { ErrorPanel } from './ErrorPanel';
import { IndexProgress } from './IndexProgress';
import { FormatBadge } from './FormatBadge';
import { PlayerControls } from './PlayerControls';
import { useT } from '../i18n';
import { sessionProtocol } from './session-meta';
import { TimelineLane, type TimelineData } from './TimelineLane';
import { setShownRecording } from '../export/range-state';
import { RangeChip } from './RangeBar';

export interface PlayerProps {
  engine: PlayerEngine;
  summary: RecordingSummary;
  hitTimesMs: readonly TimeMs[];
  activity?: Activity | null;
  goToTimeRef?: RefObject<(() => void) | null>;
  rootRef: RefObject<HTMLElement | null>;
  onCancelIndex(): void;
  onFullscreen(): void;
  /** Commands, transfers and bookmarks for the timeline lane above the seek bar. */
  timeline?: TimelineData;
  /** Opens the Export dialog (the range chip's button). */
  onExport?(): void;
}

/** The test hooks are written straight to the element on every engine tick (not throttled by React). */
function writeHooks(el: HTMLElement, s: PlayerSnapshot): void {
  // Which recording the engine has loaded (tests wait for a dropped file to be the one playing).
  el.dataset.recordingId = s.id ?? '';
  el.dataset.state = s.state;
  // Down, not to the nearest: an event at the next whole ms is not on screen yet, and a seek to the
  // rounded-up time would draw it (Guacamole frames and cast events sit on whole ms).
  el.dataset.timeMs = String(Math.floor(s.timeMs));
  el.dataset.durationMs = String(Math.round(s.durationMs));
  el.dataset.speed = String(s.speed);
  el.dataset.seeking = String(s.seeking);
  if (s.lastSeekMs !== null) el.dataset.lastSeekMs = s.lastSeekMs.toFixed(1);
  if (s.lastSeekWriteMs !== null) el.dataset.lastSeekWriteMs = s.lastSeekWriteMs.toFixed(1);
  el.dataset.lastSeekId = String(s.seekCount);
}

export function Player({ engine, summary, hitTimesMs, activity, goToTimeRef, rootRef, onCancelIndex, onFullscreen, timeline, onExport }: PlayerProps) {
  const t = useT('player');
  const snap = usePlayerSnapshot(engine);
  const stageRef = useRef<HTMLDivElement>(null);
  // The same function from tick to tick: the timeline lane's glyphs are made once, not at every tick.
  const seek = useCallback((ms: TimeMs) => void engine.seek(ms), [engine]);

  const kind = summary.kind;
  useEffect(() => setShownRecording(summary.id), [summary.id]);
  useEffect(() => () => setShownRecording(null), []);
  // Layout effect: the terminal must exist before the parent's effect loads a recording into it. Each
  // kind has its own stage element (keyed below), so a change of kind mounts the other engine afresh.
  useLayoutEffect(() => {
    if (stageRef.current) engine.mount(stageRef.current);
  }, [engine, kind]);

  useEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    writeHooks(el, engine.snapshot());
    return engine.subscribe((s) => writeHooks(el, s));
  }, [engine, rootRef]);

  const title = recordingTitle(summary) || summary.fileName;
  const size = recordingSizeLabel(summary);
  const indexError = summary.index.state === 'failed' ? summary.index.error : undefined;
  return (
    <section
      className="player"
      data-testid="player"
      data-kind={kind}
      data-index-state={summary.index.state}
      data-seekable-ms={summary.kind === 'display' ? Math.round(summary.display.seekableUntilMs) : undefined}
      ref={rootRef as RefObject<HTMLElement>}
      aria-label={t('label')}
    >
      <header className="player-header">
        <span className="player-title" title={summary.fileName}>
          {title}
        </span>
        <FormatBadge summary={summary} />
        <span className="muted">{size}</span>
        {sessionProtocol(summary) && (
          <span className="muted" data-testid="session-protocol">
            {sessionProtocol(summary)}
          </span>
        )}
        {summary.index.state === 'cancelled' && <span className="muted">{t('indexCancelled')}</span>}
        <div className="spacer" />
        <IndexProgress summary={summary} onCancel={onCancelIndex} />
      </header>
      <div className="stage-wrap">
        {/* The engine owns these elements' children (xterm, or Guacamole's display); React puts nothing inside. */}
        {kind === 'video' ? (
          <div key="video" className="video-stage" data-testid="video" ref={stageRef} />
        ) : kind === 'display' ? (
          <div key="display" className="guac-stage" data-testid="guac-display" ref={stageRef} />
        ) : (
          <div key="terminal" className="terminal-stage" data-testid="terminal" ref={stageRef} />
        )}
        {snap.state === 'loading' && (
          <div className="stage-overlay quiet" data-testid="player-loading">
            {summary.index.state === 'indexing' ? t('waitingFirstScreen') : t('loading')}
          </div>
        )}
        {snap.state === 'error' && snap.error && (
          <div className="stage-overlay">
            <ErrorPanel error={snap.error} fileName={summary.fileName} title={t('errors:playbackStopped')} />
          </div>
        )}
      </div>
      {indexError && (
        <div className="player-banner">
          <ErrorPanel error={indexError} fileName={summary.fileName} title={t('errors:indexingFailed')} />
        </div>
      )}
      {timeline && (
        <TimelineLane
          timeMs={snap.timeMs}
          durationMs={summary.durationMs}
          commands={timeline.commands}
          transfers={timeline.transfers}
          bookmarks={timeline.bookmarks}
          markers={summary.markers}
          hitTimesMs={hitTimesMs}
          idle={summary.idle}
          onSeek={seek}
        />
      )}
      {onExport && <RangeChip id={summary.id} durationMs={summary.durationMs} onExport={onExport} />}
      <PlayerControls engine={engine} snap={snap} summary={summary} hitTimesMs={hitTimesMs} activity={activity} goToTimeRef={goToTimeRef} onFullscreen={onFullscreen} />
    </section>
  );
}
