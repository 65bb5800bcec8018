/**
 * Every translation, bundled into the renderer (no HTTP backend: the app runs offline under a strict CSP).
 * A new namespace: add locales/en/<ns>.json and locales/zh-CN/<ns>.json and one import line for each here;
 * test/unit/i18n checks that every file on disk is listed and that both languages hold the same keys.
 */
import commonEn from './locales/en/common.json';
import errorsEn from './locales/en/errors.json';
import playerEn from './locales/en/player.json';
import libraryEn from './locales/en/library.json';
import infoEn from './locales/en/info.json';
import searchEn from './locales/en/search.json';
import settingsEn from './locales/en/settings.json';
import menuEn from './locales/en/menu.json';
import shortcutsEn from './locales/en/shortcuts.json';
import videoEn from './locales/en/video.json';
import timelineEn from './locales/en/timeline.json';
import commandsEn from './locales/en/commands.json';
import exportEn from './locales/en/export.json';
import logsEn from './locales/en/logs.json';
import riskEn from './locales/en/risk.json';
import openEn from './locales/en/open.json';
import commonZh from './locales/zh-CN/common.json';
import errorsZh from './locales/zh-CN/errors.json';
import playerZh from './locales/zh-CN/player.json';
import libraryZh from './locales/zh-CN/library.json';
import infoZh from './locales/zh-CN/info.json';
import searchZh from './locales/zh-CN/search.json';
import settingsZh from './locales/zh-CN/settings.json';
import menuZh from './locales/zh-CN/menu.json';
import shortcutsZh from './locales/zh-CN/shortcuts.json';
import videoZh from './locales/zh-CN/video.json';
import timelineZh from './locales/zh-CN/timeline.json';
import commandsZh from './locales/zh-CN/commands.json';
import exportZh from './locales/zh-CN/export.json';
import logsZh from './locales/zh-CN/logs.json';
import riskZh from './locales/zh-CN/risk.json';
import openZh from './locales/zh-CN/open.json';

export const en = {
  common: commonEn,
  errors: errorsEn,
  player: playerEn,
  library: libraryEn,
  info: infoEn,
  search: searchEn,
  settings: settingsEn,
  menu: menuEn,
  shortcuts: shortcutsEn,
  video: videoEn,
  timeline: timelineEn,
  commands: commandsEn,
  export: exportEn,
  logs: logsEn,
  risk: riskEn,
  open: openEn,
};

export const zhCN: Record<keyof typeof en, object> = {
  common: commonZh,
  errors: errorsZh,
  player: playerZh,
  library: libraryZh,
  info: infoZh,
  search: searchZh,
  settings: settingsZh,
  menu: menuZh,
  shortcuts: shortcutsZh,
  video: videoZh,
  timeline: timelineZh,
  commands: commandsZh,
  export: exportZh,
  logs: logsZh,
  risk: riskZh,
  open: openZh,
};

export type Namespace = keyof typeof en;
export const NAMESPACES = Object.keys(en) as Namespace[];
