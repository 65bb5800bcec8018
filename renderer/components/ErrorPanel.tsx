import type { ApiError } from '../../shared/model';
import { Icon } from './Icon';

export interface ErrorPanelProps {
  error: ApiError;
  fileName?: string;
  /** What failed, as a sentence start: "Could not open", "Playback stopped". */
  title?: string;
  onDismiss?(): void;
}

/** A problem for people: one sentence, the file, the code. Never a stack trace. */
export function ErrorPanel({ error, fileName, title = 'Could not open', onDismiss }: ErrorPanelProps) {
  const where = [error.line !== undefined ? `line ${error.line}` : '', error.offsetBytes !== undefined ? `byte ${error.offsetBytes}` : '']
    .filter(Boolean)
    .join(', ');
  return (
    <div className="error-panel" data-testid="error-panel" data-code={error.code} role="alert">
      <span className="error-icon">
        <Icon name="warning" />
      </span>
      <div className="error-body">
        <div className="error-title">
          {title}
          {fileName ? (
            <>
              {' '}
              <span className="error-file">{fileName}</span>
            </>
          ) : null}
        </div>
        <div className="error-message">{firstLine(error.message)}</div>
        <div className="error-meta">
          <code className="error-code">{error.code}</code>
          {where && <span>{where}</span>}
        </div>
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" aria-label="Dismiss" title="Dismiss" onClick={onDismiss}>
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
