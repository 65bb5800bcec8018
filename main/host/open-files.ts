/** Opening files the host was given itself (command line, OS "Open with", bundled samples). */
import type { RecordingSummary } from '../../shared/model';
import { toApiError } from '../../shared/errors';
import type { Core } from '../core/types';
import { openAndRemember, type HostParts } from './handlers';

export interface OpenFilesResult {
  opened: RecordingSummary[];
  failed: { path: string; message: string }[];
}

/**
 * Open each path in turn (one failing file does not stop the others). `remember` puts them in the
 * recent list: true for files a person chose, false for the bundled samples.
 */
export async function openFiles(core: Core, parts: HostParts, paths: string[], remember: boolean): Promise<OpenFilesResult> {
  const result: OpenFilesResult = { opened: [], failed: [] };
  for (const path of paths) {
    try {
      const summary = remember ? await openAndRemember(core, parts, path) : await core.open(path);
      result.opened.push(parts.names ? parts.names.apply(summary) : summary);
    } catch (err) {
      result.failed.push({ path, message: toApiError(err).message });
    }
  }
  return result;
}
