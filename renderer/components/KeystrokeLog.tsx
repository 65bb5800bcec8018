import { memo, useCallback, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { formatDuration, type RecordingSummary, type SearchHit, type TextKind, type TextLine } from '../../shared/model';
import type { TrailviewApi } from '../api';
import type { PlayerEngine } from '../player/engine';
import { showTimeOf } from '../player/navigation';
import { usePlayerSnapshot } from '../state/use-player';
import type { SearchState } from '../state/use-search';
import { currentLineIndex, MAX_LOG_LINES, useTranscript } from '../state/use-transcript';
import { Icon } from './Icon';
import { countLabel, TOGGLES } from './SearchPanel';
import { useT, type T } from '../i18n';
import { useVirtualRows } from './use-virtual-rows';

export interface KeystrokeLogProps {
  api: TrailviewApi;
  summary: RecordingSummary | null;
  engine: PlayerEngine;
  search: SearchState;
  inputRef: RefObject<HTMLInputElement | null>;
}

const ROW_PX = 22;
/** Rows rendered beyond the visible ones, so fast scrolling does not show gaps. */
const OVERSCAN = 12;
/** After the user scrolls the log, it stops following the playhead for this long. */
const FOLLOW_PAUSE_MS = 2500;

/**
 * One line of the log. Memoised, like KindMark: the playhead moving re-renders the log many times a
 * second, and only the two rows whose highlight changed need to be drawn again. Rows and marks take the
 * log's `t` (the same function until the language changes) instead of each calling useT: a seek far away
 * mounts every visible row afresh, and a hook per row and mark cost a Guacamole seek ~30 ms.
 */
const KeylogRow = memo(function KeylogRow({ line, current, onSeek, t }: { line: TextLine; current: boolean; onSeek(line: TextLine): void; t: T<'search'> }) {
  return (
    <button
      type="button"
      role="listitem"
      data-row=""
      className={`keylog-line${current ? ' current' : ''}`}
      data-testid="keylog-line"
      data-time-ms={showTimeOf(line.timeMs)}
      data-kind={line.kind ?? 'output'}
      data-current={current ? 'true' : undefined}
      title={t('keylog.lineTitle', { time: formatDuration(line.timeMs), kind: t(`kind.${line.kind ?? 'output'}`) })}
      onClick={() => onSeek(line)}
    >
      <span className="hit-time">{formatDuration(line.timeMs)}</span>
      <KindMark kind={line.kind} t={t} />
      <span className="keylog-text">{line.text || <span className="muted">{t('keylog.emptyLine')}</span>}</span>
    </button>
  );
});

export const KindMark = memo(function KindMark({ kind, t }: { kind: TextKind | undefined; t: T<'search'> }) {
  const k = kind ?? 'output';
  const text = k === 'clipboard' ? t('kindMark.clipboard') : k === 'title' ? t('kindMark.title') : '›';
  const name = t(`kind.${k}`);
  return (
    <span className={`kind-mark kind-${k}`} title={name} aria-label={name}>
      {text}
    </span>
  );
});

function HitText({ hit }: { hit: SearchHit }) {
  const start = Math.max(0, hit.matchStart - 32);
  return (
    <span className="hit-text">
      {start > 0 && '…'}
      {hit.text.slice(start, hit.matchStart)}
      <mark>{hit.text.slice(hit.matchStart, hit.matchStart + hit.matchLength)}</mark>
      {hit.text.slice(hit.matchStart + hit.matchLength)}
    </span>
  );
}

/** Moves focus between the rows of a list with the up and down arrows (the global keys leave them alone). */
function onRowKeys(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const rows = [...e.currentTarget.querySelectorAll<HTMLElement>('button[data-row]')];
  const i = rows.indexOf(document.activeElement as HTMLElement);
  const next = rows[Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
  if (next) {
    e.preventDefault();
    next.focus();
    next.scrollIntoView?.({ block: 'nearest' });
  }
}

export function KeystrokeLog({ api, summary, engine, search, inputRef }: KeystrokeLogProps) {
  const t = useT('search');
  const log = useTranscript(api, summary, summary?.kind === 'display');
  const snap = usePlayerSnapshot(engine);
  const listRef = useRef<HTMLDivElement>(null);
  const current = currentLineIndex(log.lines, snap.timeMs);
  const r = search.result;
  const showHits = search.query !== '';
  const rows = useVirtualRows(listRef, log.lines.length, { rowPx: ROW_PX, overscan: OVERSCAN, followPauseMs: FOLLOW_PAUSE_MS }, showHits);
  const { first, last, reveal } = rows;

  // Follow the playhead: keep the current line in view unless the user is looking elsewhere.
  useLayoutEffect(() => reveal(current), [current, reveal]);
  const seekTo = useCallback((line: TextLine): void => void engine.seek(showTimeOf(line.timeMs)), [engine]);
  const onInputKeys = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void search.jump(e.shiftKey ? -1 : 1);
    }
  };
  const keyless = summary?.kind === 'display' && summary.display.keyEvents === 0;

  return (
    <div className="keylog search-panel" data-testid="keylog">
      <div className="search-box">
        <Icon name="search" />
        <input
          ref={inputRef}
          data-testid="search-input"
          type="search"
          placeholder={summary ? t('keylog.placeholder') : t('placeholderNone')}
          disabled={!summary}
          value={search.query}
          spellCheck={false}
          aria-label={t('keylog.inputLabel')}
          onChange={(e) => search.setQuery(e.target.value)}
          onKeyDown={onInputKeys}
        />
        {TOGGLES.map((o) => (
          <button
            key={o.name}
            type="button"
            className={`toggle${search.options[o.name] ? ' on' : ''}`}
            aria-pressed={search.options[o.name]}
            title={t(o.title)}
            data-testid={`search-${o.name}`}
            onClick={() => search.setOption(o.name, !search.options[o.name])}
          >
            {o.label}
          </button>
        ))}
      </div>
      <div className="search-status">
        {showHits ? (
          <span data-testid="search-count" aria-live="polite">
            {search.running && !r ? t('searching') : countLabel(search)}
          </span>
        ) : (
          <span data-testid="keylog-count">
            {!log.done && summary?.index.state === 'indexing'
              ? t('keylog.entriesSoFar', { count: log.lines.length })
              : t('keylog.entries', { count: log.lines.length })}
          </span>
        )}
        <div className="spacer" />
        {showHits && !!r?.hits.length && (
          <>
            <button type="button" className="icon-button" title={t('keylog.prevHitTitle')} aria-label={t('prevHit')} onClick={() => void search.jump(-1)}>
              <span className="rot180">
                <Icon name="chevronDown" />
              </span>
            </button>
            <button type="button" className="icon-button" title={t('keylog.nextHitTitle')} aria-label={t('nextHit')} onClick={() => void search.jump(1)}>
              <Icon name="chevronDown" />
            </button>
          </>
        )}
      </div>
      {search.error && showHits && <div className="search-error">{search.error.message}</div>}
      {log.error && <div className="search-error">{log.error.message}</div>}
      {showHits ? (
        <ol className="search-results" onKeyDown={onRowKeys}>
          {r?.hits.map((hit, i) => (
            <li key={`${hit.lineIndex}:${hit.matchStart}:${i}`}>
              <button
                type="button"
                data-row=""
                className={`search-hit${i === search.active ? ' active' : ''}`}
                data-testid="search-hit"
                data-time-ms={showTimeOf(hit.timeMs)}
                data-kind={hit.kind ?? 'output'}
                aria-current={i === search.active ? 'true' : undefined}
                onClick={() => void search.jumpTo(i)}
              >
                <span className="hit-time">{formatDuration(hit.timeMs)}</span>
                <KindMark kind={hit.kind} t={t} />
                <HitText hit={hit} />
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <div className="keylog-list" ref={listRef} onScroll={rows.onScroll} onKeyDown={onRowKeys} role="list" aria-label={t('keylog.label')}>
          {log.lines.length === 0 && log.done && (
            <p className="keylog-empty muted">
              {keyless ? t('keylog.noKeys') : t('keylog.empty')}
            </p>
          )}
          <div style={rows.before} />
          {log.lines.slice(first, last).map((line, k) => (
            <KeylogRow key={first + k} line={line} current={first + k === current} onSeek={seekTo} t={t} />
          ))}
          <div style={rows.after} />
          {log.lines.length >= MAX_LOG_LINES && <p className="note">{t('keylog.capped', { count: MAX_LOG_LINES })}</p>}
        </div>
      )}
    </div>
  );
}
