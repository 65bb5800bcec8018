/** Names for export files nobody chose (browser mode, an export without a save path). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFormat } from './types';

const EXTENSION: Record<ExportFormat, string> = { cast: 'cast', guac: 'guac', txt: 'txt', csv: 'csv', bundle: 'zip' };

/** `<recording>-<from>-<to>ms.<ext>`, without the recording's own extensions or unsafe characters. */
export function suggestedExportName(fileName: string, fromMs: number, toMs: number, format: ExportFormat): string {
  const stem = fileName.replace(/(\.(cast|json|guac|gz|zip|tar|txt|log))+$/i, '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80) || 'recording';
  return `${stem}-${Math.round(fromMs)}-${Math.round(toMs)}ms${format === 'bundle' ? '-evidence' : ''}.${EXTENSION[format]}`;
}

/** A path in `dir` for `name` that does not exist yet (`name-2.ext`, `name-3.ext` ...). */
export function freshPath(dir: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}
