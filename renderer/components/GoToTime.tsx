import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { TimeMs } from '../../shared/model';
import { formatPreciseTime, parseTimeInput } from './goto-time';
import { TimeDisplay, type TimeDisplayProps } from './TimeDisplay';
import { useT } from '../i18n';

export interface GoToTimeProps extends TimeDisplayProps {
  onSeek(ms: TimeMs): void;
  /** Set by this component: opens the box (the G key). */
  openRef?: RefObject<(() => void) | null>;
}

/** The time readout; click it (or press G) to type a time to go to, to the millisecond. */
export function GoToTime({ onSeek, openRef, ...time }: GoToTimeProps) {
  const t = useT('player');
  const [text, setText] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const open = (): void => setText(formatPreciseTime(time.timeMs));

  useEffect(() => {
    if (!openRef) return;
    openRef.current = open;
    return () => {
      openRef.current = null;
    };
  });

  // Focus and select once, when the box opens (not on every keystroke).
  const editing = text !== null;
  useEffect(() => {
    if (!editing) return;
    input.current?.focus();
    input.current?.select();
  }, [editing]);

  const bad = text !== null && parseTimeInput(text) === null;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setText(null);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const ms = text === null ? null : parseTimeInput(text);
      if (ms === null) return;
      setText(null);
      onSeek(Math.min(ms, Math.ceil(time.durationMs)));
    }
  };

  if (text !== null) {
    return (
      <input
        ref={input}
        className={`goto-time${bad ? ' bad' : ''}`}
        data-testid="goto-time"
        aria-label={t('goToTime')}
        aria-invalid={bad}
        title={t('goToTimeHelp')}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setText(null)}
      />
    );
  }
  return (
    <div
      className="goto-time-button"
      role="button"
      tabIndex={0}
      title={t('goToTimeTitle')}
      data-testid="goto-time-button"
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
    >
      <TimeDisplay {...time} />
    </div>
  );
}
