/** Window-level keyboard handling: the key map plus copy of the terminal selection. */
import { useEffect, useRef } from 'react';
import { isTypingTarget, keyToAction, type Action } from './keymap';

export interface GlobalKeyHandlers {
  onAction(action: Action): void;
  /** The player's selected text, for Ctrl/Cmd+C when focus is not in the terminal. */
  selectionText(): string;
  copy(text: string): void;
  /** How far the arrow keys seek (the seek-step setting); 5 s when absent. */
  seekStepMs?: number;
  /** True while a modal dialog owns the keyboard (Settings): no global key acts then. */
  suspended?(): boolean;
}

function inXterm(target: EventTarget | null): boolean {
  return !!(target as HTMLElement | null)?.classList?.contains('xterm-helper-textarea');
}

export function useGlobalKeys(handlers: GlobalKeyHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing || ref.current.suspended?.()) return;
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
      const action = keyToAction(e, typing, ref.current.seekStepMs);
      if (!action) return;
      e.preventDefault();
      ref.current.onAction(action);
    };
    // Space is ours even when a button has focus: stop the button's keyup activation too.
    const onKeyUp = (e: KeyboardEvent): void => {
      if (e.key === ' ' && !isTypingTarget(e.target) && !ref.current.suspended?.()) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, []);
}
