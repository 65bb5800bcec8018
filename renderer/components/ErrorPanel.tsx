import type { ApiError } from '../../shared/model';
import { formatNumber, i18n, useT } from '../i18n';
import { Icon } from './Icon';

export interface ErrorPanelProps {
  error: ApiError;
  fileName?: string;
  /** What failed, as a sentence start in the UI's language: "Could not open", "Playback stopped". */
  title?: string;
  onDismiss?(): void;
}

/**
 * A problem for people: one sentence, the file, the code. Never a stack trace. The core's message is an
 * English sentence and is shown as it is; the framing and a headline for a known code are translated.
 */
export function ErrorPanel({ error, fileName, title, onDismiss }: ErrorPanelProps) {
  const t = useT('errors');
  const where = [
    error.line !== undefined ? t('whereLine', { line: formatNumber(error.line) }) : '',
    error.offsetBytes !== undefined ? t('whereByte', { offset: formatNumber(error.offsetBytes) }) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const codeKey = `errors:code.${error.code}`;
  // Codes added to the contract later have no headline yet: the message alone still says what happened.
  const headline = i18n.exists(codeKey) ? t(codeKey as 'errors:code.INTERNAL') : '';
  return (
    <div className="error-panel" data-testid="error-panel" data-code={error.code} role="alert">
      <span className="error-icon">
        <Icon name="warning" />
      </span>
      <div className="error-body">
        <div className="error-title">
          {title ?? t('couldNotOpen')}
          {fileName ? (
            <>
              {' '}
              <span className="error-file">{fileName}</span>
            </>
          ) : null}
        </div>
        <div className="error-message">
          {headline && <strong className="error-headline">{t('headline', { headline })} </strong>}
          {firstLine(error.message)}
        </div>
        <div className="error-meta">
          <code className="error-code">{error.code}</code>
          {where && <span>{where}</span>}
        </div>
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" aria-label={t('common:dismiss')} title={t('common:dismiss')} onClick={onDismiss}>
          <Icon name="close" />
        </button>
      )}
    </div>
  );
}

/** Messages are sentences; anything after a newline would be diagnostics people should not see. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}
