import type { ScanView } from '../state/use-scans';
import { useT } from '../i18n';

/** One line per folder scan: what it has seen, found and opened, with a bar and Cancel while it runs. */
export function ScanProgressBar({ scans }: { scans: ScanView[] }) {
  const t = useT('library');
  if (scans.length === 0) return null;
  return (
    <div className="scan-list" data-testid="scan-list">
      {scans.map((s) => {
        // Scanning has no known end; opening does (found so far is the whole list once the scan ends).
        const pct = s.found > 0 && s.opened + s.failed > 0 ? Math.round(((s.opened + s.failed) / s.found) * 100) : undefined;
        return (
          <div key={s.scanId} className="scan-row" data-testid="scan-row" data-done={s.done} role="status">
            <span className="scan-text">
              {s.done
                ? t(s.cancelled ? 'scanCancelled' : 'scanDone', { folder: s.folderName, opened: s.opened, found: s.found, files: s.filesSeen })
                : t('scanRunning', { folder: s.folderName, files: s.filesSeen, found: s.found, opened: s.opened })}
              {s.failed > 0 && <span className="status-bad"> {t('scanFailed', { count: s.failed })}</span>}
              {s.truncated && <span className="muted"> {t('scanTruncated')}</span>}
            </span>
            {!s.done && (
              <>
                <progress className="scan-progress" max={100} value={pct} aria-label={s.folderName} />
                <button type="button" className="tool-button" data-testid="scan-cancel" onClick={s.cancel}>
                  {t('common:cancel')}
                </button>
              </>
            )}
          </div>
        );
      })}
    </div>
  );
}
