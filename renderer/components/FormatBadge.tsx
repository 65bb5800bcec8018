import type { RecordingSummary } from '../../shared/model';

export function formatLabel(s: Pick<RecordingSummary, 'format' | 'formatVersion' | 'compression'>): string {
  const name = s.format === 'asciicast' ? `asciicast${s.formatVersion ? ` v${s.formatVersion}` : ''}` : 'koko';
  return s.compression === 'gzip' ? `${name} · gz` : name;
}

export function FormatBadge({ summary }: { summary: Pick<RecordingSummary, 'format' | 'formatVersion' | 'compression'> }) {
  return <span className="badge">{formatLabel(summary)}</span>;
}
