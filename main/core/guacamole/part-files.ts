/**
 * The files of a part recording on disk: which listed parts exist, their hashes, and one identity for the
 * whole recording (a hash over the manifest's and every part's SHA-256, so any changed byte is a new id).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { TrailviewError } from '../../../shared/errors';
import type { Warning } from '../../../shared/model';
import { hashSource } from '../source';
import type { PartsManifest } from './parts';

export interface FoundPart {
  name: string;
  path: string;
  sha256: string;
  sizeBytes: number;
}

export interface FoundParts {
  parts: FoundPart[];
  identity: { sha256: string; sizeBytes: number };
  compression: 'gzip' | 'none';
  warnings: Warning[];
}

async function startsWithGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

export async function findParts(manifest: PartsManifest, manifestPath: string): Promise<FoundParts> {
  const warnings: Warning[] = [];
  const parts: FoundPart[] = [];
  let gzip = false;
  for (const p of manifest.parts) {
    try {
      const { sha256, sizeBytes } = await hashSource(p.path, { name: p.name });
      gzip ||= await startsWithGzip(p.path);
      parts.push({ name: p.name, path: p.path, sha256, sizeBytes });
    } catch (e) {
      const reason = e instanceof TrailviewError ? e.message : (e as Error).message;
      warnings.push({ code: 'BAD_DATA', message: `${manifest.fileName}: part ${p.name} cannot be read (${reason}); the timeline goes on without it` });
    }
  }
  if (parts.length === 0) {
    throw new TrailviewError('NOT_FOUND', `${manifest.fileName}: none of its ${manifest.parts.length} part files (${manifest.parts.map((p) => p.name).slice(0, 3).join(', ')}${manifest.parts.length > 3 ? ', ...' : ''}) is next to it`);
  }
  const own = await hashSource(manifestPath, { name: manifest.fileName });
  const identity = createHash('sha256').update(`trailview-parts\n${own.sha256}\n`);
  for (const p of parts) identity.update(`${p.name}\n${p.sha256}\n`);
  return {
    parts,
    identity: { sha256: identity.digest('hex'), sizeBytes: own.sizeBytes + parts.reduce((n, p) => n + p.sizeBytes, 0) },
    compression: gzip ? 'gzip' : 'none',
    warnings,
  };
}
