/**
 * Synthetic streams that each leave one piece of hidden terminal state set at the cut point, and a
 * continuation whose output depends on that state (so only a faithful restore matches afterwards).
 */
export interface StateCase {
  name: string;
  cols: number;
  rows: number;
  /** Output events before the cut. */
  setup: string[];
  /** Output (strings) and resizes after the cut; they land differently unless the state was restored. */
  continuation: (string | { cols: number; rows: number })[];
  /** True when plain addon-serialize is expected to get it wrong (the negative check). */
  hidden: boolean;
}

const lines = (n: number, prefix: string): string => Array.from({ length: n }, (_, i) => `${prefix} ${i}`).join('\r\n');

export const STATE_CASES: StateCase[] = [
  {
    name: 'DEC line drawing in G1 shifted in with SO',
    cols: 40, rows: 10,
    setup: ['plain\r\n', '\x1b)0\x0elqqqk\r\n', 'x  x'],
    continuation: ['\r\nmqqqj', '\x0fback to ascii q'],
    hidden: true,
  },
  {
    name: 'DEC line drawing designated into G0',
    cols: 40, rows: 10,
    setup: ['\x1b(0lqqk'],
    continuation: ['\r\nx  x\r\nmqqj\x1b(B q'],
    hidden: true,
  },
  {
    name: 'G2/G3 with locking shifts LS2/LS3',
    cols: 40, rows: 10,
    setup: ['\x1b*0\x1b+A\x1bnqqq', '\x1bo#'],
    continuation: ['##\x1bnqq\x0f#'],
    hidden: true,
  },
  {
    name: 'scroll region with scrolling inside it',
    cols: 30, rows: 12,
    setup: [lines(12, 'fill'), '\x1b[4;8r\x1b[8;1H', lines(6, 'in region')],
    continuation: ['\r\n' + lines(5, 'more'), '\x1b[r\x1b[12;1H\r\nafter'],
    hidden: true,
  },
  {
    name: 'saved cursor with attributes and charset (DECSC)',
    cols: 40, rows: 10,
    setup: ['hello\r\n', '\x1b[3;7H\x1b[1;31;44m\x1b(0\x1b7', '\x1b(B\x1b[0m\x1b[8;1Hmoved away'],
    continuation: ['\x1b8qq written at saved', '\x1b[0m\r\nplain'],
    hidden: true,
  },
  {
    name: 'origin mode with CUP',
    cols: 30, rows: 12,
    setup: ['\x1b[5;10r\x1b[?6h\x1b[2;3Hin region'],
    continuation: ['\x1b[1;1Htop of region', '\x1b[20;1Hclamped'],
    hidden: true,
  },
  {
    name: 'alternate screen 1049 with content on both',
    cols: 40, rows: 10,
    // The pen and position saved by 1049h come back on 1049l: addon-serialize saves a default pen.
    setup: ['\x1b[32mnormal screen\x1b[0m\r\n$ vim\x1b[35;1m', '\x1b[?1049h\x1b[H\x1b[2J~\r\n~\r\n\x1b[7m-- INSERT --\x1b[0m', '\x1b[3;5Htyping'],
    continuation: ['more', '\x1b[?1049l', ' magenta prompt'],
    hidden: true,
  },
  {
    name: 'pending wrap at the last column',
    cols: 20, rows: 6,
    setup: ['01234567890123456789'],
    continuation: ['Z wraps', '\r\nnext'],
    hidden: false, // addon-serialize restores this one too
  },
  {
    name: 'insert mode',
    cols: 30, rows: 6,
    setup: ['abcdefghij\x1b[4h\x1b[1;4H'],
    continuation: ['XYZ', '\x1b[4l!'],
    hidden: false, // addon-serialize restores this one too
  },
  {
    name: 'wraparound off',
    cols: 20, rows: 6,
    setup: ['\x1b[?7l0123456789012345678'],
    continuation: ['9ABC', '\r\nok'],
    hidden: false, // addon-serialize restores this one too
  },
  {
    name: 'hidden cursor, application modes, mouse, bracketed paste, cursor style',
    cols: 30, rows: 6,
    setup: ['\x1b[?25l\x1b[?1h\x1b[?66h\x1b[?2004h\x1b[?1002h\x1b[?1006h\x1b[5 q\x1b[?1004h\x1b[?45h'],
    continuation: ['text'],
    hidden: true,
  },
  {
    name: 'current pen carries into later output',
    cols: 30, rows: 6,
    setup: ['\x1b[1;2;3;4:3;53;9;38;2;10;20;30;48;5;200;58;5;9mstyled'],
    continuation: [' still styled', '\x1b[22m not bold nor faint'],
    hidden: true,
  },
  {
    name: 'custom tab stops',
    cols: 40, rows: 6,
    setup: ['\x1b[3g\x1b[5G\x1bH\x1b[13G\x1bH\x1b[1G'],
    continuation: ['\tA\tB\tC'],
    hidden: true,
  },
  {
    name: 'newline mode (LNM) and title',
    cols: 30, rows: 6,
    setup: ['\x1b]2;my title\x07\x1b[20hline one'],
    continuation: ['\nline two'],
    hidden: true,
  },
  {
    name: 'charset changed behind the G-level by DECRC',
    cols: 30, rows: 6,
    setup: ['\x1b7\x1b(0qq\x1b8'],
    continuation: ['qq', '\x1b(B'],
    hidden: true,
  },
  {
    name: 'wide characters, emoji, combining marks, early wrap of a wide char',
    cols: 21, rows: 6,
    setup: ['中文字 😀 e\u0301 x', '\r\n\x1b[33m01234567890123456789中文\x1b[0m', '\r\n\x1b[41m  \x1b[0m bg cells \x1b[44m\x1b[K'],
    continuation: ['\x1b[1;2HX', '\x1b[3;1H\x1b[2@'],
    hidden: false,
  },
  {
    name: 'soft-wrapped lines reflow on resize',
    cols: 20, rows: 8,
    setup: ['a long line that wraps over three rows of twenty\r\n', '\x1b[42mcoloured wrap line with empty end\x1b[0m'],
    continuation: [{ cols: 15, rows: 8 }, 'x', { cols: 30, rows: 8 }],
    hidden: false,
  },
  {
    name: 'hyperlinks and every SGR attribute',
    cols: 60, rows: 6,
    setup: ['\x1b]8;id=a;https://example.com\x1b\\link\x1b]8;;\x1b\\ ', '\x1b[2mdim\x1b[1mboth\x1b[22m\x1b[5mblink\x1b[8minv\x1b[0m\x1b[4:2;58;2;1;2;3mdbl\x1b[4:5mdash\x1b[24;7mrev\x1b[1"qprot\x1b[0"q\x1b[0m'],
    continuation: ['\x1b[1;1H\x1b[1K'],
    hidden: false,
  },
  {
    name: 'alt screen with its own scroll region and saved cursor, normal screen with others',
    cols: 30, rows: 10,
    setup: ['\x1b[3;8r\x1b[5;5H\x1b[33m\x1b7\x1b[0m\x1b[r\x1b[10;1Hnormal', '\x1b[?1049h\x1b[2;6r\x1b[4;9H\x1b[35;1m\x1b)0\x0e\x1b7\x0f\x1b[0m\x1b[1;1Halt'],
    continuation: ['\x1b8qq\x1b[6;1H\r\n\r\n\r\nscrolled', '\x1b[?1049l', '\x1b8saved normal', '\x1b[8;1H\r\n\r\nregion'],
    hidden: true,
  },
  {
    name: 'pending wrap in origin mode with DEC graphics as the current charset',
    cols: 20, rows: 8,
    setup: ['\x1b[2;6r\x1b[?6h\x1b[3;1H\x1b(0lqqqqqqqqqqqqqqqqqk'],
    continuation: ['x', '\x1b(B done'],
    hidden: true,
  },
  {
    name: 'a wide character in the last two columns with the cursor pending',
    cols: 12, rows: 4,
    setup: ['0123456789中'],
    continuation: ['next', '\x1b[1;11HX'],
    hidden: false,
  },
  {
    name: 'SO with G1 = DEC graphics saved by DECSC, then SI',
    cols: 30, rows: 6,
    setup: ['\x1b)0\x0e\x1b7\x0fplain'],
    continuation: ['\x1b8qqq', ' \x0fabc'],
    hidden: true,
  },
  {
    name: 'scrollback beyond the screen',
    cols: 30, rows: 5,
    setup: [lines(300, 'history line')],
    continuation: ['\r\n' + lines(3, 'new')],
    hidden: false,
  },
];
