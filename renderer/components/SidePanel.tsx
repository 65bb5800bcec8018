import type { ReactNode } from 'react';
import { useT } from '../i18n';

export type SideTab = 'search' | 'info' | 'commands' | 'transfers' | 'bookmarks';

export interface SidePanelProps {
  tab: SideTab;
  onTab(t: SideTab): void;
  /** The first tab's name: 'Search' for terminal output, 'Keystrokes' for a display recording's log. */
  searchLabel?: string;
  search: ReactNode;
  info: ReactNode;
  /** Timeline panels (renderer/components/CommandsPanel etc.); a tab shows for each one given. */
  commands?: ReactNode;
  transfers?: ReactNode;
  bookmarks?: ReactNode;
}

export function SidePanel({ tab, onTab, searchLabel, search, info, commands, transfers, bookmarks }: SidePanelProps) {
  const t = useT('search');
  const tt = useT('timeline');
  const extra = [
    { id: 'commands' as const, node: commands, label: tt('tabCommands'), title: undefined },
    { id: 'transfers' as const, node: transfers, label: tt('tabTransfers'), title: tt('tabTransfersTitle') },
    { id: 'bookmarks' as const, node: bookmarks, label: tt('tabBookmarks'), title: undefined },
  ].filter((x) => x.node !== undefined);
  return (
    <aside className="side-panel" aria-label={t('panel')}>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'search'} className={`tab${tab === 'search' ? ' active' : ''}`} onClick={() => onTab('search')} data-testid="tab-search">
          {searchLabel ?? t('tabSearch')}
        </button>
        {extra.map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={`tab${tab === x.id ? ' active' : ''}`} onClick={() => onTab(x.id)} data-testid={`tab-${x.id}`} title={x.title}>
            {x.label}
          </button>
        ))}
        <button type="button" role="tab" aria-selected={tab === 'info'} className={`tab${tab === 'info' ? ' active' : ''}`} onClick={() => onTab('info')} data-testid="tab-info">
          {t('tabInfo')}
        </button>
      </div>
      <div className="tab-body" role="tabpanel">
        {/* Both stay mounted so the search box keeps its text and focus target. */}
        <div hidden={tab !== 'search'}>{search}</div>
        <div hidden={tab !== 'info'}>{info}</div>
        {extra.map((x) => (
          <div key={x.id} hidden={tab !== x.id}>
            {x.node}
          </div>
        ))}
      </div>
    </aside>
  );
}
