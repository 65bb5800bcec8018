/**
 * X11 keysyms as the keystroke log names them. The names of the special keys are guaclog's (guacd's
 * log interpreter), so a transcript reads like guaclog's output: `<Backspace>`, `<Escape>`, `<Page Up>`.
 * A handful of keys guaclog leaves as hex (Print, Menu, KP_Equal...) get a name here; they are marked.
 */

/** Modifiers tracked while held. Listed in the order a chord prints them, whatever order they were pressed in. */
export const MODIFIERS = ['Ctrl', 'Alt', 'AltGr', 'Shift', 'Meta', 'Super', 'Hyper'] as const;
export type Modifier = (typeof MODIFIERS)[number];

/**
 * Modifiers that turn a key into a chord token. Shift and AltGr only select which character a key
 * types (the client already sends the shifted keysym: Shift+a arrives as `A`), so they do not.
 */
export const CHORD_MODIFIERS: ReadonlySet<Modifier> = new Set<Modifier>(['Ctrl', 'Alt', 'Meta', 'Super', 'Hyper']);

export interface KeyDef {
  /** How the key reads inside a token: `Tab`, `F5`, `Page Up`, `c`, `0xFE52` for a keysym without a name. */
  name: string;
  /** What the key types, if it types anything: a character, `\n` for Return and Enter. */
  text?: string;
  modifier?: Modifier;
}

type Entry = readonly [keysym: number, name: string, text?: string];

// guaclog 1.6.0's named keys; `ours` marks additions.
const NAMED: readonly Entry[] = [
  [0xff08, 'Backspace'],
  [0xff09, 'Tab'],
  [0xff0b, 'Clear'],
  [0xff0d, 'Return', '\n'],
  [0xff13, 'Pause'],
  [0xff14, 'Scroll'],
  [0xff15, 'SysReq'],
  [0xff1b, 'Escape'],
  [0xff50, 'Home'],
  [0xff51, 'Left'],
  [0xff52, 'Up'],
  [0xff53, 'Right'],
  [0xff54, 'Down'],
  [0xff55, 'Page Up'],
  [0xff56, 'Page Down'],
  [0xff57, 'End'],
  [0xff61, 'Print'], // ours
  [0xff63, 'Insert'],
  [0xff65, 'Undo'],
  [0xff67, 'Menu'], // ours
  [0xff6a, 'Help'],
  [0xff7f, 'Num'],
  [0xff80, 'Space', ' '],
  [0xff89, 'Tab'], // ours (KP_Tab)
  [0xff8d, 'Enter', '\n'],
  [0xff95, 'Home'],
  [0xff96, 'Left'],
  [0xff97, 'Up'],
  [0xff98, 'Right'],
  [0xff99, 'Down'],
  [0xff9a, 'Page Up'],
  [0xff9b, 'Page Down'],
  [0xff9c, 'End'],
  [0xff9d, 'Begin'], // ours (KP_Begin, the keypad 5 without Num Lock)
  [0xff9e, 'Insert'],
  [0xff9f, 'Delete'], // ours (KP_Delete)
  [0xffaa, '*', '*'],
  [0xffab, '+', '+'],
  [0xffac, ',', ','], // ours (KP_Separator)
  [0xffad, '-', '-'],
  [0xffae, '.', '.'],
  [0xffaf, '/', '/'],
  [0xffbd, '=', '='], // ours (KP_Equal)
  [0xffe5, 'Caps'],
  [0xffff, 'Delete'],
];

const MODIFIER_KEYS: readonly (readonly [number, Modifier])[] = [
  [0xfe03, 'AltGr'], // ISO_Level3_Shift, what Guacamole clients send for AltGr
  [0xffe1, 'Shift'],
  [0xffe2, 'Shift'],
  [0xffe3, 'Ctrl'],
  [0xffe4, 'Ctrl'],
  [0xffe7, 'Meta'],
  [0xffe8, 'Meta'],
  [0xffe9, 'Alt'],
  [0xffea, 'Alt'],
  [0xffeb, 'Super'],
  [0xffec, 'Super'],
  [0xffed, 'Hyper'],
  [0xffee, 'Hyper'],
];

const TABLE = new Map<number, KeyDef>();
for (const [keysym, name, text] of NAMED) TABLE.set(keysym, text === undefined ? { name } : { name, text });
for (let digit = 0; digit <= 9; digit++) TABLE.set(0xffb0 + digit, { name: String(digit), text: String(digit) });
for (let f = 1; f <= 24; f++) TABLE.set(0xffbd + f, { name: `F${f}` });
for (const [keysym, modifier] of MODIFIER_KEYS) TABLE.set(keysym, { name: modifier, modifier });

/** Unicode keysyms are 0x01000000 + code point (X11's rule, and what guacamole-common-js sends beyond Latin-1). */
const UNICODE_KEYSYM_BASE = 0x01000000;

/** The token text for a keysym nobody named: guaclog's uppercase hex. */
export function hexName(keysym: number): string {
  return `0x${keysym.toString(16).toUpperCase()}`;
}

/** The character a keysym types directly (Latin-1 or Unicode keysym), or undefined. */
function characterOf(keysym: number): string | undefined {
  let codePoint: number;
  if (keysym <= 0xff) codePoint = keysym;
  else if (keysym >= UNICODE_KEYSYM_BASE && keysym <= UNICODE_KEYSYM_BASE + 0x10ffff) codePoint = keysym - UNICODE_KEYSYM_BASE;
  else return undefined;
  // Control characters and lone surrogates would put raw control bytes or broken UTF-16 into a transcript
  // (guaclog writes them through); a client never types them this way (it sends 0xFF08 for Backspace...).
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return undefined;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return undefined;
  return String.fromCodePoint(codePoint);
}

/** How the keystroke log reads a keysym. Never fails: an unknown keysym is named by its hex value. */
export function describeKeysym(keysym: number): KeyDef {
  const known = TABLE.get(keysym);
  if (known) return known;
  const character = characterOf(keysym);
  if (character === undefined) return { name: hexName(keysym) };
  // Inside a chord a key is named, and a blank name would vanish: `<Ctrl+Space>`, not `<Ctrl+ >`.
  const name = character === ' ' ? 'Space' : /\s/u.test(character) ? hexName(keysym) : character;
  return { name, text: character };
}
