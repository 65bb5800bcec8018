import type { RefObject } from 'react';
import type { Activity, RecordingSummary, TimeMs } from '../../shared/model';
import type { PlayerEngine, PlayerSnapshot } from '../player/engine';
import { isZoomable } from '../player/engines/guacamole-view';
import { formatPercent, formatSeconds, useT } from '../i18n';
import { Icon } from './Icon';
import { SeekBar } from './SeekBar';
import { SpeedMenu } from './SpeedMenu';
import { GoToTime } from './GoToTime';
import { sessionStartMs } from './session-meta';
import { ZoomControls } from './ZoomControls';

export interface PlayerControlsProps {
  engine: PlayerEngine;
  snap: PlayerSnapshot;
  summary: RecordingSummary;
  hitTimesMs: readonly TimeMs[];
  activity?: Activity | null;
  /** Filled in by the time readout: opens its "go to time" box. */
  goToTimeRef?: RefObject<(() => void) | null>;
  onFullscreen(): void;
}

export function PlayerControls({ engine, snap, summary, hitTimesMs, activity, goToTimeRef, onFullscreen }: PlayerControlsProps) {
  const t = useT('player');
  const playing = snap.state === 'playing';
  const paused = !playing;
  return (
    <div className="player-controls">
      <SeekBar
        timeMs={snap.timeMs}
        durationMs={summary.durationMs}
        indexedUntilMs={summary.index.indexedUntilMs}
        indexing={summary.index.state === 'indexing'}
        markers={summary.markers}
        idle={summary.idle}
        hitTimesMs={hitTimesMs}
        activity={activity}
        parts={summary.parts}
        startedAtEpochMs={sessionStartMs(summary)}
        onSeek={(ms) => void engine.seek(ms)}
      />
      <div className="control-row">
        <button
          type="button"
          className="ctl ctl-primary"
          data-testid="play-pause"
          aria-label={playing ? t('pause') : t('play')}
          title={playing ? t('pauseTitle') : t('playTitle')}
          disabled={snap.state === 'loading' || snap.state === 'error'}
          onClick={() => engine.toggle()}
        >
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button type="button" className="ctl" aria-label={t('prevEvent')} title={t('prevEventTitle')} disabled={!paused} onClick={() => void engine.step(-1)}>
          <Icon name="stepBack" />
        </button>
        <button type="button" className="ctl" aria-label={t('nextEvent')} title={t('nextEventTitle')} disabled={!paused} onClick={() => void engine.step(1)}>
          <Icon name="stepForward" />
        </button>
        <GoToTime
          timeMs={snap.timeMs}
          durationMs={summary.durationMs}
          startedAtEpochMs={sessionStartMs(summary)}
          onSeek={(ms) => void engine.seek(ms)}
          openRef={goToTimeRef}
        />
        {snap.buffering && <span className="hint">{t('waitingForIndexer')}</span>}
        <div className="spacer" />
        <button
          type="button"
          className={`ctl ctl-text${snap.skipIdle ? ' on' : ''}`}
          aria-pressed={snap.skipIdle}
          data-testid="skip-idle"
          title={t('skipIdleTitle', { cap: seconds(snap.idleCapMs) })}
          onClick={() => engine.setSkipIdle(!snap.skipIdle)}
        >
          <Icon name="skip" />
          <span>{t('skipIdle')}</span>
        </button>
        <SpeedMenu speed={snap.speed} onChange={(s) => engine.setSpeed(s)} />
        {isZoomable(engine) ? (
          <ZoomControls engine={engine} />
        ) : (
          <button
            type="button"
            className="ctl ctl-text"
            data-testid="fit-toggle"
            title={snap.fitMode === 'fit' ? t('fitTitle') : t('actualTitle')}
            onClick={() => engine.setFitMode(snap.fitMode === 'fit' ? 'actual' : 'fit')}
          >
            <Icon name="fit" />
            <span>{snap.fitMode === 'fit' ? t('fit') : formatPercent(100)}</span>
          </button>
        )}
        <button type="button" className="ctl" aria-label={t('fullscreen')} title={t('fullscreenTitle')} onClick={onFullscreen}>
          <Icon name="fullscreen" />
        </button>
      </div>
    </div>
  );
}

/** 2000 -> "2.0 s" / "2.0 秒". */
function seconds(ms: number): string {
  return formatSeconds(ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
