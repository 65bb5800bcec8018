/**
 * Finding a search hit on the terminal's screen so it can be selected. Works on the subset of xterm's
 * buffer API it needs, so it is testable with plain objects.
 */
import type { SearchHit } from '../../shared/model';

export interface CellLike {
  getChars(): string;
  getWidth(): number;
}
export interface LineLike {
  translateToString(trimRight?: boolean): string;
  getCell(x: number): CellLike | undefined;
}
export interface BufferLike {
  readonly length: number;
  readonly viewportY: number;
  getLine(y: number): LineLike | undefined;
}

export interface Located {
  /** Buffer row (scrollback included). */
  row: number;
  col: number;
  /** Length in cells (a wide character takes two). */
  lengthCells: number;
}

/** Maps string offsets of translateToString() to cell columns, so wide characters land right. */
export function columnsOf(line: LineLike, cols: number): number[] {
  const map: number[] = [];
  for (let x = 0; x < cols; x++) {
    const cell = line.getCell(x);
    if (!cell) break;
    const width = cell.getWidth();
    if (width === 0) continue; // the right half of a wide character
    const chars = cell.getChars() || ' ';
    for (let k = 0; k < chars.length; k++) map.push(x);
  }
  map.push(map.length ? map[map.length - 1]! + 1 : 0);
  return map;
}

/**
 * Where the hit is: the visible rows first (nearest the viewport wins), then the whole buffer.
 * A line equal to the hit's line is preferred; otherwise any line holding the matched text.
 */
export function locateHit(buf: BufferLike, rows: number, cols: number, hit: SearchHit): Located | null {
  const needle = hit.text.slice(hit.matchStart, hit.matchStart + hit.matchLength);
  if (!needle) return null;
  const visible: number[] = [];
  for (let y = buf.viewportY; y < Math.min(buf.length, buf.viewportY + rows); y++) visible.push(y);
  const rest: number[] = [];
  for (let y = buf.length - 1; y >= 0; y--) if (y < buf.viewportY || y >= buf.viewportY + rows) rest.push(y);

  for (const pass of ['exact', 'contains'] as const) {
    for (const y of [...visible, ...rest]) {
      const line = buf.getLine(y);
      if (!line) continue;
      const text = line.translateToString(true);
      let start = -1;
      if (pass === 'exact' && text.trimEnd() === hit.text.trimEnd()) start = hit.matchStart;
      if (pass === 'contains') start = text.indexOf(needle);
      if (start < 0) continue;
      const map = columnsOf(line, cols);
      const col = map[start];
      const endCol = map[Math.min(start + needle.length, map.length - 1)];
      if (col === undefined || endCol === undefined) continue;
      return { row: y, col, lengthCells: Math.max(1, endCol - col) };
    }
  }
  return null;
}
