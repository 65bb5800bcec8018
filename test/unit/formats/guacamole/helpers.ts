/** Test helpers for the Guacamole parsers: run the byte parser over bytes cut in given places. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createGuacParser } from '../../../../shared/formats/guacamole/parser';
import type { GuacParserOptions, RawInstruction } from '../../../../shared/formats/guacamole/types';
import type { Warning } from '../../../../shared/model';

export { prng, utf8 } from '../helpers';

/** A RawInstruction copied out of the parser's reused view. */
export interface Parsed {
  opcode: string;
  args: string[];
  offsetBytes: number;
  lengthBytes: number;
}

export type GuacCall = ['instruction', Parsed] | ['warning', Warning];

export interface GuacRun {
  calls: GuacCall[];
  instructions: Parsed[];
  warnings: Warning[];
}

export function copyInstruction(ins: RawInstruction): Parsed {
  const args: string[] = [];
  for (let i = 0; i < ins.argCount; i++) args.push(ins.arg(i));
  return { opcode: ins.opcode, args, offsetBytes: ins.offsetBytes, lengthBytes: ins.lengthBytes };
}

/** Feed `bytes` cut at `offsets` (sorted, deduplicated here), then end(), and collect every sink call. */
export function runGuac(bytes: Uint8Array, offsets: readonly number[] = [], opts?: GuacParserOptions): GuacRun {
  const calls: GuacCall[] = [];
  const parser = createGuacParser(
    {
      instruction: (ins) => calls.push(['instruction', copyInstruction(ins)]),
      warning: (w) => calls.push(['warning', w]),
    },
    opts,
  );
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    // A fresh copy per push: the parser must not keep views of a chunk after push() returns.
    parser.push(bytes.slice(from, cut));
    from = cut;
  }
  parser.end();
  return {
    calls,
    instructions: calls.filter((c) => c[0] === 'instruction').map((c) => c[1] as Parsed),
    warnings: calls.filter((c) => c[0] === 'warning').map((c) => c[1] as Warning),
  };
}

export function runGuacChunked(bytes: Uint8Array, chunkBytes: number, opts?: GuacParserOptions): GuacRun {
  const offsets: number[] = [];
  for (let o = chunkBytes; o < bytes.length; o += chunkBytes) offsets.push(o);
  return runGuac(bytes, offsets, opts);
}

export function runGuacText(text: string, opts?: GuacParserOptions): GuacRun {
  return runGuac(new TextEncoder().encode(text), [], opts);
}

/** The shared corpus, resolved from the repo root. */
export const GUAC_CORPUS_DIR = resolve(import.meta.dirname, '../../../..', '../shared/corpus/guacamole');
export const guacCorpusPresent = existsSync(GUAC_CORPUS_DIR);
export const GUAC_CORPUS_SKIP_REASON = `corpus folder ${GUAC_CORPUS_DIR} is absent`;
export const ASCIICAST_CORPUS_DIR = resolve(GUAC_CORPUS_DIR, '../asciicast');

/** The plain dumps (*.guac), sorted. */
export function guacCorpusFiles(): string[] {
  return guacCorpusPresent ? readdirSync(GUAC_CORPUS_DIR).filter((f) => f.endsWith('.guac')).sort() : [];
}

export function guacCorpusBytes(name: string): Uint8Array {
  const raw = readFileSync(resolve(GUAC_CORPUS_DIR, name));
  return new Uint8Array(name.endsWith('.gz') ? gunzipSync(raw) : raw);
}
