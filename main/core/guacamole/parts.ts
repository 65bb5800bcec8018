/**
 * JumpServer part recordings: `<sid>.replay.json` (the session's fields plus `files: [{name, start, end,
 * duration, size}]`) next to `<sid>.N.part.gz`, each part a complete Guacamole dump of its own (lion
 * rejoins the connection for every part, so each starts from a full redraw). Opened as ONE recording.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TrailviewError } from '../../../shared/errors';

/** A manifest is a small JSON document; anything larger is not one. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface ManifestPart {
  name: string;
  path: string;
  /** guacd's clock at the part's first and last sync, as the manifest says (ms). */
  startGuacMs?: number;
  endGuacMs?: number;
}

export interface PartsManifest {
  fileName: string;
  /** The manifest's own fields except `files`. */
  metadata: Record<string, unknown>;
  parts: ManifestPart[];
}

/** Whether a (decompressed) head looks like a parts manifest: a JSON object with a `files` list of names. */
export function looksLikePartsManifest(head: Uint8Array): boolean {
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09 || head[i] === 0xef || head[i] === 0xbb || head[i] === 0xbf)) i++;
  if (head[i] !== 0x7b) return false;
  try {
    const doc = JSON.parse(new TextDecoder().decode(head)) as unknown;
    return isManifest(doc);
  } catch {
    // A head cut inside a big JSON document: not a manifest (they are a few KiB).
    return false;
  }
}

function isManifest(doc: unknown): doc is { files: { name: string }[] } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const files = (doc as { files?: unknown }).files;
  return Array.isArray(files) && files.length > 0 && files.every((f) => typeof f === 'object' && f !== null && typeof (f as { name?: unknown }).name === 'string');
}

/** A part name must be a plain file name next to the manifest: never a path out of its folder. */
function safeName(name: string): boolean {
  return name.length > 0 && name.length < 256 && !/[/\\\0]/.test(name) && name !== '.' && name !== '..';
}

/** Parts in recording order: by the N of `<sid>.N.part...` when every name has one, else as listed. */
function partOrder(names: string[]): number[] {
  const nums = names.map((n) => /\.(\d+)\.part(\.[a-z0-9]+)?$/i.exec(n)?.[1]);
  const order = names.map((_, i) => i);
  if (nums.every((n) => n !== undefined)) order.sort((a, b) => Number(nums[a]) - Number(nums[b]));
  return order;
}

export async function readPartsManifest(path: string, displayName?: string): Promise<PartsManifest> {
  const fileName = displayName ?? basename(path);
  const size = (await stat(path)).size;
  if (size > MAX_MANIFEST_BYTES) throw new TrailviewError('UNSUPPORTED_FORMAT', `${fileName}: ${size} bytes is too large for a part-recording manifest`);
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new TrailviewError('CORRUPT', `${fileName}: the part-recording manifest is not valid JSON (${(e as Error).message})`);
  }
  const dir = dirname(path);
  return manifestFromDocument(doc, fileName, (name) => join(dir, name));
}

/**
 * A parsed manifest document as a PartsManifest; `resolve` says where each (plain) part name is read from:
 * the manifest's own folder on disk, or an archive member written out under a number.
 */
export function manifestFromDocument(doc: unknown, fileName: string, resolve: (name: string) => string): PartsManifest {
  if (!isManifest(doc)) throw new TrailviewError('UNSUPPORTED_FORMAT', `${fileName}: a JSON document without a "files" list of part names`);
  const { files, ...metadata } = doc as { files: Record<string, unknown>[] } & Record<string, unknown>;
  const names = files.map((f) => String(f.name));
  const bad = names.find((n) => !safeName(n));
  if (bad !== undefined) throw new TrailviewError('CORRUPT', `${fileName}: part name ${JSON.stringify(bad.slice(0, 80))} is not a plain file name; parts are only read from the manifest's own folder`);
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const parts = partOrder(names).map((i): ManifestPart => {
    const f = files[i]!;
    const part: ManifestPart = { name: names[i]!, path: resolve(names[i]!) };
    const start = num(f.start);
    const end = num(f.end);
    if (start !== undefined) part.startGuacMs = start;
    if (end !== undefined) part.endGuacMs = end;
    return part;
  });
  return { fileName, metadata, parts };
}
