/**
 * Typed text from a recording's `key` instructions, read the way guaclog (guacd's log interpreter) reads
 * them, with its chord bug fixed:
 * - a key that types something adds its character (Latin-1 and Unicode keysyms, keypad digits and operators);
 * - Return and keypad Enter end the line, unless a chord modifier is held;
 * - any other key becomes a token: `<Tab>`, `<Escape>`, `<Backspace>`, `<F5>`, `<0xFE52>` for an unnamed keysym;
 * - with Ctrl, Alt, Meta, Super or Hyper held, a key becomes a chord: `<Ctrl+l>`, `<Ctrl+Shift+T>`,
 *   `<Ctrl+Alt+Delete>`. guaclog prints `<Ctrll>` here (no `+` before the key) and `<Ctrl(null)>` when the
 *   key has no character; every chord here reads modifiers + key, modifiers in one fixed order.
 *
 * Deliberate differences from guaclog, besides the chord text: only modifiers still held count (guaclog
 * keeps a released Ctrl in a chord while a later-pressed modifier is still down); left and right copies of
 * a modifier count once; control characters, surrogates and keysyms guaclog cannot decode (Unicode
 * beyond U+FFFF) are tokens or text as their keysym says, never raw control bytes.
 *
 * Backspace, Delete and arrows do not edit the line: like guaclog, they are tokens where they were pressed,
 * so the transcript is what was typed, not what ended up on the command line.
 */
import { CHORD_MODIFIERS, MODIFIERS, describeKeysym, type KeyDef, type Modifier } from './keysyms';

export interface TypedLine {
  /** When the line's first key that typed or produced a token was pressed (the caller's clock). */
  timeMs: number;
  /** What was typed, without the Return that ended it. */
  text: string;
  /** True when Return or Enter ended the line; false for a line cut by `finish()` or by the length limit. */
  complete: boolean;
}

export interface KeyLogOptions {
  /** A line is handed over (complete: false) once it reaches this many UTF-16 units; default 10,000. */
  maxLineLength?: number;
}

const DEFAULT_MAX_LINE_LENGTH = 10_000;
const LARGEST_KEYSYM = 0xffffffff;

export class KeyLog {
  /** Modifier keys currently down, by keysym (Shift_L and Shift_R are two entries, one `Shift`). */
  private readonly held = new Map<number, Modifier>();
  private text = '';
  private lineTimeMs = 0;
  private lineStarted = false;
  private readonly maxLineLength: number;

  constructor(
    private readonly onLine: (line: TypedLine) => void,
    options: KeyLogOptions = {},
  ) {
    this.maxLineLength = Math.max(1, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * One `key` instruction. A key held down repeats as further presses, each typed again. Releases only
   * matter for modifiers; a release of a key that was never pressed changes nothing. A keysym that is not
   * an integer in 0..0xFFFFFFFF (a damaged instruction) is ignored.
   */
  key(keysym: number, pressed: boolean, timeMs: number): void {
    if (!Number.isInteger(keysym) || keysym < 0 || keysym > LARGEST_KEYSYM) return;
    const def = describeKeysym(keysym);
    if (def.modifier !== undefined) {
      if (pressed) this.held.set(keysym, def.modifier);
      else this.held.delete(keysym);
      return;
    }
    if (!pressed) return;
    const chord = this.chord(def);
    if (chord !== undefined) this.append(chord, timeMs);
    else if (def.text === '\n') this.endLine(timeMs, true);
    else this.append(def.text ?? `<${def.name}>`, timeMs);
  }

  /** End of the recording: hands over the unfinished line, if anything was typed on it. */
  finish(): void {
    if (this.lineStarted) this.endLine(this.lineTimeMs, false);
  }

  /** The chord token for `def` if a chord modifier is held, else undefined. */
  private chord(def: KeyDef): string | undefined {
    if (this.held.size === 0) return undefined;
    const down = new Set(this.held.values());
    if (![...down].some((m) => CHORD_MODIFIERS.has(m))) return undefined;
    const parts: string[] = MODIFIERS.filter((m) => down.has(m));
    parts.push(def.name);
    return `<${parts.join('+')}>`;
  }

  private append(piece: string, timeMs: number): void {
    if (!this.lineStarted) {
      this.lineStarted = true;
      this.lineTimeMs = timeMs;
    }
    this.text += piece;
    if (this.text.length >= this.maxLineLength) this.endLine(this.lineTimeMs, false);
  }

  /** Hands over the current line; an empty line (Return alone) takes the Return's time. */
  private endLine(timeMs: number, complete: boolean): void {
    const line: TypedLine = { timeMs: this.lineStarted ? this.lineTimeMs : timeMs, text: this.text, complete };
    this.text = '';
    this.lineStarted = false;
    this.onLine(line);
  }
}
