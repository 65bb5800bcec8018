import { useCallback, useRef, useState } from 'react';
import { useDismiss } from './use-dismiss';
import { SPEEDS } from '../player/clock';
import { formatNumber, t, useT } from '../i18n';

export function speedLabel(speed: number): string {
  return t('player:speedValue', { speed: formatNumber(speed) });
}

export function SpeedMenu({ speed, onChange }: { speed: number; onChange(speed: number): void }) {
  const tp = useT('player');
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const dismiss = useCallback(() => setOpen(false), []);
  useDismiss(open, ref, dismiss);
  return (
    <div className="menu-anchor" ref={ref}>
      <button
        type="button"
        className="ctl ctl-text"
        data-testid="speed"
        aria-haspopup="menu"
        aria-expanded={open}
        title={tp('speedTitle')}
        onClick={() => setOpen((o) => !o)}
      >
        {speedLabel(speed)}
      </button>
      {open && (
        <div className="menu menu-up" role="menu">
          {SPEEDS.map((s) => (
            <button
              key={s}
              type="button"
              role="menuitemradio"
              aria-checked={s === speed}
              className={`menu-item${s === speed ? ' checked' : ''}`}
              onClick={() => {
                onChange(s);
                setOpen(false);
              }}
            >
              {speedLabel(s)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
