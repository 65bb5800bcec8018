/** The global keyboard map, as a pure function from a key event to an action. */
import type { en } from '../i18n/resources';

type ShortcutText = Exclude<keyof (typeof en)['shortcuts'], 'title'>;

export type Action =
  | { type: 'togglePlay' }
  | { type: 'seekBy'; ms: number }
  | { type: 'seekByFraction'; fraction: number }
  | { type: 'seekToFraction'; fraction: number }
  | { type: 'step'; dir: 1 | -1 }
  | { type: 'speed'; dir: 1 | -1 }
  | { type: 'marker'; dir: 1 | -1 }
  | { type: 'hit'; dir: 1 | -1 }
  | { type: 'zoom'; dir: 1 | -1 }
  | { type: 'zoomFit' }
  | { type: 'goToTime' }
  | { type: 'fullscreen' }
  | { type: 'focusSearch' }
  | { type: 'shortcuts' }
  | { type: 'escape' }
  | { type: 'timeDisplay' }
  | { type: 'settings' }
  | { type: 'bookmark' }
  | { type: 'panel'; panel: 'commands' | 'transfers' | 'bookmarks' }
  | { type: 'exportRange'; what: 'in' | 'out' | 'dialog' };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * `typing` is true while focus is in a text field: then only Escape, F3 and Ctrl/Cmd+F act,
 * everything else is the field's.
 */
export function keyToAction(e: KeyLike, typing: boolean, seekStepMs = 5000): Action | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Escape') return { type: 'escape' };
  if (e.key === 'F3') return { type: 'hit', dir: e.shiftKey ? -1 : 1 };
  if (mod && !e.altKey && (e.key === 'f' || e.key === 'F')) return { type: 'focusSearch' };
  if (mod && !e.altKey && e.key === ',') return { type: 'settings' };
  if (typing || mod || e.altKey) return null;

  switch (e.key) {
    case ' ':
    case 'k':
    case 'K':
      return { type: 'togglePlay' };
    case 'ArrowLeft':
      return e.shiftKey ? { type: 'seekByFraction', fraction: -0.1 } : { type: 'seekBy', ms: -seekStepMs };
    case 'ArrowRight':
      return e.shiftKey ? { type: 'seekByFraction', fraction: 0.1 } : { type: 'seekBy', ms: seekStepMs };
    case 'j':
    case 'J':
      return { type: 'seekBy', ms: -10000 };
    case 'l':
    case 'L':
      return { type: 'seekBy', ms: 10000 };
    case ',':
      return { type: 'step', dir: -1 };
    case '.':
      return { type: 'step', dir: 1 };
    case '<':
      return { type: 'speed', dir: -1 };
    case '>':
      return { type: 'speed', dir: 1 };
    case '[':
      return { type: 'marker', dir: -1 };
    case ']':
      return { type: 'marker', dir: 1 };
    case 'f':
    case 'F':
      return { type: 'fullscreen' };
    case '+':
    case '=':
      return { type: 'zoom', dir: 1 };
    case '-':
    case '_':
      return { type: 'zoom', dir: -1 };
    case 'z':
    case 'Z':
      return { type: 'zoomFit' };
    case 'b':
      return { type: 'bookmark' };
    case 'B':
      return { type: 'panel', panel: 'bookmarks' };
    case 'c':
    case 'C':
      return { type: 'panel', panel: 'commands' };
    case 'i':
    case 'I':
      return { type: 'exportRange', what: 'in' };
    case 'o':
    case 'O':
      return { type: 'exportRange', what: 'out' };
    case 'e':
    case 'E':
      return { type: 'exportRange', what: 'dialog' };
    case 't':
    case 'T':
      return { type: 'panel', panel: 'transfers' };
    case 'g':
    case 'G':
      return { type: 'goToTime' };
    case 'w':
    case 'W':
      return { type: 'timeDisplay' };
    case '/':
      return { type: 'focusSearch' };
    case '?':
      return { type: 'shortcuts' };
    case 'Home':
      return { type: 'seekToFraction', fraction: 0 };
    case 'End':
      return { type: 'seekToFraction', fraction: 1 };
  }
  if (/^[0-9]$/.test(e.key)) return { type: 'seekToFraction', fraction: Number(e.key) / 10 };
  return null;
}

/** True when keys typed at `el` are text for it (xterm's hidden textarea is not: it only holds focus). */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!el || typeof (el as Element).tagName !== 'string') return false;
  const node = el as HTMLElement;
  if (node.classList?.contains('xterm-helper-textarea')) return false;
  if (node.isContentEditable) return true;
  const tag = node.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag !== 'input') return false;
  const type = ((node as HTMLInputElement).type || 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(type);
}

/** What the ? overlay lists; kept next to the map so the two cannot drift apart unnoticed. `what` is a key
 * in the 'shortcuts' namespace; key names stay as printed on keyboards. */
export const SHORTCUTS: { keys: string[]; what: ShortcutText }[] = [
  { keys: ['Space', 'K'], what: 'playPause' },
  { keys: ['←', '→'], what: 'seek5' },
  { keys: ['J', 'L'], what: 'seek10' },
  { keys: ['Shift+←', 'Shift+→'], what: 'seekTenth' },
  { keys: ['0 – 9'], what: 'jumpPercent' },
  { keys: ['Home', 'End'], what: 'startEnd' },
  { keys: ['G'], what: 'goToTime' },
  { keys: [',', '.'], what: 'stepEvent' },
  { keys: ['<', '>'], what: 'speed' },
  { keys: ['[', ']'], what: 'marker' },
  { keys: ['B'], what: 'bookmark' },
  { keys: ['Shift+B'], what: 'bookmarksPanel' },
  { keys: ['C', 'T'], what: 'timelinePanels' },
  { keys: ['↑', '↓'], what: 'listMove' },
  { keys: ['/', 'Ctrl+F'], what: 'search' },
  { keys: ['Enter', 'F3'], what: 'nextHit' },
  { keys: ['Shift+Enter', 'Shift+F3'], what: 'prevHit' },
  { keys: ['+', '−'], what: 'zoom' },
  { keys: ['Z'], what: 'zoomFit' },
  { keys: ['F'], what: 'fullscreen' },
  { keys: ['Ctrl+C'], what: 'copy' },
  { keys: ['W'], what: 'wallClock' },
  { keys: ['Ctrl+,'], what: 'settings' },
  { keys: ['?'], what: 'thisList' },
  { keys: ['I', 'O'], what: 'exportInOut' },
  { keys: ['E'], what: 'exportDialog' },
  { keys: ['Esc'], what: 'escape' },
];
