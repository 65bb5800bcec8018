/**
 * A shortcut for the indexing terminal's commonest print: a run of printable ASCII that fits on the
 * cursor's row. xterm's InputHandler.print asks the Unicode service, the charset, the link service and
 * the insert mode about every character and writes each cell through a method call; for such a run the
 * answers are known (one column each, no joining, no translation, no link, overwrite), so the cells are
 * written straight into the row. Anything else (charsets, insert mode, hyperlinks, non-ASCII, the
 * wrap at the right margin) stays with xterm's own print. The result is the same buffer state to the
 * bit; test/unit/core/fast-print.test.ts compares it with a terminal that prints the usual way.
 * Checked against @xterm/headless 6.0 (InputHandler.print, BufferLine.setCellFromCodepoint).
 */
import { Attr, type AttrData, type BufferLine, type CoreTerminal } from './xterm-internals';

/** What xterm keeps in a cell and in the parser for a one-column, non-joining character. */
const WIDTH_1 = 1 << 22;
const ASCII_JOIN_STATE = 1 << 1; // UnicodeService.createPropertyValue(0, 1, false)

interface PrintInternals {
  _unicodeService: { activeVersion: string };
  _parser: { precedingJoinState: number };
  _dirtyRowTracker: { markDirty(y: number): void };
  _optionsService: { rawOptions: { screenReaderMode?: boolean } };
  _coreService: { modes: { insertMode: boolean } };
}

interface WritableLine extends BufferLine {
  _data: Uint32Array;
  _extendedAttrs: Record<number, AttrData['extended'] | undefined>;
  setCellFromCodepoint(x: number, codePoint: number, width: number, attr: AttrData): void;
}

/**
 * Prints the leading run of `data[start, end)` that is printable ASCII and fits before the right
 * margin, exactly as xterm would, and returns where it stopped: `start` when it printed nothing (then
 * xterm's print takes it all), `end` when it printed everything, else the index xterm's print goes on
 * from (its own checks at the start of a print find nothing to do after a one-column cell).
 */
export function printAsciiRun(core: CoreTerminal, data: Uint32Array, start: number, end: number): number {
  const ih = core._inputHandler;
  const internals = ih as unknown as PrintInternals;
  if (
    core._charsetService.charset ||
    internals._coreService.modes.insertMode ||
    internals._optionsService.rawOptions.screenReaderMode ||
    internals._unicodeService.activeVersion !== '6'
  ) {
    return start;
  }
  const attr = ih._curAttrData;
  if (attr.extended.urlId) return start;
  const buf = ih._activeBuffer;
  const x0 = buf.x;
  const cols = core._bufferService.cols;
  const stop = Math.min(end, start + cols - x0);
  const line = buf.lines.get(buf.ybase + buf.y) as WritableLine;
  const cells = line._data;
  const { fg, bg } = attr;
  let i = start;
  for (let o = x0 * 3; i < stop; i++, o += 3) {
    const c = data[i]!;
    if (c < 0x20 || c > 0x7e) break;
    cells[o] = c | WIDTH_1;
    cells[o + 1] = fg;
    cells[o + 2] = bg;
  }
  const n = i - start;
  if (n === 0) return start;
  if (bg & Attr.BG_HAS_EXTENDED) for (let x = x0; x < x0 + n; x++) line._extendedAttrs[x] = attr.extended;
  internals._dirtyRowTracker.markDirty(buf.y);
  // A wide character whose right half was just overwritten loses its left half too.
  if (x0 > 0 && line.getWidth(x0 - 1) === 2) line.setCellFromCodepoint(x0 - 1, 0, 1, attr);
  buf.x = x0 + n;
  internals._parser.precedingJoinState = ASCII_JOIN_STATE;
  if (i === end) {
    // The right half of a wide character whose left half was overwritten becomes a blank.
    if (buf.x < cols && line.getWidth(buf.x) === 0 && !line.hasContent(buf.x)) line.setCellFromCodepoint(buf.x, 0, 1, attr);
    internals._dirtyRowTracker.markDirty(buf.y);
  }
  return i;
}
