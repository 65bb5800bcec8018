/**
 * Keyframe state: an escape-sequence string that rebuilds a terminal exactly (see Keyframe in
 * shared/model.ts). Cell contents come from screen-serializer; this file adds the hidden state that
 * changes how later output lands: charsets G0-G3 + GL shift, scroll regions, saved cursors (per buffer),
 * origin/insert/wrap modes, pending wrap, the pen, tab stops, the alternate screen with the normal
 * screen underneath, and the input modes a player forwards.
 *
 * Order matters: DECSTBM and DECOM home the cursor, DECRC moves it, and content must be printed while
 * G0 is US-ASCII with insert mode off, so charsets and modes come after the cells, the cursor last.
 */
import { serializeLines } from './screen-serializer';
import { PenWriter, rawExt } from './sgr';
import {
  charsetDesignator,
  coreOf,
  type Buffer,
  type Charset,
  type CoreTerminal,
  type HeadlessTerminal,
} from './xterm-internals';

/** Scrollback lines included so scrolling back after a seek shows recent history. */
export const KEYFRAME_SCROLLBACK_LINES = 100;

const ESC = '\x1b';
const CSI = '\x1b[';
const SHIFT_TO_LEVEL = ['\x0f', '\x0e', '\x1bn', '\x1bo'];
const DESIGNATE = ['(', ')', '*', '+'];

export interface KeyframeOptions {
  scrollbackLines?: number;
  /** Leave out these buffers' saved cursors (split indexing compares states without them). */
  omitSavedCursor?: Buffer[];
}

export function buildKeyframeState(term: HeadlessTerminal, opts: KeyframeOptions = {}): string {
  const core = coreOf(term);
  const bs = core._bufferService;
  const { cols, rows } = bs;
  const normal = bs.buffers.normal;
  const alt = bs.buffers.alt;
  const altActive = bs.buffers.active === alt;
  const ih = core._inputHandler;
  const cs = core._charsetService;

  let out = `${ESC}c${CSI}20l`;
  const title = ih._windowTitle;
  if (title) out += `${ESC}]2;${title.replace(/[\x07\x1b]/g, '')}\x07`;

  const links = core._oscLinkService;
  const pen = new PenWriter(links);
  const scrollback = Math.min(opts.scrollbackLines ?? KEYFRAME_SCROLLBACK_LINES, normal.ybase);
  out += serializeLines({ buffer: normal, startLine: normal.ybase - scrollback, endLine: normal.ybase + rows - 1, cols }, links, pen);
  out += bufferExtras(core, normal, cols, rows, pen, opts.omitSavedCursor?.includes(normal));

  if (altActive) {
    // 47 (not 1049): 1049 would overwrite the normal screen's saved cursor we just restored.
    out += `${CSI}?47h${CSI}H`;
    out += serializeLines({ buffer: alt, startLine: alt.ybase, endLine: alt.ybase + rows - 1, cols }, links, pen);
    out += bufferExtras(core, alt, cols, rows, pen, opts.omitSavedCursor?.includes(alt));
  }
  const active = altActive ? alt : normal;
  const modes = core.coreService.decPrivateModes;

  if (modes.origin) out += `${CSI}?6h`;
  const glCharset = cs._charsets[cs.glevel];
  // The GL charset can differ from the designated G-level after DECRC; only DECRC can recreate that.
  const needsRestoreTrick = cs.charset !== glCharset && cs.charset === active.savedCharset;
  const charsetSeq = designations(cs._charsets) + (SHIFT_TO_LEVEL[cs.glevel] ?? '');
  if (needsRestoreTrick) {
    out += charsetSeq + `${ESC}8`;
    pen.invalidate();
  }
  out += cursorTo(core, active, cols, pen);
  if (!needsRestoreTrick) out += charsetSeq;

  // The pen's extended word matters even when unused: a later SGR 4 keeps its underline colour.
  const cur = ih._curAttrData;
  pen.invalidate();
  out += pen.setRaw(cur.fg, cur.bg, rawExt(cur), cur.extended.urlId);
  out += modeSequences(core);
  return out;
}

function designations(charsets: Charset[]): string {
  let s = '';
  for (let g = 0; g < 4; g++) {
    const final = charsetDesignator(charsets[g]);
    if (final && final !== 'B') s += `${ESC}${DESIGNATE[g]}${final}`;
  }
  return s;
}

/** Tab stops, scroll region and saved cursor of one buffer (must be the active one when written). */
function bufferExtras(core: CoreTerminal, buf: Buffer, cols: number, rows: number, pen: PenWriter, omitSavedCursor = false): string {
  let out = tabStops(buf, cols, core);
  if (buf.scrollTop !== 0 || buf.scrollBottom !== rows - 1) out += `${CSI}${buf.scrollTop + 1};${buf.scrollBottom + 1}r`;
  if (omitSavedCursor) return out;
  const savedRow = Math.max(0, Math.min(rows - 1, buf.savedY - buf.ybase));
  const isDefaultSave = buf.savedX === 0 && buf.savedY === 0 && buf.savedCurAttrData.fg === 0 && buf.savedCurAttrData.bg === 0 && buf.savedCharset === undefined;
  if (isDefaultSave) return out;
  out += positionAt(buf, savedRow, buf.savedX, cols, pen);
  const g0 = charsetDesignator(buf.savedCharset) ?? 'B';
  if (g0 !== 'B') out += `${ESC}(${g0}`;
  pen.invalidate();
  const saved = buf.savedCurAttrData;
  // DECSC stores fg/bg words only; an underline style needs the extended bit to come back.
  const underline = (saved.fg & 0x10000000) !== 0 && (saved.bg & 0x10000000) !== 0;
  out += pen.setRaw(saved.fg, saved.bg, underline ? 1 << 26 : 0, pen.urlId);
  out += `${ESC}7`;
  if (g0 !== 'B') out += `${ESC}(B`;
  return out + pen.setRaw(0, 0, 0, 0);
}

function tabStops(buf: Buffer, cols: number, core: CoreTerminal): string {
  const width = (core.optionsService.rawOptions as { tabStopWidth?: number }).tabStopWidth ?? 8;
  let isDefault = true;
  for (let x = 0; x < cols; x++) {
    if (Boolean(buf.tabs[x]) !== (x % width === 0)) {
      isDefault = false;
      break;
    }
  }
  if (isDefault) return '';
  let out = `${CSI}3g`;
  for (let x = 0; x < cols; x++) if (buf.tabs[x]) out += `${CSI}${x + 1}G${ESC}H`;
  return out;
}

/**
 * Cursor to (row, col) of the viewport; col === cols means the pending-wrap state, which only printing
 * into the last column produces: reprint the cell that is there (same pen, same character).
 */
function positionAt(buf: Buffer, row: number, col: number, cols: number, pen: PenWriter, originTop = 0): string {
  if (col < cols) return `${CSI}${row - originTop + 1};${col + 1}H`;
  const line = buf.lines.get(buf.ybase + row);
  if (!line) return `${CSI}${row - originTop + 1};${cols}H`;
  const cell = buf.getNullCell();
  let start = cols - 1;
  line.loadCell(start, cell);
  if (cell.getWidth() === 0 && start > 0) {
    start--;
    line.loadCell(start, cell);
  }
  const chars = cell.getChars();
  if (!chars) return `${CSI}${row - originTop + 1};${cols}H`;
  // The cell's own pen reprints it unchanged; the caller sets the real pen afterwards.
  return `${CSI}${row - originTop + 1};${start + 1}H${pen.set(cell)}${chars}`;
}

function cursorTo(core: CoreTerminal, buf: Buffer, cols: number, pen: PenWriter): string {
  const originTop = core.coreService.decPrivateModes.origin ? buf.scrollTop : 0;
  return positionAt(buf, buf.y, buf.x, cols, pen, originTop);
}

const MOUSE_PROTOCOL: Record<string, number> = { X10: 9, VT200: 1000, DRAG: 1002, ANY: 1003 };
const MOUSE_ENCODING: Record<string, number> = { SGR: 1006, SGR_PIXELS: 1016 };
const CURSOR_STYLE: Record<string, number> = { block: 2, underline: 4, bar: 6 };

function modeSequences(core: CoreTerminal): string {
  const m = core.coreService.decPrivateModes;
  let out = '';
  if (core.coreService.modes.insertMode) out += `${CSI}4h`;
  if (!m.wraparound) out += `${CSI}?7l`;
  if (m.reverseWraparound) out += `${CSI}?45h`;
  if (m.applicationCursorKeys) out += `${CSI}?1h`;
  if (m.applicationKeypad) out += `${CSI}?66h`;
  if (m.bracketedPasteMode) out += `${CSI}?2004h`;
  if (m.sendFocus) out += `${CSI}?1004h`;
  const protocol = MOUSE_PROTOCOL[core.coreMouseService.activeProtocol];
  if (protocol) out += `${CSI}?${protocol}h`;
  const encoding = MOUSE_ENCODING[core.coreMouseService.activeEncoding];
  if (encoding) out += `${CSI}?${encoding}h`;
  if (core.coreService.isCursorHidden) out += `${CSI}?25l`;
  if (core.optionsService.rawOptions.convertEol) out += `${CSI}20h`;
  if (m.cursorStyle) out += `${CSI}${(CURSOR_STYLE[m.cursorStyle] ?? 2) - (m.cursorBlink ? 1 : 0)} q`;
  return out;
}

/** Write a keyframe into a terminal: size it, then apply the state (it starts with RIS). */
export function restoreKeyframe(term: HeadlessTerminal, kf: { cols: number; rows: number; state: string }): void {
  if (term.cols !== kf.cols || term.rows !== kf.rows) term.resize(kf.cols, kf.rows);
  coreOf(term)._writeBuffer.writeSync(kf.state);
}
