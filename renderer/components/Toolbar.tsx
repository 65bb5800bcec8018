import type { ReactNode } from 'react';
import type { Theme, ThemeMode } from '../state/theme';
import { useT, type T } from '../i18n';
import { Icon } from './Icon';

export interface ToolbarProps {
  theme: Theme;
  themeMode: ThemeMode;
  libraryOpen: boolean;
  sideOpen: boolean;
  onToggleLibrary(): void;
  onToggleSide(): void;
  onToggleTheme(): void;
  onShortcuts(): void;
  children: ReactNode;
}

function themeLabel(t: T, mode: ThemeMode): string {
  return mode === 'system' ? t('toolbar.themeSystem') : mode === 'light' ? t('toolbar.themeLight') : t('toolbar.themeDark');
}

export function Toolbar({ theme, themeMode, libraryOpen, sideOpen, onToggleLibrary, onToggleSide, onToggleTheme, onShortcuts, children }: ToolbarProps) {
  const t = useT('common');
  return (
    <header className="toolbar">
      <span className="brand">{t('appName')}</span>
      {children}
      <div className="spacer" />
      <button
        type="button"
        className={`tool-button icon-only${libraryOpen ? ' on' : ''}`}
        aria-pressed={libraryOpen}
        aria-label={t('toolbar.library')}
        title={libraryOpen ? t('toolbar.hideLibrary') : t('toolbar.showLibrary')}
        onClick={onToggleLibrary}
      >
        <Icon name="panelLeft" />
      </button>
      <button
        type="button"
        className={`tool-button icon-only${sideOpen ? ' on' : ''}`}
        aria-pressed={sideOpen}
        aria-label={t('toolbar.side')}
        title={sideOpen ? t('toolbar.hideSide') : t('toolbar.showSide')}
        data-testid="side-toggle"
        onClick={onToggleSide}
      >
        <Icon name="panelRight" />
      </button>
      <div className="toolbar-sep" />
      <button
        type="button"
        className="tool-button icon-only"
        data-testid="theme-toggle"
        data-mode={themeMode}
        aria-label={themeLabel(t, themeMode)}
        title={themeLabel(t, themeMode)}
        onClick={onToggleTheme}
      >
        <Icon name={themeMode === 'system' ? 'monitor' : theme === 'dark' ? 'moon' : 'sun'} />
      </button>
      <button type="button" className="tool-button icon-only" data-testid="shortcuts-button" aria-label={t('toolbar.shortcuts')} title={t('toolbar.shortcutsTitle')} onClick={onShortcuts}>
        <Icon name="keyboard" />
      </button>
    </header>
  );
}
