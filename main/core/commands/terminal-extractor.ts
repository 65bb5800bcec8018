/**
 * Commands and file transfers from a terminal recording's events, best source first:
 * 1. shell-integration marks (OSC 133 / 633: prompt, command start, exit code, command line);
 * 2. keystrokes ("i" events) rebuilt into the edited line (LineEditor), read back from the screen the
 *    shell echoed when the keys alone cannot tell (Tab, history, Ctrl+R);
 * 3. output only (koko): a prompt recognised by shape or learned by repetition, and the text between it
 *    and the line feed that follows (the echo of Return) on the emulated screen.
 * ZMODEM frames in either direction become transfers (ZmodemScanner), and so do scp/rsync/curl/...
 * command lines (transfersOfCommand). The screen is a headless xterm, like the indexer's.
 */
import type { CommandEntry, TerminalEvent, TransferEntry } from '../../../shared/model';
import { coreOf, createTerminal, writeSync, type Buffer, type CoreTerminal, type HeadlessTerminal } from '../terminal/xterm-internals';
import { LineEditor } from './line-editor';
import { asksForSecret, endsWithPromptShape, nestedContext, promptLike, promptPrefix } from './prompts';
import { TRANSFER_DONE, TRANSFER_FAILED, transfersOfCommand } from './transfer-commands';
import { ZmodemTracker } from './zmodem-tracker';

const PREVIEW_LINES = 3;
const PREVIEW_MAX_CHARS = 200;
const RESIZE_RE = /^\s*(\d{1,4})\s*x\s*(\d{1,4})\s*$/;
/** A prompt text seen this often at a quiet cursor counts as a prompt even without a known shape. */
const LEARN_AFTER = 2;

interface TypedLine {
  /** The text before the cursor when the first key of the line was pressed (the prompt); undefined if unknown. */
  promptText: string | undefined;
  secret: boolean;
}

interface TransferWatch {
  command: CommandEntry;
  entries: TransferEntry[];
  failed: boolean;
}

export class TerminalCommandExtractor {
  readonly commands: CommandEntry[] = [];
  readonly transfers: TransferEntry[] = [];
  private readonly term: HeadlessTerminal;
  private readonly core: CoreTerminal;
  private readonly editor = new LineEditor();
  private readonly zmodem: ZmodemTracker;
  private inputSeen = false;
  private line: TypedLine | undefined;
  /** A submitted line whose keys were not enough: its text is read from the screen at the next line feed. */
  private awaitingEcho: { promptText: string | undefined; timeMs: number; fallback: string } | undefined;
  /** Output-only mode: the prompt showing now, waiting for its line to end. */
  private screenPrompt: string | undefined;
  private readonly learned = new Map<string, number>();
  private lastCountedRow = -1;
  private promptRow = -1;
  private current: CommandEntry | undefined;
  /** Line feeds to let pass before output lines go into `current`'s preview (the echo of its Return). */
  private previewSkip = 0;
  private contexts: { label: string; outerPrompt: string }[] = [];
  private fullScreenKeys = '';
  private fullScreenContext: string | undefined;
  private wasAlt = false;
  private lastOutputMs = 0;
  private nowMs = 0;
  private watch: TransferWatch | undefined;
  private lfChecks = 0;
  /** The row ZMODEM debris was left on: only the text up to the cursor is read there. */
  private debrisRow = -1;
  /** Shell-integration marks. */
  private mark: { promptMs: number; text?: string; command?: CommandEntry } | undefined;
  private marksSeen = false;

  constructor(cols: number, rows: number) {
    this.term = createTerminal(cols, rows, 500);
    this.core = coreOf(this.term);
    this.zmodem = new ZmodemTracker(this.transfers);
    this.term.parser.registerOscHandler(133, (data) => this.onMark(data));
    this.term.parser.registerOscHandler(633, (data) => this.onMark(data));
  }

  event(e: TerminalEvent): void {
    this.nowMs = e.timeMs;
    if (e.code === 'o') this.output(e.data, e.timeMs);
    else if (e.code === 'i') this.input(e.data, e.timeMs);
    else if (e.code === 'r') {
      const m = RESIZE_RE.exec(e.data);
      if (m && Number(m[1]) > 0 && Number(m[2]) > 0) this.term.resize(Number(m[1]), Number(m[2]));
    }
  }

  /** The end of the recording: a command still running ends with it. */
  finish(endMs: number): void {
    if (this.awaitingEcho) this.resolveEcho(undefined);
    this.zmodem.finish(endMs);
    this.endCurrent(endMs);
    this.term.dispose();
  }

  private get buffer(): Buffer {
    return this.core._bufferService.buffers.active;
  }

  private get altScreen(): boolean {
    return this.core._bufferService.buffers.active === this.core._bufferService.buffers.alt;
  }

  // ---- output ----

  private output(data: string, timeMs: number): void {
    const zmodemBefore = this.zmodem.active;
    this.zmodem.output(data, timeMs);
    if (this.watch && TRANSFER_DONE.test(data)) for (const t of this.watch.entries) t.endMs ??= timeMs;
    this.lfChecks = 0;
    let at = 0;
    for (let lf = data.indexOf('\n'); lf >= 0 && this.needLineFeeds(); lf = data.indexOf('\n', at)) {
      // Looked at before the CR of a CR LF: the cursor still marks where the typed text ends.
      const cut = lf > at && data[lf - 1] === '\r' ? lf - 1 : lf;
      writeSync(this.term, data.slice(at, cut));
      if (!zmodemBefore && !this.zmodem.active) this.beforeLineFeed(timeMs);
      writeSync(this.term, data.slice(cut, lf + 1));
      at = lf + 1;
    }
    writeSync(this.term, data.slice(at));
    // ZMODEM leaves protocol debris on the row the shell's prompt comes back to.
    if (zmodemBefore && !this.zmodem.active) this.debrisRow = this.buffer.ybase + this.buffer.y;
    this.lastOutputMs = timeMs;
    this.noteAltScreen();
    if (!this.zmodem.active) this.afterOutput(timeMs);
  }

  private needLineFeeds(): boolean {
    return (
      this.awaitingEcho !== undefined ||
      this.screenPrompt !== undefined ||
      this.watch !== undefined ||
      (this.current !== undefined && (this.current.outputPreview?.length ?? 0) < PREVIEW_LINES && this.current.endMs === undefined) ||
      (!this.inputSeen && this.lfChecks < 2)
    );
  }

  private noteAltScreen(): void {
    const alt = this.altScreen;
    if (alt && !this.wasAlt) {
      this.fullScreenKeys = '';
      this.fullScreenContext = this.current?.command;
    }
    this.wasAlt = alt;
  }

  /** The cursor is on a line that is about to be left by a line feed. */
  private beforeLineFeed(timeMs: number): void {
    this.lfChecks++;
    if (this.altScreen) return;
    const line = this.cursorLine();
    const text = (this.onDebrisRow() ? line.before : line.text).trimEnd();
    if (this.awaitingEcho) {
      this.resolveEcho(text);
      return;
    }
    if (!this.inputSeen) {
      const prompt = this.screenPrompt ?? promptPrefix(text) ?? this.learnedPrefix(text);
      this.screenPrompt = undefined;
      if (prompt !== undefined) {
        const command = stripPrompt(text, prompt);
        if (command !== undefined) {
          if (command) this.commit(command, timeMs, 'screen', prompt, 0);
          return;
        }
      }
    }
    if (this.watch) {
      if (TRANSFER_FAILED.test(text)) this.watch.failed = true;
      if (TRANSFER_DONE.test(text)) for (const t of this.watch.entries) t.endMs ??= timeMs;
    }
    const cur = this.current;
    if (cur && cur.endMs === undefined) {
      if (this.previewSkip > 0) {
        this.previewSkip--;
        return;
      }
      const preview = (cur.outputPreview ??= []);
      if (preview.length < PREVIEW_LINES && text.trim()) preview.push(text.length > PREVIEW_MAX_CHARS ? `${text.slice(0, PREVIEW_MAX_CHARS)}…` : text);
    }
  }

  /** After each output event: is a prompt showing (cursor at the end of a prompt-shaped line)? */
  private afterOutput(timeMs: number): void {
    if (this.altScreen) return;
    const { before, after } = this.cursorLine();
    if ((after.trim() && !this.onDebrisRow()) || !before.trim()) return;
    const row = this.buffer.ybase + this.buffer.y;
    // Typing after a prompt: `# ` typed at `$ ` is not a new prompt.
    if (this.screenPrompt !== undefined && row === this.promptRow && before.startsWith(this.screenPrompt)) return;
    if (promptLike(before) && row !== this.lastCountedRow) {
      this.lastCountedRow = row;
      this.learned.set(before, (this.learned.get(before) ?? 0) + 1);
    }
    if (endsWithPromptShape(before) || (this.learned.get(before) ?? 0) >= LEARN_AFTER) {
      this.promptRow = row;
      this.onPrompt(before, timeMs);
    }
  }

  private onDebrisRow(): boolean {
    return this.buffer.ybase + this.buffer.y === this.debrisRow;
  }

  private learnedPrefix(text: string): string | undefined {
    let best: string | undefined;
    for (const [prompt, count] of this.learned) {
      if (count >= LEARN_AFTER && text.startsWith(prompt) && (best === undefined || prompt.length > best.length)) best = prompt;
    }
    return best;
  }

  /** A prompt is showing: the previous command has ended; a nested shell may have been left. */
  private onPrompt(promptText: string, timeMs: number): void {
    if (this.current && this.current.timeMs < timeMs && this.previewSkip === 0) this.endCurrent(timeMs);
    this.popContexts(promptText);
    if (!this.inputSeen) this.screenPrompt = promptText;
  }

  // ---- input ----

  private input(data: string, timeMs: number): void {
    this.inputSeen = true;
    this.screenPrompt = undefined;
    if (this.awaitingEcho) this.resolveEcho(undefined);
    if (this.zmodem.input(data, timeMs) || this.zmodem.active) {
      this.editor.reset();
      this.line = undefined;
      return;
    }
    if (this.altScreen) {
      this.fullScreenInput(data, timeMs);
      return;
    }
    if (!this.line) this.startLine();
    this.editor.feed(data, (action) => {
      if (action.kind === 'submit') this.submitLine(timeMs);
      this.editor.reset();
      // Keys after a Return in the same event belong to a line whose prompt is not drawn yet.
      this.line = { promptText: undefined, secret: false };
    });
    if (this.line && this.line.promptText === undefined && !this.editor.touched) this.line = undefined;
  }

  private startLine(): void {
    const { before } = this.cursorLine();
    this.line = { promptText: before, secret: asksForSecret(before) };
    if (this.current && this.current.endMs === undefined && this.lastOutputMs > this.current.timeMs) this.endCurrent(this.lastOutputMs);
    this.popContexts(before);
  }

  private submitLine(timeMs: number): void {
    const line = this.line;
    if (!line || line.secret) return;
    const text = this.editor.text;
    if (this.editor.uncertain) {
      this.awaitingEcho = { promptText: line.promptText, timeMs, fallback: text };
      return;
    }
    if (text.trim()) this.commit(text.trim(), timeMs, 'input', line.promptText, 1);
  }

  /** The echoed line (or undefined if none came before the next key): the command as the shell saw it. */
  private resolveEcho(screenLine: string | undefined): void {
    const wait = this.awaitingEcho!;
    this.awaitingEcho = undefined;
    let command = wait.fallback.trim();
    if (screenLine !== undefined && wait.promptText !== undefined) {
      const fromScreen = stripPrompt(screenLine, wait.promptText) ?? stripPrompt(screenLine, promptPrefix(screenLine) ?? '\0');
      if (fromScreen !== undefined) command = fromScreen;
    }
    if (command) this.commit(command, wait.timeMs, 'input', wait.promptText, screenLine === undefined ? 1 : 0);
  }

  /** Keys typed in a full-screen program: the text typed since the last Return or Escape is a command. */
  private fullScreenInput(data: string, timeMs: number): void {
    this.editor.reset();
    this.line = undefined;
    for (const c of data.replace(/\x1b\[[\x20-\x3f]*[\x40-\x7e]|\x1bO./g, '\x1b')) {
      if (c === '\r' || c === '\n') {
        const text = this.fullScreenKeys.trim();
        this.fullScreenKeys = '';
        if (text) this.commit(text, timeMs, 'input', undefined, 0, true);
      } else if (c === '\x1b') this.fullScreenKeys = '';
      else if (c === '\x7f' || c === '\b') this.fullScreenKeys = this.fullScreenKeys.slice(0, -1);
      else if (c >= ' ') this.fullScreenKeys += c;
    }
  }

  // ---- shell-integration marks ----

  private onMark(data: string): boolean {
    const kind = data[0];
    this.marksSeen = true;
    if (kind === 'A') {
      this.endCurrent(this.nowMs);
    } else if (kind === 'B') {
      const { before } = this.cursorLine();
      this.mark = { promptMs: this.nowMs };
      this.onPrompt(before, this.nowMs);
    } else if (kind === 'E') {
      this.mark ??= { promptMs: this.nowMs };
      // "E;<command line>;<nonce>": a ";" inside the command line is escaped, so splitting is safe.
      this.mark.text = unescape633(data.split(';')[1] ?? '').trim();
    } else if (kind === 'C') {
      const mark = (this.mark ??= { promptMs: this.nowMs });
      if (this.awaitingEcho) this.resolveEcho(undefined);
      let cmd = [...this.commands].reverse().find((c) => c.timeMs >= mark.promptMs && !c.fullScreen);
      if (cmd) {
        cmd.source = 'marks';
        if (mark.text && mark.text !== cmd.command) cmd.command = mark.text;
      } else if (mark.text) {
        this.commit(mark.text, this.nowMs, 'marks', undefined, 0);
        cmd = this.current;
      }
      mark.command = cmd;
    } else if (kind === 'D') {
      const cmd = this.mark?.command;
      const code = /^D;(-?\d+)/.exec(data);
      if (cmd) {
        if (code) cmd.exitCode = Number(code[1]);
        this.endCurrent(this.nowMs);
        this.mark = undefined;
      }
    }
    // Let xterm's own handling (none for these) go on.
    return false;
  }

  // ---- commands ----

  private commit(text: string, timeMs: number, source: CommandEntry['source'], promptText: string | undefined, previewSkip: number, fullScreen = false): void {
    if (/\^C$/.test(text)) return;
    this.endCurrent(timeMs);
    const entry: CommandEntry = { timeMs, command: text, source };
    const context = fullScreen ? this.fullScreenContext : this.contexts[this.contexts.length - 1]?.label;
    if (context) entry.context = context;
    if (fullScreen) entry.fullScreen = true;
    this.commands.push(entry);
    if (fullScreen) return;
    this.current = entry;
    this.previewSkip = previewSkip;
    const nested = nestedContext(text);
    if (nested && promptText !== undefined) this.contexts.push({ label: nested, outerPrompt: promptText });
    const planned = transfersOfCommand(text, context);
    if (planned.length > 0) {
      const entries = planned.map((p) => ({ timeMs, ...p }));
      this.transfers.push(...entries);
      this.watch = { command: entry, entries, failed: false };
    }
  }

  private endCurrent(timeMs: number): void {
    const cur = this.current;
    if (!cur || cur.endMs !== undefined) return;
    cur.endMs = Math.max(cur.timeMs, timeMs);
    this.current = undefined;
    const watch = this.watch;
    if (watch && watch.command === cur) {
      for (const t of watch.entries) {
        t.endMs ??= cur.endMs;
        if (cur.exitCode !== undefined) t.ok = cur.exitCode === 0;
        else if (watch.failed) t.ok = false;
        else if (t.endMs < cur.endMs || cur.outputPreview?.some((l) => TRANSFER_DONE.test(l))) t.ok = true;
      }
      this.watch = undefined;
    }
  }

  private popContexts(promptText: string): void {
    for (let i = this.contexts.length - 1; i >= 0; i--) {
      if (this.contexts[i]!.outerPrompt === promptText) {
        this.contexts.length = i;
        return;
      }
    }
  }

  /** The logical line (wrapped rows joined) holding the cursor, split at the cursor. */
  private cursorLine(): { text: string; before: string; after: string } {
    const buf = this.buffer;
    const row = buf.ybase + buf.y;
    let start = row;
    while (start > 0 && buf.lines.get(start)?.isWrapped) start--;
    let end = row;
    while (buf.lines.get(end + 1)?.isWrapped) end++;
    const cols = this.term.cols;
    let before = '';
    let after = '';
    for (let r = start; r <= end; r++) {
      const line = buf.lines.get(r);
      if (!line) continue;
      if (r < row) before += line.translateToString(false, 0, cols);
      else if (r === row) {
        before += line.translateToString(false, 0, Math.min(buf.x, cols));
        after += line.translateToString(r === end, Math.min(buf.x, cols), cols);
      } else after += line.translateToString(r === end, 0, cols);
    }
    return { text: before + after, before, after };
  }
}

/** The command after `prompt` on a screen line: '' for a bare prompt, undefined if the line does not start with it. */
function stripPrompt(line: string, prompt: string): string | undefined {
  if (line.startsWith(prompt)) return line.slice(prompt.length).trim();
  if (line.trimEnd() === prompt.trimEnd()) return '';
  return undefined;
}

/** OSC 633 E escapes `\` as `\\` and bytes below 0x20 and `;` as `\xAB`. */
function unescape633(s: string): string {
  return s.replace(/\\\\|\\x([0-9a-fA-F]{2})/g, (m, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : '\\'));
}
