/**
 * The typed text of real guacd 1.6.0 recordings equals what guaclog 1.6.0 prints for them, except its
 * `<Ctrll>` bug, which reads `<Ctrl+l>` here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GUAC_CORPUS_DIR,
  GUAC_CORPUS_SKIP_REASON,
  asGuaclogText,
  guacCorpusPresent,
  readKeyEvents,
  typedLines,
  type KeyEvent,
} from './key-events';

const CTRL_KEYSYMS = new Set([0xffe3, 0xffe4]);
const RETURN_KEYSYM = 0xff0d;

/**
 * Each line's time worked out from the events alone: the first press of a non-modifier key after the
 * previous Return (the corpus holds Ctrl as its only modifier, and no chord on Return).
 */
function expectedLineTimes(keys: readonly KeyEvent[], rebaseMs: number): number[] {
  const times: number[] = [];
  let lineOpen = false;
  for (const k of keys) {
    if (!k.pressed || CTRL_KEYSYMS.has(k.keysym)) continue;
    if (!lineOpen) times.push(k.timestampMs - rebaseMs);
    lineOpen = k.keysym !== RETURN_KEYSYM;
  }
  return times;
}

// guaclog 1.6.0 (built from the apache/guacamole-server 1.6.0 tag) run on the SSH corpus files; the corpus
// ships its output only for the VNC file. The backslash escapes are what the typist typed (printf's octal).
const GUACLOG_SSH_KEYS = 'echo hello guacamole\nls -la /\n<Ctrll>seq 1 200\nexit\n';
const GUACLOG_SSH_UNICODE_NAME =
  "printf '\\033]0;T\\303\\251st \\360\\237\\230\\200 title\\007'; echo d\\303\\251j\\303\\240 vu\\nls -la /\n" +
  '<Ctrll>seq 1 200\nexit\n';

describe.skipIf(!guacCorpusPresent)(`typed text of the guacamole corpus${guacCorpusPresent ? '' : ` (${GUAC_CORPUS_SKIP_REASON})`}`, () => {
  it('VNC recording: equals guaclog.txt with <Ctrll> fixed to <Ctrl+l>', () => {
    const guaclog = readFileSync(resolve(GUAC_CORPUS_DIR, 'guacd160-vnc-xterm-keys.guaclog.txt'), 'utf8');
    expect(guaclog).toContain('<Ctrll>');
    const { keys, firstSyncMs } = readKeyEvents('guacd160-vnc-xterm-keys.guac');
    const lines = typedLines(keys, firstSyncMs);
    expect(asGuaclogText(lines)).toBe(guaclog.replaceAll('<Ctrll>', '<Ctrl+l>'));
    // The corpus README: typed `echo hello guacamole`, `ls -la /`, Ctrl+L, `seq 1 200`.
    expect(lines.map((l) => l.text)).toEqual(['echo hello guacamole', 'ls -la /', '<Ctrl+l>seq 1 200']);
    expect(lines.every((l) => l.complete)).toBe(true);
  });

  it('VNC recording: each line keeps the time of its first key, rebased to the first sync', () => {
    const { keys, firstSyncMs } = readKeyEvents('guacd160-vnc-xterm-keys.guac');
    const lines = typedLines(keys, firstSyncMs);
    const times = lines.map((l) => l.timeMs);
    expect(times).toEqual(expectedLineTimes(keys, firstSyncMs));
    // The first line starts with the recording's first key event; all within the 8.3 s recording.
    expect(times[0]).toBe((keys[0]?.timestampMs ?? NaN) - firstSyncMs);
    for (const t of times) expect(t).toBeGreaterThanOrEqual(0);
    for (const t of times) expect(t).toBeLessThan(8300);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it.each([
    ['guacd160-ssh-keys.guac', GUACLOG_SSH_KEYS, 11_400],
    ['guacd160-ssh-unicode-name.guac', GUACLOG_SSH_UNICODE_NAME, Infinity],
  ])('%s: equals guaclog 1.6.0 with <Ctrll> fixed, line times from the first key', (file, guaclog, durationMs) => {
    const { keys, firstSyncMs } = readKeyEvents(file);
    const lines = typedLines(keys, firstSyncMs);
    expect(asGuaclogText(lines)).toBe(guaclog.replaceAll('<Ctrll>', '<Ctrl+l>'));
    expect(lines.map((l) => l.timeMs)).toEqual(expectedLineTimes(keys, firstSyncMs));
    for (const l of lines) expect(l.timeMs).toBeGreaterThanOrEqual(0);
    for (const l of lines) expect(l.timeMs).toBeLessThan(durationMs);
  });
});
