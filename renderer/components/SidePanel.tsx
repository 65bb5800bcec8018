import type { ReactNode } from 'react';
import { useT } from '../i18n';

export type SideTab = 'search' | 'info';

export interface SidePanelProps {
  tab: SideTab;
  onTab(t: SideTab): void;
  /** The first tab's name: 'Search' for terminal output, 'Keystrokes' for a display recording's log. */
  searchLabel?: string;
  search: ReactNode;
  info: ReactNode;
}

export function SidePanel({ tab, onTab, searchLabel, search, info }: SidePanelProps) {
  const t = useT('search');
  return (
    <aside className="side-panel" aria-label={t('panel')}>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'search'} className={`tab${tab === 'search' ? ' active' : ''}`} onClick={() => onTab('search')} data-testid="tab-search">
          {searchLabel ?? t('tabSearch')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'info'} className={`tab${tab === 'info' ? ' active' : ''}`} onClick={() => onTab('info')} data-testid="tab-info">
          {t('tabInfo')}
        </button>
      </div>
      <div className="tab-body" role="tabpanel">
        {/* Both stay mounted so the search box keeps its text and focus target. */}
        <div hidden={tab !== 'search'}>{search}</div>
        <div hidden={tab !== 'info'}>{info}</div>
      </div>
    </aside>
  );
}
