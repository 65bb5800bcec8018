/**
 * The native application menu against a mocked electron: the entries people expect are there with their
 * accelerators, labels follow the language, and clicking an entry does what it says (a `menu` event to the
 * renderer, a dialog, a settings change, a recent file opened). Also main/index.ts installs it on ready.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_ACTIONS, type MenuAction } from '../../../shared/menu-actions';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import type { RecentEntry } from '../../../shared/model';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
const { appMenu, electronMock } = await import('./electron-mock');
const { installMenu, menuTemplate, showAbout } = await import('../../../main/menu');
const { MENU_LABELS, menuLabelsFor } = await import('../../../main/menu-labels');

type Item = MenuItemConstructorOptions;

function deps(over: Partial<Parameters<typeof menuTemplate>[0]> = {}) {
  const calls: string[] = [];
  const sent: MenuAction[] = [];
  const patches: Partial<Settings>[] = [];
  const d = {
    labels: MENU_LABELS.en,
    platform: 'linux' as NodeJS.Platform,
    isPackaged: false,
    version: '1.2.3',
    settings: { ...DEFAULT_SETTINGS },
    recent: [] as RecentEntry[],
    send: (a: MenuAction) => void sent.push(a),
    openFileDialog: () => void calls.push('openFile'),
    openFolderDialog: () => void calls.push('openFolder'),
    openRecent: (key: string) => void calls.push(`recent:${key}`),
    clearRecent: () => void calls.push('clearRecent'),
    setSettings: (p: Partial<Settings>) => void patches.push(p),
    about: () => void calls.push('about'),
    ...over,
  };
  return { d, calls, sent, patches };
}

/** Every item of the template, depth first. */
function walk(items: Item[]): Item[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? walk(i.submenu as Item[]) : [])]);
}
const byId = (items: Item[], id: string): Item => {
  const found = walk(items).find((i) => i.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
};
const click = (i: Item) => (i.click as unknown as () => void)();

describe('application menu', () => {
  it('has File, Edit, View, Playback and Help with the usual entries and accelerators', () => {
    const { d } = deps();
    const t = menuTemplate(d);
    expect(t.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Playback', '&Help']);
    expect(byId(t, 'open-file').accelerator).toBe('CmdOrCtrl+O');
    expect(byId(t, 'open-folder').accelerator).toBe('CmdOrCtrl+Shift+O');
    expect(byId(t, 'closeRecording').accelerator).toBe('CmdOrCtrl+W');
    expect(byId(t, 'settings').accelerator).toBe('CmdOrCtrl+,');
    expect(byId(t, 'quit').role).toBe('quit');
    const roles = walk(t).map((i) => i.role).filter(Boolean);
    for (const r of ['copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'toggleDevTools']) expect(roles).toContain(r);
    // Every renderer action the menu can ask for is reachable from it.
    const sendable = new Set(walk(t).map((i) => i.id));
    for (const a of MENU_ACTIONS) if (a !== 'toggleTimeDisplay') expect(sendable.has(a), a).toBe(true);
  });

  it('plain-key shortcuts are shown but not registered (they would fire while typing); absent on macOS', () => {
    const linux = menuTemplate(deps().d);
    expect(byId(linux, 'togglePlay')).toMatchObject({ accelerator: 'Space', registerAccelerator: false });
    expect(byId(linux, 'seekBack')).toMatchObject({ accelerator: 'Left', registerAccelerator: false });
    const mac = menuTemplate(deps({ platform: 'darwin' }).d);
    expect(byId(mac, 'togglePlay').accelerator).toBeUndefined();
    // macOS: the app menu comes first and holds About, Settings and Quit.
    expect(mac[0]!.label).toBe('Trailview');
    expect((mac[0]!.submenu as Item[]).map((i) => i.id ?? i.role)).toEqual(expect.arrayContaining(['about', 'settings', 'quit']));
  });

  it('developer tools only when not packaged', () => {
    expect(walk(menuTemplate(deps({ isPackaged: true }).d)).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(walk(menuTemplate(deps({ isPackaged: false }).d)).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('clicks send the renderer its action, open dialogs, change settings and open recent files', () => {
    const { d, calls, sent, patches } = deps({
      settings: { ...DEFAULT_SETTINGS, theme: 'light', seekStepMs: 15000 },
      recent: [
        { key: 'k1', fileName: 'a & b.cast', sizeBytes: 1, openedAtEpochMs: 1 },
        { key: 'k2', fileName: 'c.cast', sizeBytes: 1, openedAtEpochMs: 2 },
      ],
    });
    const t = menuTemplate(d);
    for (const id of ['togglePlay', 'seekBack', 'seekForward', 'stepBack', 'stepForward', 'slower', 'faster', 'goToTime', 'find', 'toggleLibrary', 'toggleSidePanel', 'closeRecording', 'settings', 'shortcuts']) {
      click(byId(t, id));
    }
    expect(sent).toEqual(['togglePlay', 'seekBack', 'seekForward', 'stepBack', 'stepForward', 'slower', 'faster', 'goToTime', 'find', 'toggleLibrary', 'toggleSidePanel', 'closeRecording', 'settings', 'shortcuts']);
    expect(byId(t, 'seekBack').label).toBe('Back 15 s');

    click(byId(t, 'open-file'));
    click(byId(t, 'open-folder'));
    // "&" would be read as a mnemonic marker: doubled so the name shows as it is.
    expect(byId(t, 'recent-0').label).toBe('a && b.cast');
    click(byId(t, 'recent-1'));
    click(byId(t, 'recent-clear'));
    click(byId(t, 'about'));
    expect(calls).toEqual(['openFile', 'openFolder', 'recent:k2', 'clearRecent', 'about']);

    expect(byId(t, 'theme-light').checked).toBe(true);
    expect(byId(t, 'theme-dark').checked).toBe(false);
    click(byId(t, 'theme-dark'));
    click(byId(t, 'toggleTimeDisplay'));
    expect(patches).toEqual([{ theme: 'dark' }, { timeDisplay: 'wallclock' }]);
  });

  it('an empty recent list is one disabled line', () => {
    const t = menuTemplate(deps().d);
    expect(byId(t, 'recent-none')).toMatchObject({ enabled: false, label: 'No recent recordings' });
  });

  it('labels follow the language setting (and the system locale for "system")', () => {
    expect(menuLabelsFor('zh-CN', 'en-US')).toBe(MENU_LABELS['zh-CN']);
    expect(menuLabelsFor('system', 'zh-CN')).toBe(MENU_LABELS['zh-CN']);
    expect(menuLabelsFor('system', 'de-DE')).toBe(MENU_LABELS.en);
    const zh = menuTemplate(deps({ labels: MENU_LABELS['zh-CN'] }).d);
    expect(zh.map((m) => m.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '播放(&P)', '帮助(&H)']);
    // Both tables have every label, none empty.
    for (const k of Object.keys(MENU_LABELS.en) as (keyof typeof MENU_LABELS.en)[]) expect(MENU_LABELS['zh-CN'][k], k).toBeTruthy();
  });

  it('installMenu sets the application menu; About shows the version', async () => {
    installMenu(deps().d);
    expect(electronMock.Menu.setApplicationMenu).toHaveBeenCalled();
    expect((appMenu.template as Item[]).map((m) => m.id)).toEqual(['file', 'edit', 'view', 'playback', 'help']);
    await showAbout(MENU_LABELS.en, '1.2.3');
    expect(electronMock.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: 'Trailview 1.2.3' }));
  });
});
