/**
 * KeyLog on hand-made key sequences. Keysym values are X11's (keysymdef.h); the expected text follows
 * guaclog 1.6.0's reading of them (src/guaclog/state.c, keydef.c), except where the header comment of
 * keylog.ts says this log differs (chords read modifiers+key, only held modifiers count...).
 */
import { describe, expect, it } from 'vitest';
import { KeyLog, type KeyLogOptions, type TypedLine } from '../../../../shared/formats/guacamole/keylog';

const K = {
  BackSpace: 0xff08, Tab: 0xff09, Return: 0xff0d, Escape: 0xff1b, Home: 0xff50, Left: 0xff51, Up: 0xff52,
  Right: 0xff53, Down: 0xff54, Prior: 0xff55, Next: 0xff56, End: 0xff57, Insert: 0xff63, Delete: 0xffff,
  KP_Space: 0xff80, KP_Enter: 0xff8d, KP_Multiply: 0xffaa, KP_Add: 0xffab, KP_Subtract: 0xffad,
  KP_Decimal: 0xffae, KP_Divide: 0xffaf, KP_0: 0xffb0, KP_9: 0xffb9, KP_Home: 0xff95, F1: 0xffbe, F5: 0xffc2,
  F12: 0xffc9, F24: 0xffd5, Caps_Lock: 0xffe5, Num_Lock: 0xff7f, Pause: 0xff13,
  Shift_L: 0xffe1, Shift_R: 0xffe2, Control_L: 0xffe3, Control_R: 0xffe4, Meta_L: 0xffe7, Alt_L: 0xffe9,
  Alt_R: 0xffea, Super_L: 0xffeb, Hyper_L: 0xffed, AltGr: 0xfe03, dead_circumflex: 0xfe52,
} as const;

type Step = [keysym: number, pressed: boolean, timeMs?: number];
const down = (keysym: number, timeMs?: number): Step => [keysym, true, timeMs];
const up = (keysym: number, timeMs?: number): Step => [keysym, false, timeMs];
/** Press and release each character's Latin-1 keysym. */
const typed = (text: string): Step[] => [...text].flatMap((c) => [down(c.codePointAt(0) ?? 0), up(c.codePointAt(0) ?? 0)]);
const tap = (keysym: number): Step[] => [down(keysym), up(keysym)];

function run(steps: readonly Step[], options?: KeyLogOptions, finish = true): TypedLine[] {
  const lines: TypedLine[] = [];
  const log = new KeyLog((l) => lines.push(l), options);
  steps.forEach(([keysym, pressed, timeMs], i) => log.key(keysym, pressed, timeMs ?? i * 10));
  if (finish) log.finish();
  return lines;
}
/** The texts of the lines (complete or not). */
const texts = (steps: readonly Step[]): string[] => run(steps).map((l) => l.text);
const text = (steps: readonly Step[]): string => texts(steps).join('\n');

describe('characters', () => {
  it('Latin-1 keysyms type their character, space included', () => {
    expect(text(typed('echo Hello, wörld! ~$ÿ'))).toBe('echo Hello, wörld! ~$ÿ');
  });

  it('Unicode keysyms (0x01000000 + code point) type their character, beyond the BMP too', () => {
    expect(text([0x010003b1, 0x01000416, 0x01004e2d, 0x0101f600].flatMap(tap))).toBe('αЖ中😀');
  });

  it('keypad digits, operators and space type their character', () => {
    const keys = [K.KP_0, K.KP_9, K.KP_Add, K.KP_Subtract, K.KP_Multiply, K.KP_Divide, K.KP_Decimal, K.KP_Space];
    expect(text(keys.flatMap(tap))).toBe('09+-*/. ');
  });
});

describe('lines', () => {
  it('Return and keypad Enter end a line; the line keeps its first key time', () => {
    const lines = run([down(0x6c, 100), down(0x73, 130), down(K.Return, 200), down(0x70, 300), down(K.KP_Enter, 400)]);
    expect(lines).toEqual([
      { timeMs: 100, text: 'ls', complete: true },
      { timeMs: 300, text: 'p', complete: true },
    ]);
  });

  it('Return alone gives an empty line at the Return time', () => {
    expect(run([down(K.Return, 50), ...typed('a')])).toEqual([
      { timeMs: 50, text: '', complete: true },
      { timeMs: 10, text: 'a', complete: false },
    ]);
  });

  it('finish() hands over the unfinished line once, and nothing when nothing was typed', () => {
    const lines: TypedLine[] = [];
    const log = new KeyLog((l) => lines.push(l));
    log.key(0x61, true, 7);
    log.key(0x61, false, 8);
    log.finish();
    log.finish();
    expect(lines).toEqual([{ timeMs: 7, text: 'a', complete: false }]);
    expect(run([...tap(K.Control_L), ...typed('x'), down(K.Return)]).map((l) => l.complete)).toEqual([true]);
    expect(run(tap(K.Shift_L))).toEqual([]);
  });

  it('a modifier pressed before the first key does not start the line: the first typed key or token does', () => {
    expect(run([down(K.Shift_L, 10), down(0x45, 900), up(K.Shift_L, 950), down(0x63, 960)])[0]?.timeMs).toBe(900);
    expect(run([down(K.Control_L, 10), down(0x6c, 40), up(K.Control_L, 50)])[0]).toEqual({ timeMs: 40, text: '<Ctrl+l>', complete: false });
  });

  it('a line reaching maxLineLength is handed over incomplete, never inside a token', () => {
    expect(run(typed('abcdefg'), { maxLineLength: 5 })).toEqual([
      { timeMs: 0, text: 'abcde', complete: false },
      { timeMs: 100, text: 'fg', complete: false },
    ]);
    expect(run([...typed('a'), ...tap(K.Escape), ...typed('b')], { maxLineLength: 3 }).map((l) => l.text)).toEqual(['a<Escape>', 'b']);
  });
});

describe('tokens', () => {
  it.each([
    [K.BackSpace, '<Backspace>'], [K.Tab, '<Tab>'], [K.Escape, '<Escape>'], [K.Delete, '<Delete>'],
    [K.Insert, '<Insert>'], [K.Home, '<Home>'], [K.End, '<End>'], [K.Left, '<Left>'], [K.Up, '<Up>'],
    [K.Right, '<Right>'], [K.Down, '<Down>'], [K.Prior, '<Page Up>'], [K.Next, '<Page Down>'],
    [K.KP_Home, '<Home>'], [K.F1, '<F1>'], [K.F5, '<F5>'], [K.F12, '<F12>'], [K.F24, '<F24>'],
    [K.Caps_Lock, '<Caps>'], [K.Num_Lock, '<Num>'], [K.Pause, '<Pause>'],
  ])('keysym %i reads %s', (keysym, token) => {
    expect(text([...typed('a'), ...tap(keysym), ...typed('b')])).toBe(`a${token}b`);
  });

  it('Backspace does not edit the line: the token stays where it was pressed', () => {
    expect(run([...typed('lss'), ...tap(K.BackSpace), ...typed(' -l'), down(K.Return)])[0]?.text).toBe('lss<Backspace> -l');
  });

  it('an unnamed keysym reads as guaclog writes it: uppercase hex', () => {
    expect(text([K.dead_circumflex, 0x6c1, 0x1008ff13].flatMap(tap))).toBe('<0xFE52><0x6C1><0x1008FF13>');
  });

  it('control characters, surrogates and values past U+10FFFF are tokens, never raw text', () => {
    const keys = [0x1b, 0x00, 0x7f, 0x9f, 0x0100001b, 0x0100d800, 0x01110000];
    expect(text(keys.flatMap(tap))).toBe('<0x1B><0x0><0x7F><0x9F><0x100001B><0x100D800><0x1110000>');
  });

  it('keysyms that are not integers in 0..0xFFFFFFFF are ignored', () => {
    expect(text([down(Number.NaN), down(-1), down(1.5), down(2 ** 32), ...typed('ok')])).toBe('ok');
  });
});

describe('modifiers and chords', () => {
  it('Ctrl+letter reads <Ctrl+letter> (guaclog: <Ctrll>)', () => {
    expect(text([down(K.Control_L), down(0x6c), up(0x6c), up(K.Control_L), ...typed('seq')])).toBe('<Ctrl+l>seq');
    expect(text([down(K.Control_R), ...tap(0x63), up(K.Control_R)])).toBe('<Ctrl+c>');
  });

  it('a modifier held across keys applies to each, and stops at its release', () => {
    expect(text([down(K.Control_L), ...tap(0x61), ...tap(0x63), up(K.Control_L), ...typed('x')])).toBe('<Ctrl+a><Ctrl+c>x');
  });

  it('Shift+letter types the shifted character the client sent, without a token', () => {
    expect(text([down(K.Shift_L), ...tap(0x45), up(K.Shift_L), ...typed('cho'), down(K.Shift_R), ...tap(0x21), up(K.Shift_R)])).toBe('Echo!');
    expect(run([down(K.Shift_L), down(K.Return), up(K.Shift_L)])).toEqual([{ timeMs: 10, text: '', complete: true }]);
  });

  it('AltGr types the character the client sent; with Ctrl it joins the chord', () => {
    expect(text([down(K.AltGr), ...tap(0x40), ...tap(0x20ac), up(K.AltGr)])).toBe('@<0x20AC>');
    expect(text([down(K.AltGr), ...tap(0x40), ...tap(0x010020ac), up(K.AltGr)])).toBe('@€');
    expect(text([down(K.AltGr), down(K.Control_L), ...tap(0x71), up(K.Control_L), up(K.AltGr)])).toBe('<Ctrl+AltGr+q>');
  });

  it('every chord reads modifiers+key, the key by name when it types nothing visible', () => {
    expect(text([down(K.Control_L), down(K.Shift_L), ...tap(0x54), up(K.Shift_L), up(K.Control_L)])).toBe('<Ctrl+Shift+T>');
    expect(text([down(K.Alt_L), ...tap(K.Tab), ...tap(K.Tab), up(K.Alt_L)])).toBe('<Alt+Tab><Alt+Tab>');
    expect(text([down(K.Control_L), ...tap(0x20), ...tap(K.KP_Space), ...tap(K.F5), ...tap(K.KP_Add), up(K.Control_L)])).toBe(
      '<Ctrl+Space><Ctrl+Space><Ctrl+F5><Ctrl++>',
    );
    expect(text([down(K.Meta_L), ...tap(0x71), up(K.Meta_L), down(K.Super_L), ...tap(0x65), up(K.Super_L), down(K.Hyper_L), ...tap(0x78), up(K.Hyper_L)])).toBe(
      '<Meta+q><Super+e><Hyper+x>',
    );
    expect(text([down(K.Control_L), ...tap(K.dead_circumflex), ...tap(0x0101f600), up(K.Control_L)])).toBe('<Ctrl+0xFE52><Ctrl+😀>');
  });

  it('modifiers print in one order whatever order they were pressed in', () => {
    const ctrlFirst = [down(K.Control_L), down(K.Alt_L), ...tap(K.Delete), up(K.Alt_L), up(K.Control_L)];
    const altFirst = [down(K.Alt_R), down(K.Control_R), ...tap(K.Delete), up(K.Control_R), up(K.Alt_R)];
    expect(text(ctrlFirst)).toBe('<Ctrl+Alt+Delete>');
    expect(text(altFirst)).toBe('<Ctrl+Alt+Delete>');
    expect(text([down(K.Super_L), down(K.Shift_L), down(K.Meta_L), down(K.Alt_L), down(K.Control_L), ...tap(0x4b)])).toBe(
      '<Ctrl+Alt+Shift+Meta+Super+K>',
    );
  });

  it('Return inside a chord is a token and does not end the line', () => {
    expect(run([...typed('a'), down(K.Control_L), ...tap(K.Return), ...tap(K.KP_Enter), up(K.Control_L), ...typed('b')])).toEqual([
      { timeMs: 0, text: 'a<Ctrl+Return><Ctrl+Enter>b', complete: false },
    ]);
  });

  it('left and right copies of a modifier count once; releasing one leaves the other held', () => {
    const steps = [down(K.Control_L), down(K.Shift_L), down(K.Shift_R), ...tap(0x41), up(K.Shift_L), ...tap(0x42), up(K.Shift_R), ...tap(0x63)];
    expect(text(steps)).toBe('<Ctrl+Shift+A><Ctrl+Shift+B><Ctrl+c>');
  });
});

describe('unbalanced input and key repeat', () => {
  it('releases of keys never pressed change nothing', () => {
    expect(text([up(K.Control_L), up(0x61), up(K.Return), ...typed('a'), up(K.Shift_L), up(K.Shift_L), ...typed('b')])).toBe('ab');
  });

  it('a modifier released while another is held no longer counts (guaclog still prints it: <Ctrl+ShiftA>)', () => {
    expect(text([down(K.Control_L), down(K.Shift_L), up(K.Control_L), ...tap(0x41), up(K.Shift_L)])).toBe('A');
  });

  it('a modifier never released stays held to the end', () => {
    expect(text([down(K.Alt_L), ...tap(0x66), ...tap(0x78)])).toBe('<Alt+f><Alt+x>');
  });

  it('key repeat (presses without releases) types the key each time', () => {
    expect(text([down(0x61), down(0x61), down(0x61), up(0x61), down(K.BackSpace), down(K.BackSpace)])).toBe('aaa<Backspace><Backspace>');
  });

  it('a repeating modifier is still one modifier, and one release ends it', () => {
    expect(text([down(K.Control_L), down(K.Control_L), down(K.Control_L), ...tap(0x63), up(K.Control_L), ...tap(0x63)])).toBe('<Ctrl+c>c');
  });
});
