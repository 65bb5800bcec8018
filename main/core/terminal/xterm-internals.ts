/**
 * Typed access to the @xterm/headless internals the engine reads. The public API does not expose the
 * hidden terminal state a keyframe must reproduce (charsets, scroll region, saved cursor, pending wrap,
 * the current pen), so we read `terminal._core` directly. Checked against @xterm/headless 6.0.
 */
import { createRequire } from 'node:module';
import type { Terminal as TerminalType } from '@xterm/headless';

// The package is CommonJS (webpack UMD). Required, not imported: importing CommonJS from an ES module
// makes Node scan its 180 KB for export names first (~70 ms of every worker's start-up).
const xtermHeadless = createRequire(import.meta.url)('@xterm/headless') as { Terminal: typeof TerminalType };
export const Terminal: typeof TerminalType = xtermHeadless.Terminal;
export type HeadlessTerminal = TerminalType;

/** A charset table object (identity matters: xterm compares by reference); undefined = US-ASCII. */
export type Charset = Record<string, string> | undefined;

export interface ExtendedAttrs {
  ext: number;
  urlId: number;
  underlineStyle: number;
  underlineColor: number;
}

export interface AttrData {
  fg: number;
  bg: number;
  extended: ExtendedAttrs;
}

export interface CellData extends AttrData {
  content: number;
  combinedData: string;
  getChars(): string;
  getWidth(): number;
}

export interface BufferLine {
  readonly length: number;
  isWrapped: boolean;
  loadCell(x: number, cell: CellData): CellData;
  getWidth(x: number): number;
  hasContent(x: number): number;
  translateToString(trimRight?: boolean, startCol?: number, endCol?: number): string;
  getTrimmedLength(): number;
}

export interface CircularList {
  readonly length: number;
  readonly maxLength: number;
  get(i: number): BufferLine | undefined;
}

export interface Buffer {
  lines: CircularList;
  ybase: number;
  ydisp: number;
  x: number;
  y: number;
  scrollTop: number;
  scrollBottom: number;
  savedX: number;
  savedY: number;
  savedCurAttrData: AttrData;
  savedCharset: Charset;
  tabs: Record<number, boolean | undefined>;
  getNullCell(attr?: AttrData): CellData;
}

export interface BufferSet {
  active: Buffer;
  normal: Buffer;
  alt: Buffer;
}

export interface BufferService {
  cols: number;
  rows: number;
  buffer: Buffer;
  buffers: BufferSet;
  scroll(eraseAttr: AttrData, isWrapped?: boolean): void;
}

export interface CharsetService {
  charset: Charset;
  glevel: number;
  _charsets: Charset[];
}

export interface DecPrivateModes {
  applicationCursorKeys: boolean;
  applicationKeypad: boolean;
  bracketedPasteMode: boolean;
  cursorBlink: boolean | undefined;
  cursorStyle: 'block' | 'underline' | 'bar' | undefined;
  origin: boolean;
  reverseWraparound: boolean;
  sendFocus: boolean;
  synchronizedOutput: boolean;
  wraparound: boolean;
}

export interface CoreService {
  isCursorHidden: boolean;
  modes: { insertMode: boolean };
  decPrivateModes: DecPrivateModes;
}

export interface CoreMouseService {
  activeProtocol: string;
  activeEncoding: string;
}

export interface OscLinkService {
  getLinkData(linkId: number): { id?: string; uri: string } | undefined;
}

export interface EscapeParser {
  currentState: number;
}

export interface InputHandler {
  _curAttrData: AttrData;
  _windowTitle: string;
  _parser: EscapeParser;
  _stringDecoder: { _interim: number };
  _dirtyRowTracker: { start: number; end: number };
  _activeBuffer: Buffer;
  print(data: Uint32Array, start: number, end: number): void;
  /** DECSC / DECRC (also CSI s / CSI u and modes 1048, 1049); the CSI forms pass their params. */
  saveCursor(params?: unknown): boolean;
  restoreCursor(params?: unknown): boolean;
}

export interface CoreTerminal {
  _bufferService: BufferService;
  _charsetService: CharsetService;
  _inputHandler: InputHandler;
  _oscLinkService: OscLinkService;
  coreService: CoreService;
  coreMouseService: CoreMouseService;
  optionsService: { rawOptions: { convertEol: boolean; cursorBlink: boolean; cursorStyle: string; scrollback: number } };
  _writeBuffer: { writeSync(data: string): void };
}

export function coreOf(term: HeadlessTerminal): CoreTerminal {
  return (term as unknown as { _core: CoreTerminal })._core;
}

/** Bit layout of AttributeData (common/buffer/Constants.ts). */
export const Attr = {
  CM_MASK: 0x3000000,
  CM_DEFAULT: 0,
  CM_P16: 0x1000000,
  CM_P256: 0x2000000,
  CM_RGB: 0x3000000,
  RGB_MASK: 0xffffff,
  FG_INVERSE: 0x4000000,
  FG_BOLD: 0x8000000,
  FG_UNDERLINE: 0x10000000,
  FG_BLINK: 0x20000000,
  FG_INVISIBLE: 0x40000000,
  FG_STRIKETHROUGH: 0x80000000,
  BG_ITALIC: 0x4000000,
  BG_DIM: 0x8000000,
  BG_HAS_EXTENDED: 0x10000000,
  BG_PROTECTED: 0x20000000,
  BG_OVERLINE: 0x40000000,
  EXT_UNDERLINE_STYLE: 0x1c000000,
} as const;

/** Parser state GROUND (common/parser/Constants.ts): not inside an escape sequence or string. */
export const PARSER_GROUND = 0;

export function createTerminal(cols: number, rows: number, scrollback = 1000): HeadlessTerminal {
  return new Terminal({ cols, rows, scrollback, allowProposedApi: true });
}

/** Synchronous write: the public write() is asynchronous (queued on a timer). */
export function writeSync(term: HeadlessTerminal, data: string): void {
  if (data.length > 0) coreOf(term)._writeBuffer.writeSync(data);
}

/**
 * True when the terminal is between sequences: a keyframe taken now restores a parser that
 * continues correctly with the next event (no half escape sequence or lone surrogate pending).
 */
export function isParserIdle(term: HeadlessTerminal): boolean {
  const ih = coreOf(term)._inputHandler;
  return ih._parser.currentState === PARSER_GROUND && !ih._stringDecoder._interim;
}

let charsetNames: Map<Charset, string> | undefined;

/** Charset table -> the final byte of its designation (`ESC ( <final>`), found by asking xterm. */
export function charsetDesignator(cs: Charset): string | undefined {
  if (!charsetNames) {
    charsetNames = new Map();
    const probe = createTerminal(10, 2, 0);
    const core = coreOf(probe);
    for (const final of '0AB4C5RQKYE6ZH7=') {
      writeSync(probe, `\x1b(${final}`);
      const table = core._charsetService._charsets[0];
      if (!charsetNames.has(table)) charsetNames.set(table, final);
    }
    probe.dispose();
  }
  return charsetNames.get(cs);
}

let bytes = Buffer.allocUnsafe(1024);
let units = new Uint16Array(1024);
let unitsBuf = Buffer.from(units.buffer);

interface LineData {
  _data: Uint32Array;
  _combined: Record<number, string>;
}

/** A line's cells as xterm stores them: [content, fg, bg] per cell (see Cell in BufferLine.ts). */
export function cellWords(line: BufferLine): Uint32Array {
  return (line as unknown as LineData)._data;
}

/**
 * The code point of a cell that is one column wide, not combined and Latin-1 printable (space to ÿ),
 * or -1: such a cell's text is that one character. `content` is the cell's first word.
 */
export function plainLatin1(content: number): number {
  const cp = content & 0x1fffff;
  return content >>> 21 === 2 && cp >= 0x20 && cp <= 0xff ? cp : -1;
}

/** Buffer.toString('latin1') minus its argument handling (measurable at one call per line). */
function latin1(buf: typeof bytes, end: number): string {
  const fast = buf as unknown as { latin1Slice?: (start: number, end: number) => string };
  return fast.latin1Slice ? fast.latin1Slice(0, end) : buf.toString('latin1', 0, end);
}

/**
 * The fast path of lineText: when every cell is one column wide and Latin-1 (empty cells read as a
 * space), writes the line's text as Latin-1 bytes into `dst` from `at` (room for `line.length` bytes
 * needed) and returns where it ends; otherwise returns -1 (use lineText). The indexer copies lines
 * straight into the text index this way, without a string per line.
 */
export function lineLatin1(line: BufferLine, trimRight: boolean, dst: Uint8Array, at: number): number {
  const data = (line as unknown as LineData)._data;
  let cols = line.length;
  // Skipping the empty tail first is cheaper than copying it as spaces.
  if (trimRight) while (cols > 0 && (data[(cols - 1) * 3]! & 0x3fffff) === 0) cols--;
  let keep = at;
  for (let x = 0, i = 0, o = at; x < cols; x++, i += 3, o++) {
    const content = data[i]!;
    const cp = content & 0x3fffff;
    if (cp > 255 || content >>> 22 !== 1) return -1;
    if (cp > 32) {
      dst[o] = cp;
      keep = o + 1;
    } else {
      dst[o] = 32;
    }
  }
  return trimRight ? keep : at + cols;
}

/**
 * A line's text like BufferLine.translateToString, decoded natively in one go (xterm concatenates
 * one-character strings), optionally without trailing blanks (empty cells and spaces). Latin-1 lines
 * become one-byte strings: half the memory, faster to search.
 */
export function lineText(line: BufferLine, trimRight: boolean): string {
  if (bytes.length < line.length) bytes = Buffer.allocUnsafe(line.length * 2);
  const end = lineLatin1(line, trimRight, bytes, 0);
  if (end < 0) return wideLineText(line, line.length, trimRight);
  return end === 0 ? '' : latin1(bytes, end);
}

function wideLineText(line: BufferLine, cols: number, trimRight: boolean): string {
  const { _data: data, _combined: combined } = line as unknown as LineData;
  let n = 0;
  let keep = 0;
  for (let x = 0; x < cols; ) {
    const content = data[x * 3]!;
    const cp = content & 0x1fffff;
    const s = content & 0x200000 ? (combined[x] ?? '') : '';
    if (units.length < n + s.length + 2) {
      const grown = new Uint16Array((n + s.length + 2) * 2 + cols * 2);
      grown.set(units);
      units = grown;
      unitsBuf = Buffer.from(units.buffer);
    }
    if (s) {
      for (let i = 0; i < s.length; i++) units[n++] = s.charCodeAt(i);
      keep = n;
    } else if (cp > 0xffff) {
      units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      keep = n;
    } else if (cp) {
      units[n++] = cp;
      if (cp !== 32) keep = n;
    } else {
      units[n++] = 32;
    }
    x += content >> 22 || 1;
  }
  const end = trimRight ? keep : n;
  return end === 0 ? '' : unitsBuf.toString('ucs2', 0, end * 2);
}
