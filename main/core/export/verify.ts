/**
 * `trailview verify BUNDLE`: re-computes every member's SHA-256 and size and judges the bundle against
 * its manifest (shared/formats/bundle/manifest.ts): which member differs, is missing, or was added.
 * Reads the bundle only.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import JSZip from 'jszip';
import { TrailviewError } from '../../../shared/errors';
import { judgeBundle, MANIFEST_NAME, SUMS_NAME, zeroSelfHash, type BundleProblem, type BundleVerdict, type MemberFacts } from '../../../shared/formats/bundle/manifest';
import { sha256Hex } from './hashing';

export async function verifyBundle(path: string): Promise<BundleVerdict> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TrailviewError(code === 'ENOENT' ? 'NOT_FOUND' : 'NOT_READABLE', `${basename(path)}: cannot read it (${code ?? (e as Error).message})`);
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new TrailviewError('CORRUPT', `${basename(path)}: not a readable zip, so not a bundle Trailview made or one damaged since (${(e as Error).message})`);
  }
  const actual = new Map<string, MemberFacts>();
  const unreadable: BundleProblem[] = [];
  let manifest: string | undefined;
  let sums: string | undefined;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    let content: Buffer;
    try {
      content = await entry.async('nodebuffer');
    } catch (e) {
      unreadable.push({ member: entry.name, problem: 'unreadable', message: `${entry.name} cannot be unpacked: the zip data is damaged (${(e as Error).message})` });
      continue;
    }
    actual.set(entry.name, { sizeBytes: content.length, sha256: sha256Hex(content) });
    if (entry.name === MANIFEST_NAME) manifest = content.toString('utf8');
    if (entry.name === SUMS_NAME) sums = content.toString('utf8');
  }
  const zeroed = manifest === undefined ? undefined : zeroSelfHash(manifest);
  const verdict = judgeBundle(actual, manifest, zeroed === undefined ? undefined : sha256Hex(Buffer.from(zeroed, 'utf8')), sums);
  // A member that could not be unpacked is reported as such, not as missing.
  const problems = [...unreadable, ...verdict.problems.filter((p) => !(p.problem === 'missing' && unreadable.some((u) => u.member === p.member)))];
  return { ...verdict, ok: problems.length === 0, problems };
}
