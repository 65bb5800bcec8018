/**
 * The Commands side panel: every command found in the recording, filterable, with risk badges and exit
 * codes; a click (or Enter) seeks to it, and while playing the command on screen is highlighted and
 * kept in view. Only the rows in view are drawn (a long Guacamole session types tens of thousands of
 * lines).
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatDuration, type CommandEntry, type RecordingSummary, type TimeMs } from '../../shared/model';
import { copyText } from '../clipboard';
import { showTimeOf } from '../player/navigation';
import { useCurrentIndex, type DerivedList, type TimeSource } from '../state/use-commands';
import { Icon } from './Icon';
import { moveInList } from './list-keys';
import { RiskBadgeText } from './RiskBadge';
import { currentIndex, filterCommands, type CommandFilter } from './timeline-math';
import { useT, type T } from '../i18n';
import { useVirtualRows } from './use-virtual-rows';
import '../styles/timeline.css';
import '../styles/timeline-panels.css';

/** Every row is this tall (two lines: the command, then badges), so only those in view are drawn. */
const ROW_PX = 40;
const OVERSCAN = 10;
/** After the user scrolls the list, follow-playback leaves it alone this long. */
const FOLLOW_PAUSE_MS = 2500;

/** Position of `index` in the sorted `shown`, or -1. */
function positionOf(shown: readonly number[], index: number): number {
  let lo = 0;
  let hi = shown.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (shown[mid]! === index) return mid;
    if (shown[mid]! < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

interface CommandRowProps {
  index: number;
  pos: number;
  command: CommandEntry;
  current: boolean;
  copied: boolean;
  onSeek(ms: TimeMs): void;
  onCopy(index: number, c: CommandEntry): void;
  /** The panel's t: a useT per row made every row mounted by a far seek cost a copy of the i18n instance. */
  t: T<'commands'>;
}

/** One command. Memoised: as the playhead moves only the rows whose highlight changed are drawn again. */
const CommandRow = memo(function CommandRow({ index: i, pos, command: c, current: isCurrent, copied, onSeek, onCopy, t }: CommandRowProps) {
  const failed = c.exitCode !== undefined && c.exitCode !== 0;
  return (
    <li className={`tl-item${isCurrent ? ' current' : ''}`} style={{ height: ROW_PX }} data-index={i} data-pos={pos} data-testid="command-row" data-time-ms={showTimeOf(c.timeMs)} aria-current={isCurrent ? 'true' : undefined}>
      <button type="button" className="tl-item-main" data-row onClick={() => onSeek(showTimeOf(c.timeMs))} title={c.command}>
        <span className="tl-time">{formatDuration(c.timeMs)}</span>
        <span className="tl-body">
          <code className="tl-command">{c.command}</code>
          <span className="tl-meta">
            {c.risk?.map((r) => <RiskBadgeText key={r} risk={r} t={t} />)}
            {c.exitCode !== undefined && <span className={failed ? 'tl-exit bad' : 'tl-exit'}>{t('exit', { code: c.exitCode })}</span>}
            {c.context && <span className="tl-context">{c.context}</span>}
            {c.fullScreen && <span className="tl-context">{t('fullScreen')}</span>}
          </span>
        </span>
      </button>
      <button type="button" className={`icon-button tl-copy${copied ? ' copied' : ''}`} aria-label={t('copy')} title={copied ? t('copied') : t('copy')} data-testid="command-copy" onClick={() => onCopy(i, c)}>
        <Icon name="copy" />
      </button>
    </li>
  );
});

export interface CommandsPanelProps {
  summary: RecordingSummary | null;
  commands: DerivedList<CommandEntry>;
  /** The player: the entry on screen is highlighted as it plays. */
  player: TimeSource;
  onSeek(ms: TimeMs): void;
}

export function CommandsPanel({ summary, commands, player, onSeek }: CommandsPanelProps) {
  const t = useT('commands');
  const [filter, setFilter] = useState<CommandFilter>({ text: '', riskyOnly: false, failedOnly: false });
  const [follow, setFollow] = useState(true);
  const [copiedAt, setCopiedAt] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const all = commands.items;
  const shown = useMemo(() => filterCommands(all, filter), [all, filter]);
  const current = useCurrentIndex(player, all, currentIndex);
  const rows = useVirtualRows(listRef, shown.length, { rowPx: ROW_PX, overscan: OVERSCAN, followPauseMs: FOLLOW_PAUSE_MS });
  const { reveal, scrollTo } = rows;
  /** A row to focus once it is drawn (Home / End jump past the drawn window). */
  const [focusPos, setFocusPos] = useState<number | null>(null);

  useEffect(() => {
    // Never while someone is moving through the list by keyboard.
    if (!follow || current < 0 || listRef.current?.contains(document.activeElement)) return;
    reveal(positionOf(shown, current));
  }, [current, follow, shown, reveal]);

  useLayoutEffect(() => {
    if (focusPos === null) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-pos="${focusPos}"] [data-row]`);
    if (!row) return;
    setFocusPos(null);
    row.focus();
  }, [focusPos, rows.first, rows.last]);

  const onListKeys = (e: KeyboardEvent<HTMLOListElement>): void => {
    if ((e.key === 'Home' || e.key === 'End') && shown.length > 0) {
      // Home/End are global shortcuts (seek to start/end): inside the list they go to its ends.
      e.preventDefault();
      e.stopPropagation();
      const pos = e.key === 'Home' ? 0 : shown.length - 1;
      scrollTo(pos);
      setFocusPos(pos);
      return;
    }
    moveInList(e);
  };

  const copy = useCallback((i: number, c: CommandEntry): void => {
    void copyText(c.command).then((ok) => {
      if (ok) setCopiedAt(i);
    });
  }, []);

  if (!summary) return <div className="tl-panel-empty muted">{t('noRecording')}</div>;
  return (
    <div className="tl-panel commands-panel" data-testid="commands-panel" data-state={commands.loading ? 'loading' : commands.partial ? 'partial' : 'complete'}>
      <div className="search-box">
        <Icon name="search" />
        <input
          type="search"
          data-testid="commands-filter"
          placeholder={t('filter')}
          aria-label={t('filterLabel')}
          spellCheck={false}
          value={filter.text}
          onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              listRef.current?.querySelector<HTMLElement>('[data-row]')?.focus();
            }
          }}
        />
        <button type="button" className={`toggle${filter.riskyOnly ? ' on' : ''}`} aria-pressed={filter.riskyOnly} title={t('riskyTitle')} data-testid="commands-risky" onClick={() => setFilter((f) => ({ ...f, riskyOnly: !f.riskyOnly }))}>
          {t('risky')}
        </button>
        <button type="button" className={`toggle${filter.failedOnly ? ' on' : ''}`} aria-pressed={filter.failedOnly} title={t('failedTitle')} onClick={() => setFilter((f) => ({ ...f, failedOnly: !f.failedOnly }))}>
          {t('failed')}
        </button>
      </div>
      <div className="search-status">
        <span data-testid="commands-count" aria-live="polite">
          {commands.loading ? t('loading') : shown.length === all.length ? t('count', { count: all.length }) : t('countFiltered', { shown: shown.length, total: all.length })}
        </span>
        <div className="spacer" />
        <label className="tl-follow" title={t('followTitle')}>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} data-testid="commands-follow" />
          {t('follow')}
        </label>
      </div>
      {commands.error && (
        <div className="note" data-testid="commands-error">
          {t('unavailable', { message: commands.error.message })}
        </div>
      )}
      {commands.partial && <div className="note">{t('partial')}</div>}
      {!commands.loading && !commands.error && all.length === 0 && <div className="tl-panel-empty muted">{t('none')}</div>}
      {all.length > 0 && shown.length === 0 && <div className="tl-panel-empty muted">{t('noneMatch')}</div>}
      <ol className="tl-list" ref={listRef} onKeyDown={onListKeys} onScroll={rows.onScroll}>
        <li className="tl-spacer" aria-hidden="true" style={rows.before} />
        {shown.slice(rows.first, rows.last).map((i, k) => (
          <CommandRow key={i} index={i} pos={rows.first + k} command={all[i]!} current={i === current} copied={copiedAt === i} onSeek={onSeek} onCopy={copy} t={t} />
        ))}
        <li className="tl-spacer" aria-hidden="true" style={rows.after} />
      </ol>
    </div>
  );
}
