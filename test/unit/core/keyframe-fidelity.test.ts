/**
 * The keyframe proof: restoring a keyframe into a fresh terminal and replaying the following events must
 * give exactly the terminal that played everything from 0 (every cell with all attributes, cursor, and
 * the hidden state read from xterm's internals), and it must stay identical while more output arrives.
 */
import { describe, expect, it } from 'vitest';
import serializeModule from '@xterm/addon-serialize';
import type { SerializeAddon as SerializeAddonType } from '@xterm/addon-serialize';
import { buildKeyframeState, restoreKeyframe } from '../../../main/core/terminal/keyframe';
import { createTerminal, isParserIdle, writeSync, type HeadlessTerminal } from '../../../main/core/terminal/xterm-internals';
import type { TerminalEvent } from '../../../shared/model';
import { CORPUS_FILES, HAVE_CORPUS, loadCast, NO_CORPUS_MESSAGE } from './helpers/corpus';
import { STATE_CASES } from './helpers/synthetic-states';
import { diffTerminals, screenText } from './helpers/terminal-compare';

const SerializeAddon = (serializeModule as unknown as { SerializeAddon: typeof SerializeAddonType }).SerializeAddon;
const SCROLLBACK_COMPARED = 100;

function apply(term: HeadlessTerminal, e: TerminalEvent | string | { cols: number; rows: number }): void {
  if (typeof e === 'string') return writeSync(term, e);
  if ('cols' in e) return term.resize(e.cols, e.rows);
  if (e.code === 'o') writeSync(term, e.data);
  else if (e.code === 'r') {
    const m = /^(\d+)x(\d+)$/.exec(e.data);
    if (m) term.resize(Number(m[1]), Number(m[2]));
  }
}

function restored(from: HeadlessTerminal): HeadlessTerminal {
  const b = createTerminal(from.cols, from.rows);
  // A player reuses its terminal: start from a dirty one to prove the state is self-contained.
  writeSync(b, '\x1b[?1049h\x1b[5;6r\x1b(0junk\x1b[?6h\x1b[4h\x1b[20h');
  restoreKeyframe(b, { cols: from.cols, rows: from.rows, state: buildKeyframeState(from) });
  return b;
}

function plainSerializeRestore(from: HeadlessTerminal): HeadlessTerminal {
  const addon = new SerializeAddon();
  from.loadAddon(addon);
  const state = addon.serialize({ scrollback: SCROLLBACK_COMPARED });
  addon.dispose();
  const b = createTerminal(from.cols, from.rows);
  writeSync(b, state);
  return b;
}

function describeFailure(where: string, diffs: string[], a: HeadlessTerminal): string {
  return `${where}\n  ${diffs.join('\n  ')}\n--- reference screen ---\n${screenText(a)}`;
}

describe('keyframe fidelity on synthetic hidden states', () => {
  for (const c of STATE_CASES) {
    it(c.name, () => {
      const a = createTerminal(c.cols, c.rows);
      for (const e of c.setup) writeSync(a, e);
      const b = restored(a);
      const atCut = diffTerminals(a, b, { scrollbackLines: SCROLLBACK_COMPARED });
      expect(atCut, describeFailure('at the cut', atCut, a)).toEqual([]);
      for (const e of c.continuation) {
        apply(a, e);
        apply(b, e);
        const after = diffTerminals(a, b, { scrollbackLines: SCROLLBACK_COMPARED });
        expect(after, describeFailure(`after ${JSON.stringify(e)}`, after, a)).toEqual([]);
      }
    });
  }

  // The check can fail: without our additions, restoring loses the state these cases set.
  for (const c of STATE_CASES.filter((s) => s.hidden)) {
    it(`plain addon-serialize differs: ${c.name}`, () => {
      const a = createTerminal(c.cols, c.rows);
      for (const e of c.setup) writeSync(a, e);
      const b = plainSerializeRestore(a);
      let differs = diffTerminals(a, b, { scrollbackLines: SCROLLBACK_COMPARED }).length > 0;
      for (const e of c.continuation) {
        apply(a, e);
        apply(b, e);
        differs ||= diffTerminals(a, b, { scrollbackLines: SCROLLBACK_COMPARED }).length > 0;
      }
      expect(differs).toBe(true);
    });
  }
});

describe.skipIf(!HAVE_CORPUS)(`keyframe fidelity on the corpus${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`, () => {
  for (const file of HAVE_CORPUS ? CORPUS_FILES : []) {
    it(file, () => {
      const { header, events } = loadCast(file);
      const a = createTerminal(header.terminal.cols, header.terminal.rows);
      const points = Math.min(events.length + 1, 24);
      const spacing = (events.length + 1) / points;
      const continueEvents = Math.max(1, Math.min(40, Math.floor(spacing)));
      const cuts = Array.from({ length: points }, (_, k) => Math.floor(k * spacing));
      let checked = 0;
      let inAlt = 0;
      let at = 0;
      for (const cut of cuts) {
        if (cut < at) continue;
        while (at < cut || (at < events.length && !isParserIdle(a))) apply(a, events[at++]!);
        if (!isParserIdle(a)) continue;
        const b = restored(a);
        const atCut = diffTerminals(a, b, { scrollbackLines: SCROLLBACK_COMPARED });
        expect(atCut, describeFailure(`${file} at event ${at}`, atCut, a)).toEqual([]);
        if (a.buffer.active.type === 'alternate') inAlt++;
        const end = Math.min(events.length, at + continueEvents);
        for (; at < end; at++) {
          apply(a, events[at]!);
          apply(b, events[at]!);
        }
        const after = diffTerminals(a, b, { scrollbackLines: SCROLLBACK_COMPARED });
        expect(after, describeFailure(`${file} after continuing to event ${end}`, after, a)).toEqual([]);
        b.dispose();
        checked++;
      }
      // Every file is checked at 20+ points, or at every event boundary when it has fewer events.
      expect(checked).toBeGreaterThanOrEqual(Math.min(20, Math.floor((events.length + 1) / 2)));
      if (file.startsWith('01-')) expect(inAlt, 'the vim cast is cut while vim is on the alternate screen').toBeGreaterThan(0);
      a.dispose();
    });
  }
});
