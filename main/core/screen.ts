/** The visible screen at a time: restore the chunk's keyframe, replay its events up to that time. */
import type { Keyframe, TerminalEvent } from '../../shared/model';
import { restoreKeyframe } from './terminal/keyframe';
import { coreOf, createTerminal, lineText, writeSync, type HeadlessTerminal } from './terminal/xterm-internals';
import type { ScreenText } from './types';

const RESIZE_RE = /^\s*(\d{1,4})\s*x\s*(\d{1,4})\s*$/;

/** Applies events in order (output batched into few writes), stopping after the last one at or before `atMs`. */
export function replay(term: HeadlessTerminal, events: TerminalEvent[], atMs: number): void {
  let batch = '';
  for (const e of events) {
    if (e.timeMs > atMs) break;
    if (e.code === 'o') {
      batch += e.data;
    } else if (e.code === 'r') {
      const m = RESIZE_RE.exec(e.data);
      if (m && Number(m[1]) > 0 && Number(m[2]) > 0) {
        writeSync(term, batch);
        batch = '';
        term.resize(Number(m[1]), Number(m[2]));
      }
    }
  }
  writeSync(term, batch);
}

export function visibleScreen(term: HeadlessTerminal, timeMs: number): ScreenText {
  const buf = coreOf(term)._bufferService.buffers.active;
  const lines: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.lines.get(buf.ybase + y);
    lines.push(line ? lineText(line, true) : '');
  }
  return { timeMs, cols: term.cols, rows: term.rows, lines, cursor: { x: Math.min(buf.x, term.cols - 1), y: buf.y } };
}

export function screenFromChunk(chunk: { keyframe: Keyframe; events: TerminalEvent[] }, atMs: number): ScreenText {
  const term = createTerminal(chunk.keyframe.cols, chunk.keyframe.rows, 100);
  try {
    restoreKeyframe(term, chunk.keyframe);
    replay(term, chunk.events, atMs);
    return visibleScreen(term, atMs);
  } finally {
    term.dispose();
  }
}
