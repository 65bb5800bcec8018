/**
 * A long list of fixed-height rows drawn as a window: only the rows in view (and a few either side)
 * exist in the DOM, between two spacers the height of the rest. A Guacamole session can hold tens of
 * thousands of typed lines and commands; drawing them all made every seek wait for React.
 *
 * Follow-the-playhead scrolling goes through `reveal`, which does not count as the user's own scroll:
 * after the user scrolls, reveal leaves the list alone for `followPauseMs`.
 */
import { useCallback, useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';

/** Rows drawn when the list has no size yet (no layout, e.g. a hidden tab or a test DOM). */
const UNSIZED_HEIGHT_PX = 600;

export interface VirtualRows {
  /** Rows [first, last) are drawn. */
  first: number;
  last: number;
  /** Heights of the spacers before and after the drawn rows. */
  before: CSSProperties;
  after: CSSProperties;
  onScroll(): void;
  /**
   * Scrolls row `pos` into view (a third from the top) unless it is in view already, the user scrolled
   * within `followPauseMs`, or the list is hidden. For follow-playback.
   */
  reveal(pos: number): void;
  /** Scrolls row `pos` into the window (keyboard Home/End), whatever the user did before. */
  scrollTo(pos: number): void;
}

export function useVirtualRows(
  ref: RefObject<HTMLElement | null>,
  count: number,
  opts: { rowPx: number; overscan: number; followPauseMs: number },
  /** The list element is replaced when this changes (e.g. another view in the same panel). */
  remountKey?: unknown,
): VirtualRows {
  const { rowPx, overscan, followPauseMs } = opts;
  const [view, setView] = useState({ top: 0, height: UNSIZED_HEIGHT_PX });
  const userScrolledAt = useRef(-Infinity);
  const autoScroll = useRef(false);

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight || UNSIZED_HEIGHT_PX }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, remountKey]);

  const onScroll = useCallback((): void => {
    const el = ref.current;
    if (!el) return;
    if (!autoScroll.current) userScrolledAt.current = Date.now();
    autoScroll.current = false;
    setView({ top: el.scrollTop, height: el.clientHeight || UNSIZED_HEIGHT_PX });
  }, [ref]);

  const scrollTop = useCallback(
    (top: number): void => {
      const el = ref.current;
      if (!el || el.scrollTop === top) return;
      autoScroll.current = true;
      el.scrollTop = top;
      // A list without layout never scrolls (and sends no scroll event): the window moves anyway.
      setView({ top, height: el.clientHeight || UNSIZED_HEIGHT_PX });
    },
    [ref],
  );

  const reveal = useCallback(
    (pos: number): void => {
      const el = ref.current;
      if (!el || pos < 0 || el.closest('[hidden]') || Date.now() - userScrolledAt.current < followPauseMs) return;
      const y = pos * rowPx;
      const h = el.clientHeight || UNSIZED_HEIGHT_PX;
      if (y < el.scrollTop || y + rowPx > el.scrollTop + h) scrollTop(Math.max(0, y - h / 3));
    },
    [ref, rowPx, followPauseMs, scrollTop],
  );

  const scrollTo = useCallback(
    (pos: number): void => {
      const el = ref.current;
      if (!el) return;
      const h = el.clientHeight || UNSIZED_HEIGHT_PX;
      scrollTop(Math.max(0, Math.min(pos * rowPx, count * rowPx - h)));
    },
    [ref, rowPx, count, scrollTop],
  );

  const first = Math.min(count, Math.max(0, Math.floor(view.top / rowPx) - overscan));
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowPx) + overscan);
  return {
    first,
    last,
    before: { height: first * rowPx },
    after: { height: Math.max(0, count - last) * rowPx },
    onScroll,
    reveal,
    scrollTo,
  };
}
