import type { ReactNode } from 'react';
import type { Theme } from '../state/theme';
import { Icon } from './Icon';

export interface ToolbarProps {
  theme: Theme;
  libraryOpen: boolean;
  sideOpen: boolean;
  onToggleLibrary(): void;
  onToggleSide(): void;
  onToggleTheme(): void;
  onShortcuts(): void;
  children: ReactNode;
}

export function Toolbar({ theme, libraryOpen, sideOpen, onToggleLibrary, onToggleSide, onToggleTheme, onShortcuts, children }: ToolbarProps) {
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
        aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        onClick={onToggleTheme}
      >
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
      </button>
      <button type="button" className="tool-button icon-only" data-testid="shortcuts-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onShortcuts}>
        <Icon name="keyboard" />
      </button>
    </header>
  );
}
