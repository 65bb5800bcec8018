import type { OpenJobView } from '../state/use-open-jobs';
import { useT } from '../i18n';

/** One line per open that takes a while: the file, what is being done to it, a bar and Cancel. */
export function OpenProgressBar({ jobs }: { jobs: OpenJobView[] }) {
  const t = useT('open');
  if (jobs.length === 0) return null;
  return (
    <div className="scan-list" data-testid="open-jobs">
      {jobs.map((j) => {
        const percent = j.progress !== undefined ? Math.floor(j.progress * 100) : undefined;
        const text = j.cancelling
          ? t('cancelling', { file: j.fileName })
          : j.phase && percent !== undefined
            ? t(j.phase, { file: j.fileName, percent })
            : t('starting', { file: j.fileName });
        return (
          <div key={j.jobId} className="scan-row" data-testid="open-job" data-phase={j.phase ?? ''} role="status">
            <span className="scan-text">{text}</span>
            {/* No value until a phase reports one: an indeterminate bar. */}
            <progress className="scan-progress" max={100} value={percent} aria-label={j.fileName} />
            <button type="button" className="tool-button" data-testid="open-cancel" title={t('cancelOpen', { file: j.fileName })} disabled={j.cancelling} onClick={j.cancel}>
              {t('common:cancel')}
            </button>
          </div>
        );
      })}
    </div>
  );
}
