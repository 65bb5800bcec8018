/**
 * Test-only reader of a whole (small) Guacamole dump: the `key` instructions and the first `sync`'s
 * timestamp. Kept apart from the product's parsers so the keystroke-log tests do not depend on them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyLog, type TypedLine } from '../../../../shared/formats/guacamole/keylog';

export interface KeyEvent {
  keysym: number;
  pressed: boolean;
  /** guacd's clock, the same as `sync`'s. */
  timestampMs: number;
}

export const GUAC_CORPUS_DIR = resolve(import.meta.dirname, '../../../..', '../shared/corpus/guacamole');
export const guacCorpusPresent = existsSync(GUAC_CORPUS_DIR);
export const GUAC_CORPUS_SKIP_REASON = `corpus folder ${GUAC_CORPUS_DIR} is absent`;

/** Every instruction's elements, opcode first. LENGTH counts code points, so the text is walked by code point. */
export function instructions(text: string): string[][] {
  const cps = Array.from(text);
  const out: string[][] = [];
  let i = 0;
  while (i < cps.length) {
    const elements: string[] = [];
    for (;;) {
      const dot = cps.indexOf('.', i);
      const length = Number(cps.slice(i, dot).join(''));
      if (dot < 0 || !Number.isInteger(length)) throw new Error(`bad element length at code point ${i}`);
      elements.push(cps.slice(dot + 1, dot + 1 + length).join(''));
      i = dot + 1 + length;
      const separator = cps[i++];
      if (separator === ';') break;
      if (separator !== ',') throw new Error(`expected ',' or ';' at code point ${i - 1}, found ${separator}`);
    }
    out.push(elements);
  }
  return out;
}

export function readKeyEvents(fileName: string): { firstSyncMs: number; keys: KeyEvent[] } {
  let firstSyncMs: number | undefined;
  const keys: KeyEvent[] = [];
  for (const [opcode, ...args] of instructions(readFileSync(resolve(GUAC_CORPUS_DIR, fileName), 'utf8'))) {
    if (opcode === 'sync' && firstSyncMs === undefined) firstSyncMs = Number(args[0]);
    if (opcode === 'key') keys.push({ keysym: Number(args[0]), pressed: args[1] === '1', timestampMs: Number(args[2]) });
  }
  if (firstSyncMs === undefined) throw new Error(`${fileName}: no sync instruction`);
  return { firstSyncMs, keys };
}

/** Run a KeyLog over events, finish it, and return its lines. */
export function typedLines(events: readonly KeyEvent[], rebaseMs = 0): TypedLine[] {
  const lines: TypedLine[] = [];
  const log = new KeyLog((line) => lines.push(line));
  for (const e of events) log.key(e.keysym, e.pressed, e.timestampMs - rebaseMs);
  log.finish();
  return lines;
}

/** The lines as one text, the way guaclog writes its output: a newline after each line that Return ended. */
export function asGuaclogText(lines: readonly TypedLine[]): string {
  return lines.map((l) => (l.complete ? `${l.text}\n` : l.text)).join('');
}
