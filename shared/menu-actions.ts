/**
 * What the native application menu asks the renderer to do (the `menu` push event). Each maps onto an
 * existing keyboard action or a piece of the window's state (renderer/components/App.tsx).
 */
export const MENU_ACTIONS = [
  'togglePlay',
  'seekBack',
  'seekForward',
  'stepBack',
  'stepForward',
  'slower',
  'faster',
  'previousMarker',
  'nextMarker',
  'goToTime',
  'find',
  'toggleTimeDisplay',
  'toggleLibrary',
  'toggleSidePanel',
  'closeRecording',
  'settings',
  'shortcuts',
] as const;

export type MenuAction = (typeof MENU_ACTIONS)[number];

export function isMenuAction(v: unknown): v is MenuAction {
  return typeof v === 'string' && (MENU_ACTIONS as readonly string[]).includes(v);
}
