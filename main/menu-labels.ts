/**
 * The native menu's words, in English and Simplified Chinese, chosen by the language setting. The main
 * process has no DOM and does not load the renderer's i18n bundle, so the menu keeps its own small table.
 */
import { effectiveLanguage, type LanguageSetting } from '../shared/settings';

export interface MenuLabels {
  file: string;
  openFile: string;
  openFolder: string;
  openRecent: string;
  noRecent: string;
  clearRecent: string;
  closeRecording: string;
  settings: string;
  quit: string;
  edit: string;
  view: string;
  theme: string;
  themeSystem: string;
  themeLight: string;
  themeDark: string;
  toggleLibrary: string;
  toggleSidePanel: string;
  wallClock: string;
  find: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  fullScreen: string;
  devTools: string;
  playback: string;
  playPause: string;
  back: string;
  forward: string;
  previousEvent: string;
  nextEvent: string;
  slower: string;
  faster: string;
  previousMarker: string;
  nextMarker: string;
  goToTime: string;
  help: string;
  shortcuts: string;
  about: string;
  aboutDetail: string;
  openRecordingsTitle: string;
  openFolderTitle: string;
  recordingsFilter: string;
  allFilesFilter: string;
}

export const MENU_LABELS: Record<'en' | 'zh-CN', MenuLabels> = {
  en: {
    file: '&File',
    openFile: 'Open File…',
    openFolder: 'Open Folder…',
    openRecent: 'Open Recent',
    noRecent: 'No recent recordings',
    clearRecent: 'Clear Recent',
    closeRecording: 'Close Recording',
    settings: 'Settings…',
    quit: 'Quit',
    edit: '&Edit',
    view: '&View',
    theme: 'Theme',
    themeSystem: 'Follow the System',
    themeLight: 'Light',
    themeDark: 'Dark',
    toggleLibrary: 'Library Panel',
    toggleSidePanel: 'Search and Info Panel',
    wallClock: 'Wall-Clock Time',
    find: 'Find…',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Full Screen',
    devTools: 'Developer Tools',
    playback: '&Playback',
    playPause: 'Play / Pause',
    back: 'Back',
    forward: 'Forward',
    previousEvent: 'Previous Event',
    nextEvent: 'Next Event',
    slower: 'Slower',
    faster: 'Faster',
    previousMarker: 'Previous Marker',
    nextMarker: 'Next Marker',
    goToTime: 'Go to Time…',
    help: '&Help',
    shortcuts: 'Keyboard Shortcuts',
    about: 'About Trailview',
    aboutDetail: 'A player for privileged-session recordings. Recordings are opened read-only.',
    openRecordingsTitle: 'Open recordings',
    openFolderTitle: 'Open a folder of recordings',
    recordingsFilter: 'Recordings',
    allFilesFilter: 'All files',
  },
  'zh-CN': {
    file: '文件(&F)',
    openFile: '打开文件…',
    openFolder: '打开文件夹…',
    openRecent: '最近打开',
    noRecent: '没有最近的录像',
    clearRecent: '清除最近记录',
    closeRecording: '关闭录像',
    settings: '设置…',
    quit: '退出',
    edit: '编辑(&E)',
    view: '视图(&V)',
    theme: '主题',
    themeSystem: '跟随系统',
    themeLight: '浅色',
    themeDark: '深色',
    toggleLibrary: '录像库面板',
    toggleSidePanel: '搜索和信息面板',
    wallClock: '显示实际时间',
    find: '查找…',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullScreen: '全屏',
    devTools: '开发者工具',
    playback: '播放(&P)',
    playPause: '播放 / 暂停',
    back: '后退',
    forward: '前进',
    previousEvent: '上一个事件',
    nextEvent: '下一个事件',
    slower: '减速',
    faster: '加速',
    previousMarker: '上一个标记',
    nextMarker: '下一个标记',
    goToTime: '跳转到时间…',
    help: '帮助(&H)',
    shortcuts: '键盘快捷键',
    about: '关于 Trailview',
    aboutDetail: '特权会话录像播放器。录像以只读方式打开。',
    openRecordingsTitle: '打开录像',
    openFolderTitle: '打开录像文件夹',
    recordingsFilter: '录像',
    allFilesFilter: '所有文件',
  },
};

export function menuLabelsFor(language: LanguageSetting, systemLocale: string | undefined): MenuLabels {
  return MENU_LABELS[effectiveLanguage(language, systemLocale)];
}
