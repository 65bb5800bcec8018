/** Test helpers for the terminal-recording parsers: run a parser over bytes split in given places. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createTerminalParser, type TerminalParserOptions } from '../../../shared/formats/asciicast';
import type { ParsedHeader } from '../../../shared/formats/types';
import { TrailviewError } from '../../../shared/errors';
import type { TerminalEvent, Warning } from '../../../shared/model';

export type Call = ['header', ParsedHeader] | ['event', TerminalEvent] | ['warning', Warning];

export interface RunResult {
  calls: Call[];
  header: ParsedHeader | undefined;
  events: TerminalEvent[];
  warnings: Warning[];
  /** The fatal error, as plain data, when push() or end() threw. */
  error?: { code: string; message: string; line?: number; offsetBytes?: number };
}

/** Feed `bytes` cut at `offsets` (sorted, deduplicated here) and collect every sink call. */
export function runSplit(bytes: Uint8Array, offsets: readonly number[] = [], opts?: TerminalParserOptions): RunResult {
  const calls: Call[] = [];
  const parser = createTerminalParser(
    {
      header: (h) => calls.push(['header', h]),
      event: (e) => calls.push(['event', e]),
      warning: (w) => calls.push(['warning', w]),
    },
    opts,
  );
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  let error: RunResult['error'];
  try {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      parser.push(bytes.subarray(from, cut));
      from = cut;
    }
    parser.end();
  } catch (e) {
    if (!(e instanceof TrailviewError)) throw e;
    error = { code: e.code, message: e.message };
    if (e.line !== undefined) error.line = e.line;
    if (e.offsetBytes !== undefined) error.offsetBytes = e.offsetBytes;
  }
  const result: RunResult = {
    calls,
    header: calls.find((c) => c[0] === 'header')?.[1] as ParsedHeader | undefined,
    events: calls.filter((c) => c[0] === 'event').map((c) => c[1] as TerminalEvent),
    warnings: calls.filter((c) => c[0] === 'warning').map((c) => c[1] as Warning),
  };
  if (error) result.error = error;
  return result;
}

/** Feed in fixed-size chunks. */
export function runChunked(bytes: Uint8Array, chunkBytes: number, opts?: TerminalParserOptions): RunResult {
  const offsets: number[] = [];
  for (let o = chunkBytes; o < bytes.length; o += chunkBytes) offsets.push(o);
  return runSplit(bytes, offsets, opts);
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function run(text: string | Uint8Array, opts?: TerminalParserOptions): RunResult {
  return runSplit(typeof text === 'string' ? utf8(text) : text, [], opts);
}

/** The shared corpus, resolved from the repo root; undefined when the folder is absent. */
export const CORPUS_DIR = resolve(import.meta.dirname, '../../..', '../shared/corpus/asciicast');
export const corpusPresent = existsSync(CORPUS_DIR);
export const CORPUS_SKIP_REASON = `corpus folder ${CORPUS_DIR} is absent`;

export function corpusFiles(): string[] {
  return corpusPresent ? readdirSync(CORPUS_DIR).filter((f) => /\.(cast|json)(\.gz)?$/.test(f)).sort() : [];
}

/** A corpus file's bytes, gunzipped when its name ends in .gz (the core does that before parsing). */
export function corpusBytes(name: string): Uint8Array {
  const raw = readFileSync(resolve(CORPUS_DIR, name));
  return new Uint8Array(name.endsWith('.gz') ? gunzipSync(raw) : raw);
}

/** A small deterministic PRNG, so random split points are the same on every run. */
export { mulberry32 as prng } from '../../../main/core/testing/synthetic-scenes';
