/**
 * What each archive member is, by content: a recording (terminal, Guacamole, video), a part-recording
 * manifest, session metadata, or something else. Names only pair a recording with its `<sid>.json`.
 */
import type { ArchiveMember, FormatId, RecordingKind } from '../../../shared/model';
import { detectTerminalFormat, isGzip } from '../../../shared/formats/detect';
import { detectGuacamole } from '../../../shared/formats/guacamole/detect';
import { looksLikeSessionMetadata } from '../../../shared/formats/jumpserver/session-facts';
import { looksLikePartsManifest } from '../guacamole/parts';
import { gunzipHead } from '../source';
import { memberHead, type Archive } from './archive';
import { entryBase, entryDir } from './entry-path';
import type { ArchiveEntry } from './types';

export type MemberRole = 'recording' | 'manifest' | 'metadata' | 'other';

export interface ClassifiedMember {
  entry: ArchiveEntry;
  role: MemberRole;
  kind?: RecordingKind | 'metadata';
  format?: FormatId;
}

function isMp4(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  const box = String.fromCharCode(b[4]!, b[5]!, b[6]!, b[7]!);
  return box === 'ftyp' || ((box === 'moov' || box === 'mdat' || box === 'free') && String.fromCharCode(b[8]!, b[9]!) !== '\0\0');
}

function isWebm(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3;
}

function parseJson(b: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(b));
  } catch {
    return undefined;
  }
}

/** Classifies a member from the start of its content. */
export async function classifyHead(name: string, head: Uint8Array): Promise<Omit<ClassifiedMember, 'entry'>> {
  if (head.length === 0) return { role: 'other' };
  if (isMp4(head)) return { role: 'recording', kind: 'video', format: 'mp4' };
  if (isWebm(head)) return { role: 'recording', kind: 'video', format: 'webm' };
  const plain = isGzip(head) ? await gunzipHead(name, head).catch(() => new Uint8Array(0)) : head;
  if (plain.length === 0) return { role: 'other' };
  if (!isGzip(head)) {
    if (looksLikePartsManifest(plain)) return { role: 'manifest' };
    if (looksLikeSessionMetadata(parseJson(plain))) return { role: 'metadata', kind: 'metadata' };
  }
  if (detectGuacamole(plain).ok) return { role: 'recording', kind: 'display', format: 'guacamole' };
  const terminal = detectTerminalFormat(plain);
  if (terminal.ok) return { role: 'recording', kind: 'terminal', format: terminal.format };
  return { role: 'other' };
}

/** Every regular, accepted member classified by its head, in path order. */
export async function classifyMembers(archive: Archive): Promise<ClassifiedMember[]> {
  const files = archive.entries.filter((e) => e.type === 'file' && !e.refused).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.index - b.index));
  const out: ClassifiedMember[] = [];
  for (const entry of files) {
    const head = await memberHead(archive, entry);
    out.push({ entry, ...(await classifyHead(entry.path, head)) });
  }
  return out;
}

/** The session id part of a JumpServer file name: `<sid>.cast.gz`, `<sid>.replay.json`, `<sid>.3.part.gz` ... */
export function sessionStem(path: string): string {
  const base = entryBase(path);
  const dot = base.indexOf('.');
  return dot < 0 ? base : base.slice(0, dot);
}

/** The `<sid>.json` (or lone metadata document) that describes a recording member. */
export function metadataFor(recording: ArchiveEntry, members: ClassifiedMember[]): ClassifiedMember | undefined {
  const metadata = members.filter((m) => m.role === 'metadata');
  const stem = sessionStem(recording.path);
  const dir = entryDir(recording.path);
  return metadata.find((m) => entryDir(m.entry.path) === dir && sessionStem(m.entry.path) === stem) ?? (metadata.length === 1 ? metadata[0] : undefined);
}

/** The container's member list for summaries: accepted files with what they were found to be. */
export function memberList(members: ClassifiedMember[], manifests: Map<ClassifiedMember, { kind: RecordingKind; format: FormatId }>): ArchiveMember[] {
  return members.map((m) => {
    const found = m.role === 'manifest' ? manifests.get(m) : m;
    const member: ArchiveMember = { path: m.entry.path, sizeBytes: m.entry.sizeBytes };
    if (found?.kind) member.kind = found.kind;
    if (found?.format) member.format = found.format;
    return member;
  });
}
