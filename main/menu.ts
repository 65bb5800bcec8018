/**
 * The native application menu (Electron glue). The template is built from plain inputs (labels, settings,
 * the recent list, callbacks) so a test can walk it with a mocked electron; main/index.ts supplies the
 * callbacks and rebuilds it when the settings or the recent list change.
 */
import { dialog, Menu, type BaseWindow, type MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../shared/menu-actions';
import type { RecentEntry } from '../shared/model';
import type { Settings, ThemeSetting } from '../shared/settings';
import type { MenuLabels } from './menu-labels';

export interface MenuDeps {
  labels: MenuLabels;
  platform: NodeJS.Platform;
  isPackaged: boolean;
  version: string;
  settings: Settings;
  recent: RecentEntry[];
  /** Ask the renderer to do something (the `menu` push event). */
  send(action: MenuAction): void;
  openFileDialog(): void;
  openFolderDialog(): void;
  openRecent(key: string): void;
  clearRecent(): void;
  setSettings(patch: Partial<Settings>): void;
  about(): void;
}

/** Entries in Open Recent; the rest stays reachable from the toolbar's Recent menu. */
export const MENU_RECENT_LIMIT = 10;

/**
 * Keys without a modifier (Space, arrows, letters) are the page's own shortcuts: shown in the menu but not
 * registered, or they would fire while typing in the search box. macOS cannot show an unregistered one,
 * so there they are left out.
 */
function plainKey(platform: NodeJS.Platform, accelerator: string): Partial<MenuItemConstructorOptions> {
  return platform === 'darwin' ? {} : { accelerator, registerAccelerator: false };
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export function menuTemplate(d: MenuDeps): MenuItemConstructorOptions[] {
  const L = d.labels;
  const mac = d.platform === 'darwin';
  const act = (id: MenuAction, label: string, extra: Partial<MenuItemConstructorOptions> = {}): MenuItemConstructorOptions => ({
    id,
    label,
    click: () => d.send(id),
    ...extra,
  });
  const recent = d.recent.slice(0, MENU_RECENT_LIMIT);
  const recentMenu: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ id: 'recent-none', label: L.noRecent, enabled: false }]
      : [
          ...recent.map((e, i): MenuItemConstructorOptions => ({ id: `recent-${i}`, label: e.fileName.replace(/&/g, '&&'), click: () => d.openRecent(e.key) })),
          { type: 'separator' },
          { id: 'recent-clear', label: L.clearRecent, click: () => d.clearRecent() },
        ];
  const theme = (value: ThemeSetting, label: string): MenuItemConstructorOptions => ({
    id: `theme-${value}`,
    label,
    type: 'radio',
    checked: d.settings.theme === value,
    click: () => d.setSettings({ theme: value }),
  });
  const settingsItem: MenuItemConstructorOptions = { id: 'settings', label: L.settings, accelerator: 'CmdOrCtrl+,', click: () => d.send('settings') };
  const aboutItem: MenuItemConstructorOptions = { id: 'about', label: L.about, click: () => d.about() };
  const step = seconds(d.settings.seekStepMs);

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Trailview',
      submenu: [aboutItem, { type: 'separator' }, settingsItem, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit', label: L.quit }],
    });
  }
  template.push(
    {
      id: 'file',
      label: L.file,
      submenu: [
        { id: 'open-file', label: L.openFile, accelerator: 'CmdOrCtrl+O', click: () => d.openFileDialog() },
        { id: 'open-folder', label: L.openFolder, accelerator: 'CmdOrCtrl+Shift+O', click: () => d.openFolderDialog() },
        { id: 'open-recent', label: L.openRecent, submenu: recentMenu },
        { type: 'separator' },
        act('closeRecording', L.closeRecording, { accelerator: 'CmdOrCtrl+W' }),
        ...(mac ? [] : ([{ type: 'separator' }, settingsItem, { type: 'separator' }, { id: 'quit', role: 'quit', label: L.quit, accelerator: 'Ctrl+Q' }] as MenuItemConstructorOptions[])),
      ],
    },
    {
      id: 'edit',
      label: L.edit,
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }, { type: 'separator' }, act('find', L.find, { accelerator: 'CmdOrCtrl+F' })],
    },
    {
      id: 'view',
      label: L.view,
      submenu: [
        { id: 'theme', label: L.theme, submenu: [theme('system', L.themeSystem), theme('light', L.themeLight), theme('dark', L.themeDark)] },
        act('toggleLibrary', L.toggleLibrary, { accelerator: 'CmdOrCtrl+B' }),
        act('toggleSidePanel', L.toggleSidePanel, { accelerator: 'CmdOrCtrl+I' }),
        {
          id: 'toggleTimeDisplay',
          label: L.wallClock,
          type: 'checkbox',
          checked: d.settings.timeDisplay === 'wallclock',
          click: () => d.setSettings({ timeDisplay: d.settings.timeDisplay === 'wallclock' ? 'elapsed' : 'wallclock' }),
          ...plainKey(d.platform, 'W'),
        },
        { type: 'separator' },
        { role: 'resetZoom', label: L.resetZoom },
        { role: 'zoomIn', label: L.zoomIn },
        { role: 'zoomOut', label: L.zoomOut },
        { type: 'separator' },
        { id: 'fullscreen', role: 'togglefullscreen', label: L.fullScreen },
        ...(d.isPackaged ? [] : ([{ type: 'separator' }, { id: 'devtools', role: 'toggleDevTools', label: L.devTools }] as MenuItemConstructorOptions[])),
      ],
    },
    {
      id: 'playback',
      label: L.playback,
      submenu: [
        act('togglePlay', L.playPause, plainKey(d.platform, 'Space')),
        { type: 'separator' },
        act('seekBack', `${L.back} ${step}`, plainKey(d.platform, 'Left')),
        act('seekForward', `${L.forward} ${step}`, plainKey(d.platform, 'Right')),
        act('stepBack', L.previousEvent, plainKey(d.platform, ',')),
        act('stepForward', L.nextEvent, plainKey(d.platform, '.')),
        { type: 'separator' },
        act('slower', L.slower, plainKey(d.platform, 'Shift+,')),
        act('faster', L.faster, plainKey(d.platform, 'Shift+.')),
        { type: 'separator' },
        act('previousMarker', L.previousMarker, plainKey(d.platform, '[')),
        act('nextMarker', L.nextMarker, plainKey(d.platform, ']')),
        act('goToTime', L.goToTime, plainKey(d.platform, 'G')),
      ],
    },
  );
  if (mac) template.push({ role: 'windowMenu' });
  template.push({
    id: 'help',
    label: L.help,
    role: 'help',
    submenu: [act('shortcuts', L.shortcuts, plainKey(d.platform, 'Shift+/')), ...(mac ? [] : ([{ type: 'separator' }, aboutItem] as MenuItemConstructorOptions[]))],
  });
  return template;
}

export function installMenu(d: MenuDeps): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(d)));
}

/** Help > About: the name, the version and what the app does. */
export async function showAbout(labels: MenuLabels, version: string, owner?: BaseWindow): Promise<void> {
  const options = { type: 'info' as const, title: labels.about, message: `Trailview ${version}`, detail: labels.aboutDetail, buttons: ['OK'] };
  await (owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options));
}
