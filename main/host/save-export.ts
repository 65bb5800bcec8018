/**
 * The contract's `saveExport` and `revealExport`: a file the page made itself (a video rendered with
 * WebCodecs) written by the host, and "show in folder" for what this host exported.
 * Written under a temp name in the export folder, then renamed: no half-written file ever carries the
 * name. Browser mode answers a download URL (like `export`), Electron the path.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Handlers } from '../../shared/api';
import { TrailviewError } from '../../shared/errors';
import { freshPath } from '../core/export/file-names';
import type { HostParts } from './handlers';

const MIME: Record<string, string> = { webm: 'video/webm', mp4: 'video/mp4' };

export function createSaveHandlers(parts: HostParts): Pick<Handlers, 'saveExport' | 'revealExport'> {
  const dir = (): string => parts.exportDir ?? join(tmpdir(), 'trailview-exports');
  const written = new Set<string>();
  return {
    saveExport: async ({ suggestedName, dataBase64 }) => {
      const ext = /\.([a-z0-9]+)$/i.exec(suggestedName)?.[1]?.toLowerCase() ?? '';
      const mime = MIME[ext];
      if (!mime) throw new TrailviewError('BAD_REQUEST', `saveExport: ${JSON.stringify(suggestedName)} is not a .webm or .mp4 name`);
      const bytes = Buffer.from(dataBase64, 'base64');
      mkdirSync(dir(), { recursive: true });
      const finalPath = freshPath(dir(), basename(suggestedName));
      const temp = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.trailview-part`);
      try {
        writeFileSync(temp, bytes, { flag: 'wx' });
        renameSync(temp, finalPath);
      } catch (err) {
        rmSync(temp, { force: true });
        throw new TrailviewError('NOT_READABLE', `could not write ${finalPath}: ${err instanceof Error ? err.message : String(err)}`);
      }
      written.add(resolve(finalPath));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const media = parts.media;
      // Browser mode downloads it from the host, as it does `export` results.
      const path = parts.mode === 'web' && media ? media.urlFor(media.registry.register(finalPath, mime)) : finalPath;
      return { path, sizeBytes: bytes.length, sha256 };
    },
    revealExport: async ({ path }) => {
      const target = resolve(path);
      // Only what this host exported: the page must not open arbitrary folders through this.
      const ours = written.has(target) || target.startsWith(resolve(dir()) + sep);
      if (!ours || !parts.showInFolder) return { shown: false };
      parts.showInFolder(target);
      return { shown: true };
    },
  };
}
