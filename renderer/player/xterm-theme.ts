/**
 * Terminal colours: the recording's own theme when its header has one (that is what the user saw),
 * else a quiet palette matching the app theme.
 */
import type { ITheme } from '@xterm/xterm';
import type { TerminalTheme } from '../../shared/model';

const ANSI_KEYS = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'brightBlack',
  'brightRed',
  'brightGreen',
  'brightYellow',
  'brightBlue',
  'brightMagenta',
  'brightCyan',
  'brightWhite',
] as const;

// Dark "black" sits just below the background: programs that paint black backgrounds (asciiquarium,
// ncurses apps) should not show up as grey boxes.
const DARK: ITheme = {
  background: '#16181c',
  foreground: '#d3d7de',
  cursor: '#d3d7de',
  cursorAccent: '#16181c',
  selectionBackground: 'rgba(110, 160, 240, 0.38)',
  selectionInactiveBackground: 'rgba(110, 160, 240, 0.28)',
  ...paletteOf(['#131519', '#e06c75', '#98c379', '#d7a65f', '#61afef', '#c678dd', '#56b6c2', '#abb2bf',
    '#5c6370', '#ef8a92', '#b0d58f', '#e8c383', '#7dbdf5', '#d595e6', '#6fc9d4', '#e6e8eb']),
};

const LIGHT: ITheme = {
  background: '#fbfbfa',
  foreground: '#24292f',
  cursor: '#24292f',
  cursorAccent: '#fbfbfa',
  selectionBackground: 'rgba(9, 105, 218, 0.22)',
  selectionInactiveBackground: 'rgba(9, 105, 218, 0.14)',
  ...paletteOf(['#24292f', '#cf222e', '#116329', '#7d4e00', '#0969da', '#8250df', '#1b7c83', '#6e7781',
    '#57606a', '#a40e26', '#1a7f37', '#633c01', '#218bff', '#a475f9', '#3192aa', '#8c959f']),
};

function paletteOf(colours: readonly string[]): ITheme {
  const out: Record<string, string> = {};
  colours.forEach((c, i) => {
    const key = ANSI_KEYS[i];
    if (key) out[key] = c;
  });
  return out as ITheme;
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function xtermTheme(rec: TerminalTheme | undefined, dark: boolean): ITheme {
  const base = dark ? DARK : LIGHT;
  if (!rec) return base;
  const palette = (rec.palette ?? []).filter((c) => HEX.test(c));
  // An 8-colour palette is reused for the bright half, as asciinema-player does.
  const full = palette.length === 8 ? [...palette, ...palette] : palette;
  const bg = rec.background && HEX.test(rec.background) ? rec.background : base.background;
  const fg = rec.foreground && HEX.test(rec.foreground) ? rec.foreground : base.foreground;
  return { ...base, ...(full.length >= 8 ? paletteOf(full) : {}), background: bg, foreground: fg, cursor: fg, cursorAccent: bg };
}
