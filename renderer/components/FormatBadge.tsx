import type { RecordingSummary } from '../../shared/model';

export function formatLabel(s: RecordingSummary): string {
  const version = s.kind === 'terminal' && s.formatVersion ? ` v${s.formatVersion}` : '';
  const name = s.format === 'asciicast' ? `asciicast${version}` : s.format;
  return s.compression === 'gzip' ? `${name} · gz` : name;
}

export function FormatBadge({ summary }: { summary: RecordingSummary }) {
  return <span className="badge">{formatLabel(summary)}</span>;
}
