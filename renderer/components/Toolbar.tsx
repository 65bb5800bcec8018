import type { ReactNode } from 'react';
import type { Theme, ThemeMode } from '../state/theme';
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

const THEME_LABEL: Record<ThemeMode, string> = {
  system: 'Theme follows the system (click to pin the other theme)',
  light: 'Light theme (click to change)',
  dark: 'Dark theme (click to change)',
};

export function Toolbar({ theme, themeMode, libraryOpen, sideOpen, onToggleLibrary, onToggleSide, onToggleTheme, onShortcuts, children }: ToolbarProps) {
  return (
    <header className="toolbar">
      <span className="brand">Trailview</span>
      {children}
      <div className="spacer" />
      <button
        type="button"
        className={`tool-button icon-only${libraryOpen ? ' on' : ''}`}
        aria-pressed={libraryOpen}
        aria-label="Library panel"
        title={libraryOpen ? 'Hide the library' : 'Show the library'}
        onClick={onToggleLibrary}
      >
        <Icon name="panelLeft" />
      </button>
      <button
        type="button"
        className={`tool-button icon-only${sideOpen ? ' on' : ''}`}
        aria-pressed={sideOpen}
        aria-label="Search and info panel"
        title={sideOpen ? 'Hide search and info' : 'Show search and info'}
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
        aria-label={THEME_LABEL[themeMode]}
        title={THEME_LABEL[themeMode]}
        onClick={onToggleTheme}
      >
        <Icon name={themeMode === 'system' ? 'monitor' : theme === 'dark' ? 'moon' : 'sun'} />
      </button>
      <button type="button" className="tool-button icon-only" data-testid="shortcuts-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onShortcuts}>
        <Icon name="keyboard" />
      </button>
    </header>
  );
}
