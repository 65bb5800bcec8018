/**
 * The command line as a readline-style shell edits it, rebuilt from keystrokes ("i" events): printables,
 * Backspace, Delete, Left/Right, Home/End, Ctrl+A/E/B/F/U/K/W, bracketed paste. Keys whose effect the
 * keystrokes alone cannot tell (Tab completion, history Up/Down, Ctrl+R, Alt+key) make the line
 * `uncertain`: the caller then reads the line back from the screen the shell echoed.
 */

export type KeyAction =
  | { kind: 'edit' }
  /** Return or Enter: the line is submitted. */
  | { kind: 'submit' }
  /** Ctrl+C: the line is thrown away. */
  | { kind: 'abort' }
  /** Ctrl+D on an empty line: end of input (a shell exits). */
  | { kind: 'eof' };

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

export class LineEditor {
  text = '';
  cursor = 0;
  uncertain = false;
  /** Something was typed on this line (a key that edits or moves). */
  touched = false;
  private pasting = false;
  /** An escape sequence cut between two input events. */
  private pendingEsc = '';

  reset(): void {
    this.text = '';
    this.cursor = 0;
    this.uncertain = false;
    this.touched = false;
    this.pasting = false;
  }

  /**
   * Applies keystrokes; calls `onAction` for each submit/abort/eof with the index just past the key in
   * `data` (the rest of `data` belongs to the next line).
   */
  feed(data: string, onAction: (a: KeyAction, restAt: number) => void): void {
    let s = this.pendingEsc + data;
    const offset = this.pendingEsc.length;
    this.pendingEsc = '';
    let i = 0;
    while (i < s.length) {
      if (this.pasting) {
        const end = s.indexOf(PASTE_END, i);
        const piece = end < 0 ? s.slice(i) : s.slice(i, end);
        this.insert(piece.replace(/\r\n?/g, '\n'));
        if (end < 0) return;
        this.pasting = false;
        i = end + PASTE_END.length;
        continue;
      }
      const c = s[i]!;
      const code = c.charCodeAt(0);
      if (c === '\x1b') {
        const seq = escapeSequence(s, i);
        if (seq === undefined) {
          this.pendingEsc = s.slice(i);
          return;
        }
        this.escape(seq);
        i += seq.length;
        continue;
      }
      i++;
      if (c === '\r' || c === '\n') {
        onAction({ kind: 'submit' }, i - offset);
        continue;
      }
      if (code === 0x03) {
        onAction({ kind: 'abort' }, i - offset);
        continue;
      }
      if (code === 0x04) {
        if (this.text.length === 0) onAction({ kind: 'eof' }, i - offset);
        else this.deleteAt(this.cursor);
        continue;
      }
      this.touched = true;
      if (code >= 0x20 && code !== 0x7f) this.insert(c);
      else this.control(code);
    }
    s = '';
  }

  private insert(piece: string): void {
    this.text = this.text.slice(0, this.cursor) + piece + this.text.slice(this.cursor);
    this.cursor += piece.length;
  }

  private deleteAt(at: number): void {
    if (at < 0 || at >= this.text.length) return;
    this.text = this.text.slice(0, at) + this.text.slice(at + 1);
    if (this.cursor > at) this.cursor--;
  }

  private control(code: number): void {
    switch (code) {
      case 0x7f:
      case 0x08:
        this.deleteAt(this.cursor - 1);
        return;
      case 0x01:
        this.cursor = 0;
        return;
      case 0x05:
        this.cursor = this.text.length;
        return;
      case 0x02:
        this.cursor = Math.max(0, this.cursor - 1);
        return;
      case 0x06:
        this.cursor = Math.min(this.text.length, this.cursor + 1);
        return;
      case 0x0b:
        this.text = this.text.slice(0, this.cursor);
        return;
      case 0x15:
        // bash kills back to the start; zsh kills the whole line: the same when the cursor is at the end.
        if (this.cursor < this.text.length) this.uncertain = true;
        this.text = this.text.slice(this.cursor);
        this.cursor = 0;
        return;
      case 0x17: {
        // bash's unix-word-rubout: back over spaces, then over non-spaces. zsh and fish stop at "/" too.
        let at = this.cursor;
        while (at > 0 && this.text[at - 1] === ' ') at--;
        while (at > 0 && this.text[at - 1] !== ' ') at--;
        if (/[/.=-]/.test(this.text.slice(at, this.cursor))) this.uncertain = true;
        this.text = this.text.slice(0, at) + this.text.slice(this.cursor);
        this.cursor = at;
        return;
      }
      case 0x0c:
        // Ctrl+L redraws the screen; the line is unchanged.
        return;
      default:
        // Tab (completion), Ctrl+R (history search), Ctrl+Y (yank), Ctrl+T and the rest.
        this.uncertain = true;
    }
  }

  private escape(seq: string): void {
    this.touched = true;
    if (seq === PASTE_START) {
      this.pasting = true;
      return;
    }
    const key = /^\x1b(?:\[|O)([\d;]*)([A-Za-z~])$/.exec(seq);
    if (!key) {
      // Alt+key (word moves, kills) and anything unknown.
      this.uncertain = true;
      return;
    }
    const [, params, final] = key;
    const mods = params!.includes(';');
    if (final === 'D' && !mods) this.cursor = Math.max(0, this.cursor - 1);
    else if (final === 'C' && !mods) this.cursor = Math.min(this.text.length, this.cursor + 1);
    else if (final === 'H' || (final === '~' && (params === '1' || params === '7'))) this.cursor = 0;
    else if (final === 'F' || (final === '~' && (params === '4' || params === '8'))) this.cursor = this.text.length;
    else if (final === '~' && params === '3') this.deleteAt(this.cursor);
    else this.uncertain = true;
  }
}

/** The escape sequence starting at `at` (ESC [ ... final, ESC O x, ESC x), or undefined if cut off. */
function escapeSequence(s: string, at: number): string | undefined {
  const next = s[at + 1];
  if (next === undefined) return undefined;
  if (next === '[') {
    for (let j = at + 2; j < s.length; j++) {
      const code = s.charCodeAt(j);
      if (code >= 0x40 && code <= 0x7e) return s.slice(at, j + 1);
    }
    return undefined;
  }
  if (next === 'O') return s[at + 2] === undefined ? undefined : s.slice(at, at + 3);
  return s.slice(at, at + 2);
}
