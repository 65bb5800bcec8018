/**
 * Archive entry names are untrusted: an entry called `../../.bashrc` or `/etc/passwd` must never name a
 * file outside the archive. We never use entry names as file names at all (extracted members are numbered),
 * but such entries are still refused and listed as refused, so nobody mistakes them for recordings.
 */

export type EntryPathCheck = { ok: true; path: string } | { ok: false; path: string; reason: string };

/** The entry's path, '/'-separated with `.` segments dropped, or why it is refused. */
export function checkEntryPath(raw: string): EntryPathCheck {
  // Backslashes are separators on Windows, where the archive may be unpacked by other tools.
  const shown = raw.replace(/\\/g, '/');
  if (raw.length === 0) return { ok: false, path: shown, reason: 'has an empty name' };
  if (raw.includes('\0')) return { ok: false, path: shown.replace(/\0/g, '\\0'), reason: 'has a NUL character in its name' };
  if (shown.startsWith('/')) return { ok: false, path: shown, reason: 'is an absolute path' };
  if (/^[A-Za-z]:/.test(shown)) return { ok: false, path: shown, reason: 'starts with a drive letter' };
  const segments = shown.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, path: shown, reason: "has a '..' segment (a path out of the archive)" };
  if (segments.length === 0) return { ok: false, path: shown, reason: 'names no file' };
  return { ok: true, path: segments.join('/') };
}

/** Directory part of an entry path ('' at the top). */
export function entryDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function entryBase(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
