import type { KeyboardEvent, RefObject } from 'react';
import { formatDuration, type RecordingSummary, type SearchHit } from '../../shared/model';
import { showTimeOf } from '../player/navigation';
import type { SearchOptions, SearchState } from '../state/use-search';
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
  if (r.total === 0) return 'No results';
  const total = r.total.toLocaleString('en-US');
  return search.active === null ? `${total} result${r.total === 1 ? '' : 's'}` : `${(search.active + 1).toLocaleString('en-US')} of ${total}`;
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

const TOGGLES: { name: keyof SearchOptions; label: string; title: string }[] = [
  { name: 'regex', label: '.*', title: 'Regular expression' },
  { name: 'caseSensitive', label: 'Aa', title: 'Match case' },
  { name: 'wholeWord', label: 'ab', title: 'Whole word' },
];

export function SearchPanel({ search, summary, inputRef }: SearchPanelProps) {
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
          placeholder={summary ? 'Search output' : 'Open a recording to search'}
          disabled={!summary}
          value={search.query}
          spellCheck={false}
          aria-label="Search the recording's output"
          onChange={(e) => search.setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {TOGGLES.map((t) => (
          <button
            key={t.name}
            type="button"
            className={`toggle${search.options[t.name] ? ' on' : ''}`}
            aria-pressed={search.options[t.name]}
            title={t.title}
            data-testid={`search-${t.name}`}
            onClick={() => search.setOption(t.name, !search.options[t.name])}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="search-status">
        <span data-testid="search-count" aria-live="polite">
          {search.running && !r ? 'Searching…' : countLabel(search)}
        </span>
        {!search.query && summary && <span className="muted">Enter or F3: next hit · with Shift: previous</span>}
        <div className="spacer" />
        {!!r?.hits.length && (
          <>
            <button type="button" className="icon-button" title="Previous hit (Shift+Enter, Shift+F3)" aria-label="Previous hit" onClick={() => void search.jump(-1)}>
              <span className="rot180">
                <Icon name="chevronDown" />
              </span>
            </button>
            <button type="button" className="icon-button" title="Next hit (Enter, F3)" aria-label="Next hit" onClick={() => void search.jump(1)}>
              <Icon name="chevronDown" />
            </button>
          </>
        )}
      </div>
      {search.error && <div className="search-error">{search.error.message}</div>}
      {r?.partial && indexing && (
        <div className="note">Still indexing: these results cover only the part indexed so far. They complete when indexing ends.</div>
      )}
      {r?.truncated && (
        <div className="note">
          Showing the first {r.hits.length.toLocaleString('en-US')} of {r.total.toLocaleString('en-US')} hits; refine the search to see the rest.
        </div>
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
