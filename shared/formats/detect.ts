/**
 * Content sniffing for terminal recordings. Decides from the bytes alone (never the file name) and
 * works on a partial head: the caller passes the first ~64 KiB, which may end inside the first line.
 * The decision for a given head is a pure function of those bytes, so the streaming parser, which
 * detects on exactly the same prefix, always agrees with it.
 */
import { bomLength, decodeUtf8, formatBytes, isJsonSpace } from './bytes';
import { KOKO_KEY_RE } from './common';
import { JsonObjectScanner, JsonScanError, type MemberHandler, type ValueMode } from './json-scanner';
import type { Detection } from './types';

/** How many leading bytes detection looks at; callers should pass at least this much when they have it. */
export const DETECT_HEAD_BYTES = 64 * 1024;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function detectTerminalFormat(head: Uint8Array): Detection {
  if (head.length === 0) return no('empty');
  if (isGzip(head)) return no('starts with bytes 1f 8b: gzip-compressed data, to be decompressed before detection');
  let start = bomLength(head);
  while (start < head.length && isJsonSpace(head[start])) start++;
  if (start === head.length) return no(head.length > DETECT_HEAD_BYTES ? `the first ${formatBytes(head.length)} are only whitespace` : 'holds only whitespace');
  if (head[start] !== 0x7b) return no(describeStart(head, start));
  return sniffObject(head.subarray(start));
}

function no(reason: string): Detection {
  return { ok: false, reason };
}

/** Thrown by the sniffer to stop the scan as soon as the answer is known. */
class Decided {
  constructor(readonly detection: Detection) {}
}

/** Walks the top-level members of the object that starts the head, in document order. */
class Sniffer implements MemberHandler {
  private members = 0;

  key(name: string): ValueMode {
    this.members++;
    if (name === 'version') return 'capture';
    // Only v1 has "stdout"; it may come before "version" (keys in any order).
    if (name === 'stdout') throw new Decided({ ok: true, format: 'asciicast', version: 1 });
    if (this.members === 1 && KOKO_KEY_RE.test(name)) throw new Decided({ ok: true, format: 'koko' });
    return 'skip';
  }

  value(_name: string, raw: string, at: { line?: number }): void {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      v = raw;
    }
    if (v === 1) throw new Decided({ ok: true, format: 'asciicast', version: 1 });
    if (v === 2 || v === 3) {
      // v2/v3 are line based: the header must be the first line, so "version" must be on it.
      if (at.line === 1) throw new Decided({ ok: true, format: 'asciicast', version: v });
      throw new Decided(no(`is a JSON document spread over several lines with "version": ${v}; an asciicast v${v} header must be one line`));
    }
    throw new Decided(no(`has "version": ${raw.slice(0, 40)}, not an asciicast version this player reads (1, 2 or 3)`));
  }

  element(): void {}
  oversize(): void {}
}

function sniffObject(bytes: Uint8Array): Detection {
  const sniffer = new Sniffer();
  const scanner = new JsonObjectScanner(sniffer, bytes.length);
  try {
    scanner.push(bytes);
  } catch (e) {
    if (e instanceof Decided) return e.detection;
    if (!(e instanceof JsonScanError)) throw e;
    // Data after a complete object is where a v2 event stream would start: the object was the header.
    if (!scanner.complete) return no(`starts with "{" but is not JSON: ${e.message} at byte ${e.where.offsetBytes ?? 0}`);
  }
  if (scanner.complete) {
    if (scanner.endLine === 1) return no('first line is JSON but has no "version" field');
    return no('is a JSON object without a "version" field or time keys');
  }
  return no(`starts with "{" but has no "version" field or time keys in the first ${formatBytes(bytes.length)}`);
}

/** Known binary signatures, to name what was given instead of a recording. */
const SIGNATURES: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x1a, 0x45, 0xdf, 0xa3], 'a Matroska/WebM video'],
];

function describeStart(head: Uint8Array, at: number): string {
  const first = head.subarray(at, at + 4);
  const hex = Array.from(first, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const known = SIGNATURES.find(([sig]) => sig.every((b, k) => head[at + k] === b));
  if (known) return `starts with bytes ${hex} (${known[1]})`;
  if (head.length >= at + 8 && decodeUtf8(head.subarray(at + 4, at + 8)) === 'ftyp') {
    return `starts with bytes ${hex} (an MP4/QuickTime video)`;
  }
  // A multi-byte character cut at the end decodes to U+FFFD: drop it.
  const text = decodeUtf8(head.subarray(at, at + 24)).replace(/\ufffd$/, '');
  // Mostly printable text: quote it, people recognise text faster than hex.
  if (/^[\x20-\x7e\t\r\n\u00a0-\uffff]+$/.test(text) && !text.includes('\ufffd')) {
    return `starts with text ${JSON.stringify(text.split('\n')[0])}`;
  }
  return `starts with bytes ${hex}`;
}
