/**
 * The Commands side panel: every command found in the recording, filterable, with risk badges and exit
 * codes; a click (or Enter) seeks to it, and while playing the command on screen is highlighted and
 * kept in view.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDuration, type CommandEntry, type RecordingSummary, type TimeMs } from '../../shared/model';
import { copyText } from '../clipboard';
import { showTimeOf } from '../player/navigation';
import { useCurrentIndex, type DerivedList, type TimeSource } from '../state/use-commands';
import { Icon } from './Icon';
import { moveInList } from './list-keys';
import { RiskBadge } from './RiskBadge';
import { currentIndex, filterCommands, type CommandFilter } from './timeline-math';
import { useT } from '../i18n';
import '../styles/timeline.css';
import '../styles/timeline-panels.css';


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

  useEffect(() => {
    if (!follow || current < 0) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    // Only when the panel is on screen, and never while someone is moving through the list by keyboard.
    if (!row || row.closest('[hidden]') || listRef.current?.contains(document.activeElement)) return;
    row.scrollIntoView?.({ block: 'nearest' });
  }, [current, follow]);

  const copy = (i: number, c: CommandEntry): void => {
    void copyText(c.command).then((ok) => {
      if (ok) setCopiedAt(i);
    });
  };

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
      <ol className="tl-list" ref={listRef} onKeyDown={(e) => moveInList(e)}>
        {shown.map((i) => {
          const c = all[i]!;
          const isCurrent = i === current;
          const failed = c.exitCode !== undefined && c.exitCode !== 0;
          return (
            <li key={i} className={`tl-item${isCurrent ? ' current' : ''}`} data-index={i} data-testid="command-row" data-time-ms={showTimeOf(c.timeMs)} aria-current={isCurrent ? 'true' : undefined}>
              <button type="button" className="tl-item-main" data-row onClick={() => onSeek(showTimeOf(c.timeMs))} title={c.command}>
                <span className="tl-time">{formatDuration(c.timeMs)}</span>
                <span className="tl-body">
                  <code className="tl-command">{c.command}</code>
                  <span className="tl-meta">
                    {c.risk?.map((r) => <RiskBadge key={r} risk={r} />)}
                    {c.exitCode !== undefined && <span className={failed ? 'tl-exit bad' : 'tl-exit'}>{t('exit', { code: c.exitCode })}</span>}
                    {c.context && <span className="tl-context">{c.context}</span>}
                    {c.fullScreen && <span className="tl-context">{t('fullScreen')}</span>}
                  </span>
                </span>
              </button>
              <button type="button" className={`icon-button tl-copy${copiedAt === i ? ' copied' : ''}`} aria-label={t('copy')} title={copiedAt === i ? t('copied') : t('copy')} data-testid="command-copy" onClick={() => copy(i, c)}>
                <Icon name="copy" />
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
