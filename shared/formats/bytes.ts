/**
 * Byte helpers for the streaming parsers. shared/ compiles without the DOM or Node typings, so the
 * TextDecoder that every runtime we target provides (Node, workers, browsers) is reached through a
 * minimal local type instead of a global declaration that could clash with lib.dom in other projects.
 */

interface Utf8Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type DecoderCtor = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Utf8Decoder;

const DecoderImpl = (globalThis as unknown as { TextDecoder: DecoderCtor }).TextDecoder;

/**
 * Non-fatal (bad bytes become U+FFFD) and BOM-preserving: stripping a BOM at the start of every
 * decode() call would make the result depend on where the input happened to be split.
 */
const decoder = new DecoderImpl('utf-8', { fatal: false, ignoreBOM: true });

/** Decode bytes that hold whole characters (whole lines or whole JSON values). */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export const BYTE_LF = 0x0a;
export const BYTE_CR = 0x0d;
export const BYTE_SPACE = 0x20;
export const BYTE_TAB = 0x09;
export const BYTE_QUOTE = 0x22;
export const BYTE_BACKSLASH = 0x5c;

export function isJsonSpace(b: number | undefined): boolean {
  return b === BYTE_SPACE || b === BYTE_LF || b === BYTE_CR || b === BYTE_TAB;
}

/** Length of a UTF-8 byte order mark at the start of `bytes` (0 or 3). */
export function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Join byte chunks once; accumulating into a list and joining at the end keeps long lines linear. */
export function concatBytes(parts: readonly Uint8Array[], totalBytes?: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const size = totalBytes ?? parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A short, printable excerpt of a text for messages: control characters escaped, long text cut. */
export function excerpt(text: string, maxChars = 48): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return JSON.stringify(cut).slice(1, -1);
}

/** Human size for messages: 64 MiB, 512 KiB, 300 bytes. */
export function formatBytes(sizeBytes: number): string {
  if (sizeBytes >= 1024 * 1024 && sizeBytes % (1024 * 1024) === 0) return `${sizeBytes / (1024 * 1024)} MiB`;
  if (sizeBytes >= 1024 && sizeBytes % 1024 === 0) return `${sizeBytes / 1024} KiB`;
  return `${sizeBytes} bytes`;
}
