/**
 * The evidence bundle's manifest and how a bundle is judged. Pure: hashing is the caller's (main/core).
 *
 * A bundle is a zip holding the clip and text exports, `SHA256SUMS` (sha256sum's own format, for every
 * member but itself and the manifest), and `manifest.json`, which lists every member (SHA256SUMS too)
 * with its size and SHA-256 and checks itself: its `manifestSha256` is the SHA-256 of the manifest's
 * own bytes with that value written as 64 zeros. So a change to any byte of any member, the manifest
 * included, is pinned on exactly that member.
 */
import type { SessionFacts, TimeMs } from '../../model';

export const MANIFEST_NAME = 'manifest.json';
export const SUMS_NAME = 'SHA256SUMS';
export const README_NAME = 'README.txt';
export const BUNDLE_FORMAT = 'trailview-evidence-bundle/1';
const ZERO_HASH = '0'.repeat(64);
const SELF_HASH_RE = /"manifestSha256": "([0-9a-f]{64})"/;

export interface ManifestMember {
  name: string;
  sizeBytes: number;
  sha256: string;
  /** What it is, for people: "clip (asciicast v2)", "transcript", ... */
  role: string;
}

/** A bookmark in the range (the examiner's own marks), time in recording time. */
export interface BundleBookmark {
  timeMs: TimeMs;
  note: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  source: { fileName: string; sizeBytes: number; sha256: string; format: string; kind: string };
  /** The archive the recording was read out of (then `source` is the member), when it came from one. */
  container?: { kind: string; fileName: string; sizeBytes: number; sha256: string; memberPaths: string[] };
  range: {
    fromMs: TimeMs;
    toMs: TimeMs;
    durationMs: TimeMs;
    /** Wall-clock time of the range, when the recording says when it started. */
    fromIso?: string;
    toIso?: string;
  };
  session?: SessionFacts;
  metadata?: Record<string, unknown>;
  exportedBy: { app: string; version: string; atIso: string };
  notes: string;
  bookmarks: BundleBookmark[];
  members: ManifestMember[];
  /** Left out on purpose: what the bundle does not hold, said in words (e.g. no command list yet). */
  omitted?: string[];
  manifestSha256: string;
}

/** The manifest's text with its self hash zeroed: the bytes `manifestSha256` is the SHA-256 of. */
export function zeroSelfHash(text: string): string | undefined {
  return SELF_HASH_RE.test(text) ? text.replace(SELF_HASH_RE, `"manifestSha256": "${ZERO_HASH}"`) : undefined;
}

/** Serialises a manifest with a zero self hash; the caller hashes it and calls `withSelfHash`. */
export function manifestText(m: Omit<BundleManifest, 'manifestSha256'>): string {
  return `${JSON.stringify({ ...m, manifestSha256: ZERO_HASH }, null, 2)}\n`;
}

export function withSelfHash(zeroedText: string, sha256: string): string {
  return zeroedText.replace(SELF_HASH_RE, `"manifestSha256": "${sha256}"`);
}

export function recordedSelfHash(text: string): string | undefined {
  return SELF_HASH_RE.exec(text)?.[1];
}

/** `sha256sum` lines (two spaces, text mode) for the members it covers, in manifest order. */
export function sumsText(members: readonly ManifestMember[]): string {
  return members
    .filter((m) => m.name !== SUMS_NAME)
    .map((m) => `${m.sha256}  ${m.name}\n`)
    .join('');
}

/** SHA256SUMS lines as name -> hash (lines that are not `HASH  NAME` are ignored). */
export function parseSums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** Every SHA256SUMS line matches its member, and every member but the manifest and SHA256SUMS has a line. */
function sumsAgree(sums: ReadonlyMap<string, string>, actual: ReadonlyMap<string, MemberFacts>): boolean {
  for (const [name, facts] of actual) {
    if (name === MANIFEST_NAME || name === SUMS_NAME) continue;
    if (sums.get(name) !== facts.sha256) return false;
  }
  return [...sums.keys()].every((name) => actual.has(name));
}

/** A manifest read back: shape checked just enough to judge with it. */
export function parseManifest(text: string): BundleManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `it is not valid JSON (${(e as Error).message})`;
  }
  const m = value as Partial<BundleManifest>;
  if (typeof m !== 'object' || m === null || m.format !== BUNDLE_FORMAT) return `it is not a ${BUNDLE_FORMAT} manifest`;
  if (!Array.isArray(m.members) || !m.members.every((x) => typeof x?.name === 'string' && typeof x.sha256 === 'string' && typeof x.sizeBytes === 'number')) {
    return 'its "members" list is missing or malformed';
  }
  return m as BundleManifest;
}

export interface MemberFacts {
  sizeBytes: number;
  sha256: string;
}

export interface BundleProblem {
  /** The member at fault (or the bundle itself). */
  member: string;
  problem: 'changed' | 'missing' | 'extra' | 'unreadable';
  message: string;
}

export interface BundleVerdict {
  ok: boolean;
  problems: BundleProblem[];
  /** Members whose bytes match the manifest. */
  verified: string[];
  manifest?: BundleManifest;
}

/**
 * Judges a bundle from its members' actual sizes and hashes and the manifest's text (`manifestSelfSha256`
 * is the SHA-256 of that text with its self hash zeroed, computed by the caller).
 */
export function judgeBundle(
  actual: ReadonlyMap<string, MemberFacts>,
  manifestTextRead: string | undefined,
  manifestSelfSha256: string | undefined,
  sumsTextRead?: string,
): BundleVerdict {
  const problems: BundleProblem[] = [];
  if (manifestTextRead === undefined) {
    return { ok: false, problems: [{ member: MANIFEST_NAME, problem: 'missing', message: `${MANIFEST_NAME} is missing: nothing to check the bundle against` }], verified: [] };
  }
  const parsed = parseManifest(manifestTextRead);
  if (typeof parsed === 'string') {
    return { ok: false, problems: [{ member: MANIFEST_NAME, problem: 'unreadable', message: `${MANIFEST_NAME} was altered: ${parsed}` }], verified: [] };
  }
  const recorded = recordedSelfHash(manifestTextRead);
  if (recorded === undefined || recorded !== manifestSelfSha256) {
    problems.push({
      member: MANIFEST_NAME,
      problem: 'changed',
      message: `${MANIFEST_NAME} was altered: its own check fails (records ${recorded ?? 'no manifestSha256'}, its bytes give ${manifestSelfSha256 ?? '?'})`,
    });
  }
  // With the manifest itself altered, the members' other record (SHA256SUMS) says which of them are intact.
  const sums = problems.length > 0 && sumsTextRead !== undefined ? parseSums(sumsTextRead) : undefined;
  const verified: string[] = [];
  const listed = new Set<string>([MANIFEST_NAME]);
  for (const m of parsed.members) {
    listed.add(m.name);
    const a = actual.get(m.name);
    const other = sums?.get(m.name);
    if (!a) {
      problems.push({ member: m.name, problem: 'missing', message: `${m.name} is missing from the bundle` });
    } else if ((other !== undefined && a.sha256 === other) || (m.name === SUMS_NAME && sums !== undefined && sumsAgree(sums, actual))) {
      verified.push(m.name);
    } else if (a.sha256 !== m.sha256 || a.sizeBytes !== m.sizeBytes) {
      const size = a.sizeBytes !== m.sizeBytes ? `, ${a.sizeBytes} bytes instead of ${m.sizeBytes}` : '';
      problems.push({ member: m.name, problem: 'changed', message: `${m.name} differs: SHA-256 ${a.sha256}, the manifest says ${m.sha256}${size}` });
    } else {
      verified.push(m.name);
    }
  }
  for (const name of actual.keys()) {
    if (!listed.has(name)) problems.push({ member: name, problem: 'extra', message: `${name} is in the bundle but not in the manifest` });
  }
  return { ok: problems.length === 0, problems, verified, manifest: parsed };
}

export function readmeText(m: Omit<BundleManifest, 'manifestSha256'>): string {
  const names = m.members.map((x) => `  ${x.name.padEnd(28)} ${x.role}`).join('\n');
  const archive = m.container ? `\n  Read out of:      ${m.container.fileName} (${m.container.kind}, ${m.container.sizeBytes} bytes, SHA-256 ${m.container.sha256})` : '';
  const wall = m.range.fromIso ? `\n  Wall clock:       ${m.range.fromIso} to ${m.range.toIso}` : '';
  return `TRAILVIEW EVIDENCE BUNDLE

This bundle holds part of a recorded session, exported by ${m.exportedBy.app} ${m.exportedBy.version}
on ${m.exportedBy.atIso}, and the means to check that nothing in it was changed since.

  Source recording: ${m.source.fileName} (${m.source.sizeBytes} bytes)
  Source SHA-256:   ${m.source.sha256}${archive}
  Range:            ${m.range.fromMs} ms to ${m.range.toMs} ms of the recording${wall}

Files:
${names}
  ${MANIFEST_NAME.padEnd(28)} what is listed above, with sizes and SHA-256 hashes, session
  ${''.padEnd(28)} details, the examiner's notes and bookmarks

HOW TO VERIFY

With Trailview:  trailview verify THIS-BUNDLE.zip
It re-computes every hash, checks that no file is missing or added, and names any file that differs.

Without Trailview (any Linux or macOS shell; on macOS use "shasum -a 256" for "sha256sum"):
  1. Unzip the bundle into an empty folder and go there.
  2. sha256sum -c SHA256SUMS
     Every line must say OK. This checks every file except SHA256SUMS and ${MANIFEST_NAME}.
  3. sha256sum SHA256SUMS
     The hash must equal the one listed for SHA256SUMS in ${MANIFEST_NAME}.
  4. sed 's/"manifestSha256": "[0-9a-f]*"/"manifestSha256": "${ZERO_HASH}"/' ${MANIFEST_NAME} | sha256sum
     The hash must equal the "manifestSha256" value written in ${MANIFEST_NAME} (the manifest checks itself:
     the value is the hash of the file with that value replaced by 64 zeros).
  5. To check that the clip came from the original recording, compare the source SHA-256 above with
     "sha256sum" of the original file kept in the archive.

If any step fails, the bundle was changed after export: do not rely on it.
`;
}
