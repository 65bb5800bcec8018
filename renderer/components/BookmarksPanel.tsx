/**
 * The Bookmarks side panel: notes pinned to moments, saved with the recording's content hash. B adds one
 * at the current time and opens its note for typing; Enter keeps the note, Esc leaves it as it was.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatDuration, type Bookmark, type RecordingSummary, type TimeMs } from '../../shared/model';
import { showTimeOf } from '../player/navigation';
import type { BookmarksState } from '../state/use-bookmarks';
import { ErrorPanel } from './ErrorPanel';
import { Icon } from './Icon';
import { moveInList } from './list-keys';
import { useT } from '../i18n';
import '../styles/timeline.css';
import '../styles/timeline-panels.css';


export interface BookmarksPanelProps {
  summary: RecordingSummary | null;
  bookmarks: BookmarksState;
  /** Where the player is now: the Add button bookmarks it. */
  currentTimeMs(): TimeMs;
  onSeek(ms: TimeMs): void;
}

function NoteEditor({ b, onDone }: { b: Bookmark; onDone(note: string | null): void }) {
  const t = useT('timeline');
  const [text, setText] = useState(b.note);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  // Layout effect: focus lands in the same task as B, so the keys typed right after are the note's.
  useLayoutEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (note: string | null): void => {
    if (done.current) return;
    done.current = true;
    onDone(note);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      finish(text);
    } else if (e.key === 'Escape') {
      // Handled here, so the window's Escape (dismiss overlays) does not also act.
      e.preventDefault();
      finish(null);
    }
  };
  return (
    <input
      ref={ref}
      className="tl-note-input"
      data-testid="bookmark-note-input"
      aria-label={t('noteLabel', { time: formatDuration(b.timeMs) })}
      placeholder={t('notePlaceholder')}
      value={text}
      maxLength={4000}
      spellCheck={false}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(text)}
    />
  );
}

export function BookmarksPanel({ summary, bookmarks, currentTimeMs, onSeek }: BookmarksPanelProps) {
  const t = useT('timeline');
  const listRef = useRef<HTMLOListElement>(null);
  if (!summary) return <div className="tl-panel-empty muted">{t('bookmarksNoRecording')}</div>;
  const { items, editingId } = bookmarks;

  const stopEditing = (b: Bookmark, note: string | null): void => {
    bookmarks.setEditingId(null);
    if (note !== null && note.trim() !== b.note) void bookmarks.update(b.id, { note });
    // Back to the row, so arrows and Delete go on working from the keyboard.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-bookmark-id="${b.id}"] [data-row]`)?.focus());
  };
  const onRowKey = (e: KeyboardEvent<HTMLElement>, b: Bookmark): void => {
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      void bookmarks.remove(b.id);
    } else if (e.key === 'F2' || e.key === 'e') {
      e.preventDefault();
      bookmarks.setEditingId(b.id);
    }
  };

  return (
    <div className="tl-panel bookmarks-panel" data-testid="bookmarks-panel">
      <div className="search-status">
        <span data-testid="bookmarks-count">{bookmarks.loading ? t('bookmarksLoading') : t('bookmarkCount', { count: items.length })}</span>
        <div className="spacer" />
        <button type="button" className="ctl ctl-text" data-testid="bookmark-add" title={t('bookmarkAddTitle')} onClick={() => void bookmarks.add(currentTimeMs())}>
          {t('bookmarkAdd')}
        </button>
      </div>
      {bookmarks.error && (
        <div className="tl-panel-error">
          <ErrorPanel error={bookmarks.error} title={t('bookmarksError')} onDismiss={bookmarks.dismissError} />
        </div>
      )}
      {!bookmarks.loading && items.length === 0 && <div className="tl-panel-empty muted">{t('bookmarksNone')}</div>}
      <ol className="tl-list" ref={listRef} onKeyDown={(e) => moveInList(e)}>
        {items.map((b) => (
          <li key={bookmarks.keyOf(b)} className="tl-item" data-testid="bookmark-row" data-bookmark-id={b.id} data-time-ms={showTimeOf(b.timeMs)}>
            {editingId === b.id ? (
              <div className="tl-item-main editing">
                <span className="tl-time">{formatDuration(b.timeMs)}</span>
                <NoteEditor b={b} onDone={(note) => stopEditing(b, note)} />
              </div>
            ) : (
              <>
                <button type="button" className="tl-item-main" data-row onClick={() => onSeek(showTimeOf(b.timeMs))} onKeyDown={(e) => onRowKey(e, b)} title={b.note}>
                  <span className="tl-time">{formatDuration(b.timeMs)}</span>
                  <span className={`tl-body tl-note${b.note ? '' : ' muted'}`} data-testid="bookmark-note">
                    {b.note || t('noNote')}
                  </span>
                </button>
                <button type="button" className="ctl ctl-text tl-row-action" data-testid="bookmark-edit" title={t('editTitle')} onClick={() => bookmarks.setEditingId(b.id)}>
                  {t('edit')}
                </button>
                <button type="button" className="icon-button tl-row-action" data-testid="bookmark-delete" aria-label={t('remove')} title={t('removeTitle')} onClick={() => void bookmarks.remove(b.id)}>
                  <Icon name="close" />
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
