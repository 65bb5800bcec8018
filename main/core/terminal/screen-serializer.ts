/**
 * Serializes the cells of a buffer range into escape sequences that rebuild them when written into a
 * freshly reset terminal (cursor home, default pen, US-ASCII, autowrap on). Our own instead of
 * addon-serialize's buffer walk because that one drops underline styles/colours and hyperlinks and its
 * incremental SGR loses faint when bold turns off; the wrapped-line technique is the same as theirs.
 *
 * Lines are written top to bottom with CRLF, so lines beyond the screen height scroll into the
 * scrollback exactly as they did originally. Soft-wrapped lines (`isWrapped`) are recreated by really
 * wrapping: the previous line ends in the pending-wrap state and the next print wraps.
 */
import { Attr, cellWords, plainLatin1, type Buffer, type CellData, type OscLinkService } from './xterm-internals';
import { PenWriter } from './sgr';

const CSI = '\x1b[';

let runBytes = new Uint8Array(512);
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }).latin1Slice;

/**
 * Cells [col, end) of a line that are plain Latin-1 characters with one and the same pen and no
 * extended attributes (the bulk of any screen), where end is the first cell that is not: their text in
 * one string, so the caller writes one pen change and one string instead of both per cell.
 */
function plainRun(words: Uint32Array, col: number, width: number): { end: number; text: string } {
  const fg = words[col * 3 + 1]!;
  const bg = words[col * 3 + 2]!;
  if (runBytes.length < width) runBytes = new Uint8Array(width * 2);
  let end = col;
  for (let i = col * 3; end < width; end++, i += 3) {
    const cp = plainLatin1(words[i]!);
    if (cp < 0 || words[i + 1] !== fg || words[i + 2] !== bg) break;
    runBytes[end - col] = cp;
  }
  return { end, text: latin1Slice.call(runBytes, 0, end - col) };
}

/** Empty cells xterm creates by erasing carry only a background colour; ECH can recreate those. */
function isDefaultAttr(cell: CellData): boolean {
  return cell.fg === 0 && (cell.bg & ~Attr.BG_HAS_EXTENDED) === 0 && ((cell.bg & Attr.BG_HAS_EXTENDED) === 0 || cell.extended.urlId === 0);
}

interface LastCell {
  fg: number;
  bg: number;
}

export interface SerializeRange {
  buffer: Buffer;
  /** First and last absolute line (inclusive) of `buffer.lines`. */
  startLine: number;
  endLine: number;
  cols: number;
}

/** Cells of the range; leaves the pen at the default. `pen` tracks the target terminal's pen. */
export function serializeLines(range: SerializeRange, links: OscLinkService, pen = new PenWriter(links)): string {
  const { buffer, startLine, endLine, cols } = range;
  const cell = buffer.getNullCell();
  const next = buffer.getNullCell();
  const blank = buffer.getNullCell();
  let out = '';
  // Column the terminal's cursor is at; `cols` means "after the last column, wrap pending".
  let x = 0;
  // Set when the previous line ended with an empty last cell that we filled to force the wrap.
  let fixLastCell: LastCell | undefined;

  for (let lineNo = startLine; lineNo <= endLine; lineNo++) {
    const line = buffer.lines.get(lineNo);
    if (!line) break;
    const wrapsFromPrevious = lineNo > startLine && line.isWrapped;
    if (lineNo > startLine && !wrapsFromPrevious) {
      // A line feed at the bottom creates the new line with the pen's background: keep it default.
      if (pen.hasBackground) out += pen.setRaw(0, 0, 0, 0);
      out += '\r\n';
      x = 0;
    }
    let first = true;
    let col = 0;
    const width = Math.min(cols, line.length);
    const words = cellWords(line);
    while (col < width) {
      const fastOk = !first || (!wrapsFromPrevious && !fixLastCell);
      if (fastOk && plainLatin1(words[col * 3]!) >= 0 && (words[col * 3 + 2]! & Attr.BG_HAS_EXTENDED) === 0) {
        // The same as the per-cell path below, a run of cells at a time (pen.set(cell) is setRaw(fg, bg, 0, 0)
        // for a cell without extended attributes, and '' again for each next cell with the same pen).
        const run = plainRun(words, col, width);
        out += moveTo(x, col) + pen.setRaw(words[col * 3 + 1]!, words[col * 3 + 2]!, 0, 0) + run.text;
        x = run.end;
        col = run.end;
        first = false;
        continue;
      }
      line.loadCell(col, cell);
      const cellWidth = cell.getWidth();
      if (cellWidth === 0) {
        col++;
        continue;
      }
      const hasContent = (cell.content & 0x3fffff) !== 0;
      if (!hasContent && !(wrapsFromPrevious && first)) {
        if (!isDefaultAttr(cell)) {
          let run = 1;
          while (col + run < width) {
            line.loadCell(col + run, next);
            if ((next.content & 0x3fffff) !== 0 || next.getWidth() !== 1 || next.fg !== cell.fg || next.bg !== cell.bg) break;
            run++;
          }
          out += moveTo(x, col) + pen.setRaw(0, cell.bg & (Attr.CM_MASK | Attr.RGB_MASK), 0, 0);
          out += `${CSI}${run}X`;
          x = col;
          col += run;
        } else {
          col++;
        }
        first = false;
        continue;
      }
      if (wrapsFromPrevious && first) {
        // The cursor sits in the pending-wrap state at the end of the previous line: the next print
        // wraps onto this line and marks it wrapped. If this line starts empty, print a placeholder
        // here and erase it again.
        if (!hasContent) {
          out += `${pen.setRaw(0, 0, 0, 0)} \r${CSI}X`;
          x = 0;
          first = false;
          if (fixLastCell) out += fixPreviousLastCell(fixLastCell, cols, x, pen);
          fixLastCell = undefined;
          continue;
        }
      } else {
        out += moveTo(x, col);
      }
      out += pen.set(cell) + cell.getChars();
      x = col + cellWidth;
      col += cellWidth;
      if (first && fixLastCell) {
        out += fixPreviousLastCell(fixLastCell, cols, x, pen);
        fixLastCell = undefined;
      }
      first = false;
    }

    const following = lineNo < endLine ? buffer.lines.get(lineNo + 1) : undefined;
    if (following?.isWrapped) {
      const fix = prepareWrap(line, cols, x, pen, cell, blank, following);
      out += fix.out;
      x = fix.x;
      fixLastCell = fix.fixLastCell;
    }
  }
  return out + pen.setRaw(0, 0, 0, 0);
}

function moveTo(x: number, col: number): string {
  return x === col ? '' : `${CSI}${col + 1}G`;
}

/** Bring the cursor to the pending-wrap state at the end of `line` so the next print wraps. */
function prepareWrap(
  line: NonNullable<ReturnType<Buffer['lines']['get']>>,
  cols: number,
  x: number,
  pen: PenWriter,
  cell: CellData,
  scratch: CellData,
  following: NonNullable<ReturnType<Buffer['lines']['get']>>,
): { out: string; x: number; fixLastCell?: LastCell } {
  if (x === cols) return { out: '', x };
  line.loadCell(cols - 1, cell);
  if ((cell.content & 0x3fffff) !== 0) return { out: '', x };
  // A wide character that did not fit at the end of the line wrapped early and left this cell empty
  // with the pen it was printed with: printing it at the last column recreates exactly that.
  following.loadCell(0, scratch);
  if (scratch.getWidth() === 2 && cell.fg === scratch.fg && cell.bg === scratch.bg) {
    return { out: moveTo(x, cols - 1), x: cols - 1 };
  }
  const out = moveTo(x, cols - 1) + pen.setRaw(0, 0, 0, 0) + ' ';
  return { out, x: cols, fixLastCell: { fg: cell.fg, bg: cell.bg } };
}

/** Erase the placeholder printed in the previous line's last cell, then come back. */
function fixPreviousLastCell(saved: LastCell, cols: number, x: number, pen: PenWriter): string {
  const bg = saved.bg & (Attr.CM_MASK | Attr.RGB_MASK);
  return `${CSI}A${CSI}${cols}G${pen.setRaw(0, bg, 0, 0)}${CSI}X${CSI}B${CSI}${x + 1}G`;
}
