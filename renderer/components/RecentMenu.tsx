import { useCallback, useEffect, useRef, useState } from 'react';
import { useDismiss } from './use-dismiss';
import type { Result } from '../../shared/api';
import { formatDuration, type RecentEntry, type RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { formatDate, useT } from '../i18n';
import { Icon } from './Icon';

export interface RecentMenuProps {
  api: TrailviewApi;
  onOpened(result: Result<RecordingSummary>, fileName: string): void;
}

export function RecentMenu({ api, onOpened }: RecentMenuProps) {
  const t = useT('library');
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<RecentEntry[] | null>(null);
  const [problem, setProblem] = useState('');
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    void api.call('recentList', {}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setEntries(r.value);
        setProblem('');
      } else {
        setEntries([]);
        setProblem(r.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [open, api]);
  const dismiss = useCallback(() => setOpen(false), []);
  useDismiss(open, ref, dismiss);

  const reopen = (e: RecentEntry): void => {
    setOpen(false);
    void api.call('open', { source: { kind: 'recent', key: e.key } }).then((r) => onOpened(r, e.fileName));
  };
  const clear = (): void => {
    void api.call('recentClear', {}).then(() => setEntries([]));
  };

  return (
    <div className="menu-anchor" ref={ref}>
      <button type="button" className="tool-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="recent-button">
        <Icon name="history" />
        <span>{t('recent')}</span>
        <Icon name="chevronDown" size={12} />
      </button>
      {open && (
        <div className="menu menu-down recent-menu" role="menu" data-testid="recent-menu">
          {entries === null && <div className="menu-note">{t('recentLoading')}</div>}
          {problem && <div className="menu-note">{problem}</div>}
          {entries?.length === 0 && !problem && <div className="menu-note">{t('recentEmpty')}</div>}
          {entries?.map((e) => (
            <button key={e.key} type="button" role="menuitem" className="menu-item recent-item" onClick={() => reopen(e)} data-testid="recent-item">
              <span className="recent-name">{e.fileName}</span>
              <span className="muted">
                {e.durationMs !== undefined ? formatDuration(e.durationMs) : ''} · {formatDate(e.openedAtEpochMs)}
              </span>
            </button>
          ))}
          {!!entries?.length && (
            <>
              <div className="menu-separator" />
              <button type="button" role="menuitem" className="menu-item" onClick={clear}>
                {t('recentClear')}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
