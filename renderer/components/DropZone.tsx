import { useT } from '../i18n';
import { Icon } from './Icon';

/** Shown in the centre while nothing is open. */
export function DropZone({ canBrowse, onBrowse }: { canBrowse: boolean; onBrowse(): void }) {
  const t = useT('library');
  return (
    <div className="drop-zone" data-testid="drop-zone">
      <div className="drop-zone-box">
        <Icon name="open" size={28} />
        <div className="drop-zone-title">{t('dropTitle')}</div>
        <div className="muted">{t('dropFormats')}</div>
        {canBrowse && (
          <button type="button" className="tool-button" onClick={onBrowse}>
            {t('chooseFiles')}
          </button>
        )}
        <div className="muted small">{t('readOnly')}</div>
      </div>
    </div>
  );
}
