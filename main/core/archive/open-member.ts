/**
 * Which recording of an archive to open, and with what around it: the first recording in path order (or
 * the member asked for), its `<sid>.json` metadata, a part manifest's parts, a folder's consecutive video
 * clips, and the container listing every member. The router does the opening; this decides and prepares.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toApiError, TrailviewError } from '../../../shared/errors';
import { MANIFEST_NAME } from '../../../shared/formats/bundle/manifest';
import type { BundleCheck, ContainerInfo, FormatId, RecordingKind } from '../../../shared/model';
import { verifyBundle } from '../export/verify';
import { manifestFromDocument, type PartsManifest } from '../guacamole/parts';
import type { ByteSource } from '../types';
import { materialise, storedRange, type Archive } from './archive';
import { classifyMembers, memberList, metadataFor, type ClassifiedMember } from './classify';
import { entryBase, entryDir } from './entry-path';
import type { ArchiveLimits } from './types';

/** Metadata documents and manifests are small; a bigger "JSON" member is not read whole. */
const MAX_JSON_BYTES = 1024 * 1024;

export type ArchiveTarget =
  | { type: 'file'; path: string; displayName: string }
  | { type: 'parts'; path: string; displayName: string; manifest: PartsManifest }
  | { type: 'video'; clips: ByteSource[] };

export interface ArchiveOpen {
  target: ArchiveTarget;
  container: ContainerInfo;
  /** The session metadata found for it (`<sid>.json`), fields as found. */
  metadata?: Record<string, unknown>;
}

interface Manifest {
  member: ClassifiedMember;
  doc: Record<string, unknown>;
  /** Part members in manifest order (undefined where the archive lacks one). */
  parts: { name: string; member: ClassifiedMember | undefined }[];
  kind: RecordingKind;
  format: FormatId;
}

async function readJson(archive: Archive, m: ClassifiedMember, limits: ArchiveLimits): Promise<Record<string, unknown> | undefined> {
  if (m.entry.sizeBytes > MAX_JSON_BYTES) return undefined;
  try {
    const doc = JSON.parse(await readFile(await materialise(archive, m.entry, limits), 'utf8')) as unknown;
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function readManifests(archive: Archive, members: ClassifiedMember[], limits: ArchiveLimits): Promise<Manifest[]> {
  const byPath = new Map(members.map((m) => [m.entry.path, m]));
  const out: Manifest[] = [];
  for (const m of members.filter((x) => x.role === 'manifest')) {
    const doc = await readJson(archive, m, limits);
    if (!doc) continue;
    const dir = entryDir(m.entry.path);
    let names: string[];
    try {
      names = manifestFromDocument(doc, entryBase(m.entry.path), (n) => n).parts.map((p) => p.name);
    } catch {
      continue;
    }
    const parts = names.map((name) => ({ name, member: byPath.get(dir ? `${dir}/${name}` : name) }));
    const first = parts.find((p) => p.member?.role === 'recording')?.member;
    out.push({ member: m, doc, parts, kind: (first?.kind as RecordingKind | undefined) ?? 'display', format: first?.format ?? 'guacamole' });
  }
  return out;
}

function noRecording(archive: Archive, members: ClassifiedMember[]): TrailviewError {
  const files = members.map((m) => m.entry.path);
  const refused = archive.entries.filter((e) => e.refused);
  const shown = files.slice(0, 10).join(', ') + (files.length > 10 ? `, and ${files.length - 10} more` : '');
  const what = files.length === 0 ? 'no files' : `${files.length} file${files.length === 1 ? '' : 's'}, none a recording: ${shown}`;
  const skipped = refused.length > 0 ? `; ${refused.length} entr${refused.length === 1 ? 'y' : 'ies'} refused (${refused.slice(0, 3).map((e) => `${e.path} ${e.refused}`).join('; ')})` : '';
  return new TrailviewError('UNSUPPORTED_FORMAT', `archive ${archive.fileName} holds ${what}${skipped}`);
}

/** Decides what to open from `archive` (the member at `memberPath`, else the first recording) and prepares it. */
/** Bundles are checked whole in memory (jszip): beyond this the check is left to `trailview verify`. */
const MAX_BUNDLE_CHECK_BYTES = 512 * 2 ** 20;

/** An evidence bundle's hashes, checked as `trailview verify` does; a bundle that cannot be read says why. */
async function checkBundle(archive: Archive): Promise<BundleCheck> {
  if (archive.sizeBytes > MAX_BUNDLE_CHECK_BYTES) {
    return { ok: false, verified: [], problems: [], skipped: `${archive.fileName} is larger than ${MAX_BUNDLE_CHECK_BYTES / 2 ** 20} MiB: check it with trailview verify` };
  }
  try {
    const v = await verifyBundle(archive.path);
    return { ok: v.ok, verified: v.verified, problems: v.problems };
  } catch (e) {
    return { ok: false, verified: [], problems: [{ member: archive.fileName, problem: 'unreadable', message: toApiError(e).message }] };
  }
}

export async function prepareArchiveOpen(archive: Archive, limits: ArchiveLimits, memberPath?: string): Promise<ArchiveOpen> {
  const members = await classifyMembers(archive);
  const manifests = await readManifests(archive, members, limits);
  const inParts = new Set(manifests.flatMap((m) => m.parts.map((p) => p.member).filter((x) => x !== undefined)));
  const candidates = members.filter((m) => (m.role === 'recording' && !inParts.has(m)) || manifests.some((x) => x.member === m));

  let chosen: ClassifiedMember | undefined;
  if (memberPath !== undefined) {
    const wanted = memberPath.replace(/\\/g, '/').replace(/^\.\//, '');
    const refused = archive.entries.find((e) => e.refused && e.path === wanted);
    if (refused) throw new TrailviewError('UNSUPPORTED_FORMAT', `${archive.fileName}: member ${wanted} ${refused.refused}; it is never opened`);
    chosen = members.find((m) => m.entry.path === wanted);
    if (!chosen) throw new TrailviewError('NOT_FOUND', `${archive.fileName} has no member ${JSON.stringify(wanted)}`);
    if (chosen.role !== 'recording' && chosen.role !== 'manifest') {
      throw new TrailviewError('UNSUPPORTED_FORMAT', `${archive.fileName}: member ${wanted} is ${chosen.role === 'metadata' ? 'session metadata' : 'not a recording'}`);
    }
  } else {
    chosen = candidates[0];
    if (!chosen) throw noRecording(archive, members);
  }

  const manifest = manifests.find((m) => m.member === chosen);
  const kinds = new Map(manifests.map((m) => [m.member, { kind: m.kind, format: m.format }]));
  const container: ContainerInfo = {
    kind: archive.kind,
    fileName: archive.fileName,
    sizeBytes: archive.sizeBytes,
    sha256: archive.sha256,
    memberPaths: [chosen.entry.path],
    members: memberList(members, kinds),
  };
  const refused = archive.entries.filter((e) => e.refused).map((e) => ({ path: e.path, reason: e.refused! }));
  if (refused.length > 0) container.refused = refused;
  if (archive.kind === 'zip' && archive.entries.some((e) => e.path === MANIFEST_NAME && !e.refused)) container.bundle = await checkBundle(archive);
  const metaMember = metadataFor(chosen.entry, members);
  const metadata = metaMember ? await readJson(archive, metaMember, limits) : undefined;
  const result = (target: ArchiveTarget): ArchiveOpen => ({ target, container, ...(metadata ? { metadata } : {}) });

  if (manifest) {
    container.memberPaths = [chosen.entry.path, ...manifest.parts.flatMap((p) => (p.member ? [p.member.entry.path] : []))];
    if (manifest.kind === 'video') {
      const clips = await inPlace(archive, manifest.parts.flatMap((p) => (p.member ? [p.member] : [])), limits);
      return { ...result({ type: 'video', clips }), metadata: { ...withoutFiles(manifest.doc), ...metadata } };
    }
    const paths = new Map<string, string>();
    for (const p of manifest.parts) if (p.member) paths.set(p.name, await materialise(archive, p.member.entry, limits));
    const manifestPath = await materialise(archive, chosen.entry, limits);
    // A part the archive lacks resolves to a file that does not exist: the session warns and goes on without it.
    const parts = manifestFromDocument(manifest.doc, entryBase(chosen.entry.path), (n) => paths.get(n) ?? join(archive.extractDir, 'missing'));
    return result({ type: 'parts', path: manifestPath, displayName: entryBase(chosen.entry.path), manifest: parts });
  }
  if (chosen.kind === 'video') {
    // Consecutive clips: every video of the same format in the same folder, in path order.
    const dir = entryDir(chosen.entry.path);
    const clips = candidates.filter((m) => m.kind === 'video' && m.format === chosen.format && entryDir(m.entry.path) === dir);
    container.memberPaths = clips.map((m) => m.entry.path);
    return result({ type: 'video', clips: await inPlace(archive, clips, limits) });
  }
  return result({ type: 'file', path: await materialise(archive, chosen.entry, limits), displayName: entryBase(chosen.entry.path) });
}

function withoutFiles(doc: Record<string, unknown>): Record<string, unknown> {
  const { files: _files, ...rest } = doc;
  void _files;
  return rest;
}

/** Video members as byte runs: stored ones read in place, deflated ones written out first. */
async function inPlace(archive: Archive, members: ClassifiedMember[], limits: ArchiveLimits): Promise<ByteSource[]> {
  const out: ByteSource[] = [];
  for (const m of members) {
    const range = await storedRange(archive, m.entry);
    const name = entryBase(m.entry.path);
    if (range) out.push({ path: range.path, offsetBytes: range.offsetBytes, sizeBytes: range.sizeBytes, name });
    else out.push({ path: await materialise(archive, m.entry, limits), offsetBytes: 0, sizeBytes: m.entry.sizeBytes, name });
  }
  return out;
}
