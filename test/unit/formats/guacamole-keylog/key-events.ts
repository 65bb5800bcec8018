/** Test-only reader of a whole (small) Guacamole dump: the `key` instructions and the first `sync`'s timestamp. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyLog, type TypedLine } from '../../../../shared/formats/guacamole/keylog';
import { parseGuacText } from '../../../../shared/formats/guacamole/text-parser';

export interface KeyEvent {
  keysym: number;
  pressed: boolean;
  /** guacd's clock, the same as `sync`'s. */
  timestampMs: number;
}

export const GUAC_CORPUS_DIR = resolve(import.meta.dirname, '../../../..', '../shared/corpus/guacamole');
export const guacCorpusPresent = existsSync(GUAC_CORPUS_DIR);
export const GUAC_CORPUS_SKIP_REASON = `corpus folder ${GUAC_CORPUS_DIR} is absent`;

export function readKeyEvents(fileName: string): { firstSyncMs: number; keys: KeyEvent[] } {
  let firstSyncMs: number | undefined;
  const keys: KeyEvent[] = [];
  const text = readFileSync(resolve(GUAC_CORPUS_DIR, fileName), 'utf8');
  const problems: string[] = [];
  const stoppedAt = parseGuacText(
    text,
    ({ opcode, args }) => {
      if (opcode === 'sync' && firstSyncMs === undefined) firstSyncMs = Number(args[0]);
      if (opcode === 'key') keys.push({ keysym: Number(args[0]), pressed: args[1] === '1', timestampMs: Number(args[2]) });
    },
    (message, offset) => problems.push(`${offset}: ${message}`),
  );
  if (problems.length > 0 || stoppedAt !== text.length) throw new Error(`${fileName}: not read cleanly: ${problems.join('; ')}`);
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
