import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatDuration, recordingTitle, type ArchiveMember, type RecordingId, type RecordingSummary } from '../../shared/model';
import { FormatBadge } from './FormatBadge';
import { formatNumber, formatPercent, useT } from '../i18n';
import { Icon } from './Icon';

export interface LibrarySidebarProps {
  items: RecordingSummary[];
  selectedId: RecordingId | null;
  onSelect(id: RecordingId): void;
  /** Close a recording: it leaves the library (the file and its cached index stay where they are). */
  onClose(id: RecordingId): void;
  /** Open another recording of the archive recording `id` came from. */
  onOpenMember?(id: RecordingId, memberPath: string): void;
}

/** Recordings in an archive that are not open yet (each opened member lists the same archive). */
export function unopenedMembers(s: RecordingSummary, items: readonly RecordingSummary[]): ArchiveMember[] {
  const c = s.container;
  if (!c) return [];
  const open = new Set(items.filter((o) => o.container?.sha256 === c.sha256).flatMap((o) => o.container!.memberPaths));
  return c.members.filter((m) => m.kind !== undefined && m.kind !== 'metadata' && !open.has(m.path));
}

/** "alice on db1", or whichever of the two the metadata gave. */
function who(s: RecordingSummary, t: ReturnType<typeof useT<'library'>>): string | undefined {
  const user = s.session?.user;
  const asset = s.session?.asset;
  if (user && asset) return t('sessionBy', { user, asset });
  return user || asset || undefined;
}

function LibraryItem({ s, selected, onSelect, onClose }: { s: RecordingSummary; selected: boolean; onSelect(): void; onClose(): void }) {
  const t = useT('library');
  const indexing = s.index.state === 'indexing';
  const title = recordingTitle(s) || s.fileName;
  return (
    <li
      className={`library-item${selected ? ' selected' : ''}`}
      data-testid="library-item"
      data-id={s.id}
      role="option"
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      title={s.fileName}
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSelect();
        if (e.key === 'Delete') onClose();
      }}
    >
      <button
        type="button"
        className="library-close"
        data-testid="library-close"
        aria-label={t('closeItem', { name: s.fileName })}
        title={t('closeTitle')}
        tabIndex={-1}
        onClick={(e) => {
          e.stopPropagation();
          onClose();
        }}
      >
        <Icon name="close" />
      </button>
      <div className="library-title">
        {s.container && (
          <span className="library-archive" title={s.container.fileName}>
            <Icon name="archive" size={12} />
          </span>
        )}
        {title}
      </div>
      <div className="library-meta">
        <FormatBadge summary={s} />
        <span>{formatDuration(s.durationMs)}</span>
        {s.index.state === 'failed' && <span className="status-bad">{t('indexFailed')}</span>}
        {s.index.state === 'cancelled' && <span className="muted">{t('partial')}</span>}
        {s.warnings.length > 0 && <span className="status-warn" title={t('warnings', { count: s.warnings.length })}>⚠ {formatNumber(s.warnings.length)}</span>}
      </div>
      {who(s, t) && (
        <div className="library-who" data-testid="library-who">
          {who(s, t)}
        </div>
      )}
      {title !== s.fileName && <div className="library-file">{s.fileName}</div>}
      {s.container && <div className="library-file">{s.container.fileName}</div>}
      {indexing && (
        <div className="library-progress" aria-label={t('player:indexing', { percent: formatPercent(Math.floor(s.index.progress * 100)) })}>
          <div style={{ width: `${Math.floor(s.index.progress * 100)}%` }} />
        </div>
      )}
    </li>
  );
}

export function LibrarySidebar({ items, selectedId, onSelect, onClose, onOpenMember }: LibrarySidebarProps) {
  const t = useT('library');
  const list = useRef<HTMLUListElement>(null);
  const moved = useRef(false);
  // Focus follows the selection when it was moved with the arrow keys (roving tabindex).
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    list.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }, [selectedId]);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const i = items.findIndex((s) => s.id === selectedId);
    const next = items[Math.min(items.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next && next.id !== selectedId) {
      moved.current = true;
      onSelect(next.id);
    }
  };
  return (
    <nav className="library" aria-label={t('title')}>
      <div className="pane-heading">
        {t('title')} <span className="muted">{items.length || ''}</span>
      </div>
      {items.length === 0 ? (
        <p className="library-empty muted">{t('empty')}</p>
      ) : (
        <ul className="library-list" role="listbox" aria-label={t('listLabel')} ref={list} onKeyDown={onKeyDown}>
          {items.map((s, i) => {
            // An archive's unopened recordings are listed once, under the first of its members that is open.
            const firstOfArchive = !!s.container && items.findIndex((o) => o.container?.sha256 === s.container!.sha256) === i;
            const members = firstOfArchive && onOpenMember ? unopenedMembers(s, items) : [];
            return [
              <LibraryItem key={s.id} s={s} selected={s.id === selectedId} onSelect={() => onSelect(s.id)} onClose={() => onClose(s.id)} />,
              members.length > 0 && (
                <li key={`${s.id}-members`} role="none" className="library-members" data-testid="library-members">
                  <div className="muted small">{t('archiveMembers')}</div>
                  {members.map((m) => (
                    <button key={m.path} type="button" className="list-button library-member" data-testid="library-member" data-path={m.path} title={t('openMember', { name: m.path })} onClick={() => onOpenMember?.(s.id, m.path)}>
                      <Icon name="open" size={12} />
                      <span>{m.path}</span>
                      {m.format && <span className="muted"> {m.format}</span>}
                    </button>
                  ))}
                </li>
              ),
            ];
          })}
        </ul>
      )}
    </nav>
  );
}
