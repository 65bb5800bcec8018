/**
 * The shared real-world corpus (read-only evidence) and a small loader for tests that need every event
 * of a cast in memory. Parsing goes through the real streaming parser; gzip through zlib.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createTerminalParser } from '../../../../shared/formats/asciicast';
import type { ParsedHeader } from '../../../../shared/formats/types';
import type { TerminalEvent, Warning } from '../../../../shared/model';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
export const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus/asciicast');
export const HAVE_CORPUS = existsSync(CORPUS_DIR);
export const NO_CORPUS_MESSAGE = `corpus folder ${CORPUS_DIR} is absent: corpus tests skipped`;

export const CORPUS_FILES = [
  '01-v1-demo-vim.json',
  '02-v2-demo-input.cast',
  '03-v2-full-theme-input-resize.cast',
  '04-v3-full-term-theme-input-resize.cast',
  '05-v3-comments-blank-lines.cast',
  '06-v2-markers-input.cast',
  '07-v3-resize-exit.cast',
  '08-v2-misc-real-session.cast',
  '09-v3-big-3MB-stress.cast',
  '10-v2-welcome-bash-output-only.cast.gz',
];

export function corpusPath(name: string): string {
  return resolve(CORPUS_DIR, name);
}

export interface LoadedCast {
  header: ParsedHeader;
  events: TerminalEvent[];
  warnings: Warning[];
}

export function loadCast(name: string): LoadedCast {
  let bytes: Uint8Array = readFileSync(corpusPath(name));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return parseBytes(bytes);
}

export function parseBytes(bytes: Uint8Array): LoadedCast {
  let header: ParsedHeader | undefined;
  const events: TerminalEvent[] = [];
  const warnings: Warning[] = [];
  const parser = createTerminalParser({ header: (h) => (header = h), event: (e) => events.push(e), warning: (w) => warnings.push(w) });
  parser.push(bytes);
  parser.end();
  if (!header) throw new Error('no header');
  return { header, events, warnings };
}
