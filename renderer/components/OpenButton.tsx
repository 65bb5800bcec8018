import { useRef } from 'react';
import type { Result } from '../../shared/api';
import type { RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { useT } from '../i18n';
import { Icon } from './Icon';

export interface OpenButtonProps {
  api: TrailviewApi;
  /** Files picked in the browser's file input. */
  onFiles(files: File[]): void;
  /** Electron's native dialog opens files itself and returns the summaries. */
  onDialogResult(result: Result<RecordingSummary[]>): void;
}

export function OpenButton({ api, onFiles, onDialogResult }: OpenButtonProps) {
  const t = useT('library');
  const input = useRef<HTMLInputElement>(null);
  const onClick = (): void => {
    if (api.canShowOpenDialog) void api.call('openDialog', {}).then(onDialogResult);
    else input.current?.click();
  };
  return (
    <>
      <button type="button" className="tool-button" onClick={onClick} data-testid="open-button" title={t('openTitle')}>
        <Icon name="open" />
        <span>{t('open')}</span>
      </button>
      {!api.canShowOpenDialog && (
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="open-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length) onFiles(files);
          }}
        />
      )}
    </>
  );
}
