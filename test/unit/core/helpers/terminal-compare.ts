/**
 * Reads everything observable about a headless terminal (cells with all attributes, cursor, and the
 * hidden state from xterm's internals) and lists the differences between two terminals. Used by the
 * keyframe fidelity tests: a restored terminal must be indistinguishable from one played from 0.
 */
import { rawExt } from '../../../../main/core/terminal/sgr';
import { Attr, charsetDesignator, coreOf, type Buffer, type HeadlessTerminal } from '../../../../main/core/terminal/xterm-internals';

export interface CompareOptions {
  /** Scrollback lines (above the screen) to compare, counted from the screen's top. */
  scrollbackLines?: number;
}

function linkKey(term: HeadlessTerminal, urlId: number): string {
  if (!urlId) return '';
  const d = coreOf(term)._oscLinkService.getLinkData(urlId);
  return d ? `${d.id ?? ''};${d.uri}` : '?';
}

function cellKey(term: HeadlessTerminal, buf: Buffer, absLine: number, x: number): string {
  const line = buf.lines.get(absLine);
  if (!line) return '<no line>';
  const cell = buf.getNullCell();
  line.loadCell(x, cell);
  const hasExt = (cell.bg & Attr.BG_HAS_EXTENDED) !== 0;
  const ext = hasExt ? `${(rawExt(cell) & 0x1fffffff).toString(16)}/${linkKey(term, cell.extended.urlId)}` : '-';
  return `${JSON.stringify(cell.getChars())} w${cell.getWidth()} fg${(cell.fg >>> 0).toString(16)} bg${(cell.bg >>> 0).toString(16)} ext${ext}`;
}

function charsetName(cs: unknown): string {
  return charsetDesignator(cs as Record<string, string> | undefined) ?? '?';
}

function tabsOf(buf: Buffer, cols: number): string {
  const stops: number[] = [];
  for (let x = 0; x < cols; x++) if (buf.tabs[x]) stops.push(x);
  return stops.join(',');
}

function bufferState(buf: Buffer, cols: number, rows: number, prefix: string): Record<string, unknown> {
  return {
    [`${prefix}.scrollRegion`]: `${buf.scrollTop}-${buf.scrollBottom}`,
    [`${prefix}.saved`]: `${Math.min(buf.savedX, cols - 1)},${Math.max(0, Math.min(rows - 1, buf.savedY - buf.ybase))}`,
    [`${prefix}.savedAttr`]: `${(buf.savedCurAttrData.fg >>> 0).toString(16)}/${(buf.savedCurAttrData.bg >>> 0).toString(16)}`,
    [`${prefix}.savedCharset`]: charsetName(buf.savedCharset),
    [`${prefix}.tabs`]: tabsOf(buf, cols),
  };
}

/** Hidden state as comparable strings. */
export function hiddenState(term: HeadlessTerminal): Record<string, unknown> {
  const core = coreOf(term);
  const bs = core._bufferService;
  const ih = core._inputHandler;
  const cs = core._charsetService;
  const cur = ih._curAttrData;
  const active = bs.buffers.active;
  const state: Record<string, unknown> = {
    size: `${bs.cols}x${bs.rows}`,
    alt: active === bs.buffers.alt,
    cursor: `${active.x},${active.y}`,
    pen: `${(cur.fg >>> 0).toString(16)}/${(cur.bg >>> 0).toString(16)}/${(rawExt(cur) & 0x1fffffff).toString(16)}/${linkKey(term, cur.extended.urlId)}`,
    charsetsAll: [0, 1, 2, 3].map((g) => charsetName(cs._charsets[g])).join(' '),
    glevel: cs.glevel,
    charset: charsetName(cs.charset),
    modes: JSON.stringify({ ...core.coreService.decPrivateModes, synchronizedOutput: undefined }),
    insert: core.coreService.modes.insertMode,
    cursorHidden: core.coreService.isCursorHidden,
    mouse: `${core.coreMouseService.activeProtocol}/${core.coreMouseService.activeEncoding}`,
    convertEol: core.optionsService.rawOptions.convertEol,
    title: ih._windowTitle,
    ...bufferState(bs.buffers.normal, bs.cols, bs.rows, 'normal'),
  };
  if (active === bs.buffers.alt) Object.assign(state, bufferState(bs.buffers.alt, bs.cols, bs.rows, 'alt'));
  return state;
}

/** Differences between two terminals, as readable lines (empty = identical). */
export function diffTerminals(a: HeadlessTerminal, b: HeadlessTerminal, opts: CompareOptions = {}, limit = 20): string[] {
  const diffs: string[] = [];
  const ha = hiddenState(a);
  const hb = hiddenState(b);
  for (const k of Object.keys({ ...ha, ...hb })) {
    if (ha[k] !== hb[k]) diffs.push(`${k}: ${String(ha[k])} != ${String(hb[k])}`);
  }
  if (a.cols !== b.cols || a.rows !== b.rows) return diffs;
  const bsA = coreOf(a)._bufferService;
  const bsB = coreOf(b)._bufferService;
  const buffers: [string, Buffer, Buffer][] = [['normal', bsA.buffers.normal, bsB.buffers.normal]];
  if (bsA.buffers.active === bsA.buffers.alt) buffers.push(['alt', bsA.buffers.alt, bsB.buffers.alt]);
  for (const [name, bufA, bufB] of buffers) {
    const back = name === 'normal' ? Math.min(opts.scrollbackLines ?? 0, bufA.ybase, bufB.ybase) : 0;
    for (let row = -back; row < a.rows && diffs.length < limit; row++) {
      const la = bufA.lines.get(bufA.ybase + row);
      const lb = bufB.lines.get(bufB.ybase + row);
      // The first compared scrollback line's wrap flag depends on a line we did not restore.
      if (row > -back && la?.isWrapped !== lb?.isWrapped) diffs.push(`${name} row ${row} wrapped: ${la?.isWrapped} != ${lb?.isWrapped}`);
      for (let x = 0; x < a.cols; x++) {
        const ca = cellKey(a, bufA, bufA.ybase + row, x);
        const cb = cellKey(b, bufB, bufB.ybase + row, x);
        if (ca !== cb) {
          diffs.push(`${name} row ${row} col ${x}: ${ca} != ${cb}`);
          if (diffs.length >= limit) break;
        }
      }
    }
  }
  return diffs;
}

/** Visible text of a terminal (for readable failure messages). */
export function screenText(term: HeadlessTerminal): string {
  const buf = coreOf(term)._bufferService.buffers.active;
  const out: string[] = [];
  for (let y = 0; y < term.rows; y++) out.push(buf.lines.get(buf.ybase + y)?.translateToString(true) ?? '');
  return out.join('\n');
}
