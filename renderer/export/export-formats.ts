/** Which exports each kind of recording offers, and the names they get. Pure. */
import type { RecordingKind, TimeMs } from '../../shared/model';

/** Formats the core writes (the contract's `export`) and the two the page renders itself. */
export type HostFormat = 'cast' | 'guac' | 'txt' | 'csv' | 'bundle';
export type VideoFormat = 'webm' | 'mp4';
export type ExportFormat = HostFormat | VideoFormat;

export function formatsFor(kind: RecordingKind): ExportFormat[] {
  if (kind === 'terminal') return ['cast', 'txt', 'csv', 'bundle', 'webm', 'mp4'];
  if (kind === 'display') return ['guac', 'txt', 'csv', 'bundle', 'webm', 'mp4'];
  return ['webm', 'mp4'];
}

export function isVideoFormat(f: ExportFormat): f is VideoFormat {
  return f === 'webm' || f === 'mp4';
}

const EXT: Record<ExportFormat, string> = { cast: 'cast', guac: 'guac', txt: 'txt', csv: 'csv', bundle: 'zip', webm: 'webm', mp4: 'mp4' };

/** "session.cast" 5000..65000 -> "session_0m05s-1m05s.webm": the range is in the name, the source's name kept. */
export function exportFileName(sourceName: string, fromMs: TimeMs, toMs: TimeMs, format: ExportFormat): string {
  const base = sourceName.replace(/\.(cast|json|guac|replay|mp4|m4v|webm|txt|tar|zip)(\.gz)?$/i, '').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_') || 'recording';
  const part = (ms: number): string => {
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${h > 0 ? `${h}h` : ''}${m}m${String(s % 60).padStart(2, '0')}s`;
  };
  return `${base}_${part(fromMs)}-${part(toMs)}.${EXT[format]}`;
}
