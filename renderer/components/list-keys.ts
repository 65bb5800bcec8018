/** Arrow-key movement between the rows of a side list (rows are buttons: Enter and click seek). */
import type { KeyboardEvent } from 'react';

/** Moves focus to the previous/next/first/last `[data-row]` button inside the list; true if it handled the key. */
export function moveInList(e: KeyboardEvent<HTMLElement>): boolean {
  const list = e.currentTarget;
  const rows = [...list.querySelectorAll<HTMLElement>('[data-row]')];
  if (rows.length === 0) return false;
  const at = rows.findIndex((r) => r === document.activeElement || r.contains(document.activeElement));
  let next: number;
  switch (e.key) {
    case 'ArrowDown':
      next = at < 0 ? 0 : Math.min(rows.length - 1, at + 1);
      break;
    case 'ArrowUp':
      next = at < 0 ? 0 : Math.max(0, at - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = rows.length - 1;
      break;
    default:
      return false;
  }
  e.preventDefault();
  // Home/End are global shortcuts (seek to start/end): inside a list they move instead.
  e.stopPropagation();
  rows[next]!.focus();
  rows[next]!.scrollIntoView?.({ block: 'nearest' });
  return true;
}
