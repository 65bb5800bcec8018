/** Opening files and folders the host was given itself (command line, OS "Open with", menu, bundled samples). */
import { promises as fsp } from 'node:fs';
import type { RecordingSummary } from '../../shared/model';
import { toApiError } from '../../shared/errors';
import type { Core } from '../core/types';
import { openFolder, type ScanJobs } from './folder-scan';
import { openAndRemember, type HostParts } from './handlers';

export interface OpenFilesResult {
  opened: RecordingSummary[];
  failed: { path: string; message: string }[];
}

async function isDirectory(path: string): Promise<boolean> {
  return fsp.stat(path).then((s) => s.isDirectory(), () => false);
}

/**
 * Open each path in turn (one failing file does not stop the others); folders are scanned for recordings.
 * `remember` puts files in the recent list: true for files a person chose, false for the bundled samples.
 */
export async function openFiles(core: Core, parts: HostParts, paths: string[], remember: boolean, jobs?: ScanJobs): Promise<OpenFilesResult> {
  const result: OpenFilesResult = { opened: [], failed: [] };
  for (const path of paths) {
    try {
      if (jobs && (await isDirectory(path))) {
        const folder = await openFolder(path, jobs, { open: (p) => openAndRemember(core, parts, p), emit: parts.emit });
        result.opened.push(...folder.opened);
        for (const f of folder.failed) result.failed.push({ path: `${path}/${f.name}`, message: f.message });
        continue;
      }
      const summary = remember ? await openAndRemember(core, parts, path) : await core.open(path);
      result.opened.push(parts.names ? parts.names.apply(summary) : summary);
    } catch (err) {
      result.failed.push({ path, message: toApiError(err).message });
    }
  }
  return result;
}
