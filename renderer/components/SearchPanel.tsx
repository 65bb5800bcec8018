import type { KeyboardEvent, RefObject } from 'react';
import { formatDuration, type RecordingSummary, type SearchHit } from '../../shared/model';
import { showTimeOf } from '../player/navigation';
import type { SearchOptions, SearchState } from '../state/use-search';
import { t as tr, useT } from '../i18n';
import { Icon } from './Icon';

export interface SearchPanelProps {
  search: SearchState;
  summary: RecordingSummary | null;
  inputRef: RefObject<HTMLInputElement | null>;
}

/** Characters of context shown before a match in a long line. */
const LEAD_CHARS = 32;

export function countLabel(search: Pick<SearchState, 'result' | 'active' | 'query'>): string {
  const r = search.result;
  if (!search.query || !r) return '';
  if (r.total === 0) return tr('search:noResults');
  return search.active === null ? tr('search:results', { count: r.total }) : tr('search:resultOf', { n: search.active + 1, total: r.total });
}

function HitLine({ hit }: { hit: SearchHit }) {
  const start = Math.max(0, hit.matchStart - LEAD_CHARS);
  const before = hit.text.slice(start, hit.matchStart);
  const match = hit.text.slice(hit.matchStart, hit.matchStart + hit.matchLength);
  const after = hit.text.slice(hit.matchStart + hit.matchLength);
  return (
    <span className="hit-text">
      {start > 0 && '…'}
      {before}
      <mark>{match}</mark>
      {after}
    </span>
  );
}

/** The labels are symbols (as in most editors); `title` is a key in the 'search' namespace. */
export const TOGGLES: { name: keyof SearchOptions; label: string; title: 'optRegex' | 'optCase' | 'optWord' }[] = [
  { name: 'regex', label: '.*', title: 'optRegex' },
  { name: 'caseSensitive', label: 'Aa', title: 'optCase' },
  { name: 'wholeWord', label: 'ab', title: 'optWord' },
];

export function SearchPanel({ search, summary, inputRef }: SearchPanelProps) {
  const t = useT('search');
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void search.jump(e.shiftKey ? -1 : 1);
    }
  };
  const r = search.result;
  const indexing = summary?.index.state === 'indexing';
  return (
    <div className="search-panel">
      <div className="search-box">
        <Icon name="search" />
        <input
          ref={inputRef}
          data-testid="search-input"
          type="search"
          placeholder={summary ? t('placeholderOutput') : t('placeholderNone')}
          disabled={!summary}
          value={search.query}
          spellCheck={false}
          aria-label={t('inputLabel')}
          onChange={(e) => search.setQuery(e.target.value)}
          onKeyDown={onKeyDown}
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
        <span data-testid="search-count" aria-live="polite">
          {search.running && !r ? t('searching') : countLabel(search)}
        </span>
        {!search.query && summary && <span className="muted">{t('hint')}</span>}
        <div className="spacer" />
        {!!r?.hits.length && (
          <>
            <button type="button" className="icon-button" title={t('prevHitTitle')} aria-label={t('prevHit')} onClick={() => void search.jump(-1)}>
              <span className="rot180">
                <Icon name="chevronDown" />
              </span>
            </button>
            <button type="button" className="icon-button" title={t('nextHitTitle')} aria-label={t('nextHit')} onClick={() => void search.jump(1)}>
              <Icon name="chevronDown" />
            </button>
          </>
        )}
      </div>
      {search.error && <div className="search-error">{search.error.message}</div>}
      {r?.partial && indexing && (
        <div className="note">{t('partial')}</div>
      )}
      {r?.truncated && (
        <div className="note">{t('truncated', { shown: r.hits.length, total: r.total })}</div>
      )}
      <ol className="search-results">
        {r?.hits.map((hit, i) => (
          <li key={`${hit.lineIndex}:${hit.matchStart}:${i}`}>
            <button
              type="button"
              className={`search-hit${i === search.active ? ' active' : ''}`}
              data-testid="search-hit"
              data-time-ms={showTimeOf(hit.timeMs)}
              aria-current={i === search.active ? 'true' : undefined}
              onClick={() => void search.jumpTo(i)}
            >
              <span className="hit-time">{formatDuration(hit.timeMs)}</span>
              <HitLine hit={hit} />
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
