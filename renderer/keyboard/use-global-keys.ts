/** Window-level keyboard handling: the key map plus copy of the terminal selection. */
import { useEffect, useRef } from 'react';
import { isTypingTarget, keyToAction, type Action } from './keymap';

export interface GlobalKeyHandlers {
  onAction(action: Action): void;
  /** The player's selected text, for Ctrl/Cmd+C when focus is not in the terminal. */
  selectionText(): string;
  copy(text: string): void;
}

function inXterm(target: EventTarget | null): boolean {
  return !!(target as HTMLElement | null)?.classList?.contains('xterm-helper-textarea');
}

export function useGlobalKeys(handlers: GlobalKeyHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing) return;
      const typing = isTypingTarget(e.target);
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'c' && !typing) {
        // Inside the terminal the browser's copy event reaches xterm, which copies its own selection.
        if (inXterm(e.target)) return;
        const text = ref.current.selectionText();
        if (text) {
          e.preventDefault();
          ref.current.copy(text);
        }
        return;
      }
      const action = keyToAction(e, typing);
      if (!action) return;
      e.preventDefault();
      ref.current.onAction(action);
    };
    // Space is ours even when a button has focus: stop the button's keyup activation too.
    const onKeyUp = (e: KeyboardEvent): void => {
      if (e.key === ' ' && !isTypingTarget(e.target)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, []);
}
