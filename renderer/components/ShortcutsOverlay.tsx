import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../keyboard/keymap';
import { useT } from '../i18n';
import { Icon } from './Icon';

export function ShortcutsOverlay({ onClose }: { onClose(): void }) {
  const t = useT('shortcuts');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal shortcuts" data-testid="shortcuts" role="dialog" aria-modal="true" aria-label={t('title')} tabIndex={-1} ref={box}>
        <div className="modal-head">
          <h2>{t('title')}</h2>
          <button type="button" className="icon-button" aria-label={t('common:close')} onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.what}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{t(s.what)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
