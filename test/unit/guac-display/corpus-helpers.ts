/** Runs corpus recordings through the real streaming parser into a SoftDisplay (as the keyframe pass does). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createGuacParser } from '../../../shared/formats/guacamole/parser';
import type { RawInstruction } from '../../../shared/formats/guacamole/types';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const GUAC_CORPUS = resolve(ROOT, '../shared/corpus/guacamole');

export function corpusFiles(): string[] {
  if (!existsSync(GUAC_CORPUS)) return [];
  return readdirSync(GUAC_CORPUS)
    .filter((f) => f.endsWith('.guac'))
    .sort()
    .map((f) => resolve(GUAC_CORPUS, f));
}

/** Feeds the file in 64 KiB pieces; `onInstruction` sees every instruction in order. */
export function replay(path: string, onInstruction: (ins: RawInstruction) => void): number {
  const bytes = readFileSync(path);
  const parser = createGuacParser({ instruction: onInstruction, warning: () => {} });
  for (let i = 0; i < bytes.length; i += 65536) parser.push(bytes.subarray(i, i + 65536));
  parser.end();
  return bytes.length;
}
