/**
 * Handing a finished export to the person. Browser mode: a download of the bytes (or of the host's
 * URL for what the core wrote). Electron: the host writes the bytes (temp name, then rename) through the
 * contract's `saveExport`, and can show the file in its folder.
 */
import type { TrailviewApi } from '../api';
import type { ApiError } from '../../shared/model';

export interface Saved {
  name: string;
  sizeBytes: number;
  sha256: string;
  /** Electron: where it was written (for "show in folder"). */
  path?: string;
  /** Browser mode: what the download link points at. */
  href?: string;
}

/** A click on a temporary link: the browser's own download, under `name`. */
export function triggerDownload(href: string, name: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function saveBytes(api: TrailviewApi, bytes: Uint8Array, name: string, mimeType: string): Promise<{ ok: true; saved: Saved } | { ok: false; error: ApiError }> {
  const sha256 = await sha256Hex(bytes);
  if (api.mode === 'electron') {
    const r = await api.call('saveExport', { suggestedName: name, dataBase64: toBase64(bytes) });
    if (!r.ok) return r;
    return { ok: true, saved: { name, sizeBytes: r.value.sizeBytes, sha256: r.value.sha256, path: r.value.path } };
  }
  const href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
  triggerDownload(href, name);
  return { ok: true, saved: { name, sizeBytes: bytes.byteLength, sha256, href } };
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
