/**
 * Commands and transfers of a Guacamole recording: each typed line (the key log, Return-terminated)
 * with its editing keys applied is a command, with the window title at that time as its context;
 * `file`/`pipe` streams are transfers.
 */
import type { CommandEntry, StreamTransfer, TextKind, TransferEntry } from '../../../shared/model';

export interface GuacTextLine {
  timeMs: number;
  text: string;
  kind: TextKind;
}

/** Typed lines that follow one of these within this long, without a space in them, are taken as secrets. */
const SECRET_AFTER = /^(?:sudo\s+\S|su\b|ssh\b|passwd\b|mysql\b.*\s-p\s*(?:\s|$)|ftp\b|sftp\b|kinit\b|login\b)/;
const SECRET_WINDOW_MS = 30_000;

/** Applies the key log's editing tokens (`<Backspace>`, `<Left>` ...) to a typed line; other tokens go. */
export function editTypedLine(typed: string): string {
  let text = '';
  let cursor = 0;
  const re = /<([A-Za-z0-9_+]+)>|[^<]+|</g;
  for (let m = re.exec(typed); m; m = re.exec(typed)) {
    const token = m[1];
    if (token === undefined) {
      text = text.slice(0, cursor) + m[0] + text.slice(cursor);
      cursor += m[0].length;
      continue;
    }
    switch (token) {
      case 'Backspace':
        if (cursor > 0) {
          text = text.slice(0, cursor - 1) + text.slice(cursor);
          cursor--;
        }
        break;
      case 'Delete':
        text = text.slice(0, cursor) + text.slice(cursor + 1);
        break;
      case 'Left':
        cursor = Math.max(0, cursor - 1);
        break;
      case 'Right':
        cursor = Math.min(text.length, cursor + 1);
        break;
      case 'Home':
      case 'Ctrl+a':
        cursor = 0;
        break;
      case 'End':
      case 'Ctrl+e':
        cursor = text.length;
        break;
      case 'Ctrl+u':
        text = text.slice(cursor);
        cursor = 0;
        break;
      case 'Ctrl+c':
        text = '';
        cursor = 0;
        break;
      default:
        // Ctrl+L, Tab, F-keys: no text of their own in the line.
        break;
    }
  }
  return text.trim();
}

export function guacCommands(lines: readonly GuacTextLine[]): CommandEntry[] {
  const commands: CommandEntry[] = [];
  let title: string | undefined;
  let lastTyped: { timeMs: number; text: string } | undefined;
  for (const line of lines) {
    if (line.kind === 'title') {
      title = line.text;
      continue;
    }
    if (line.kind !== 'typed') continue;
    const text = editTypedLine(line.text);
    const prev = lastTyped;
    lastTyped = { timeMs: line.timeMs, text };
    if (!text) continue;
    if (prev && SECRET_AFTER.test(prev.text) && line.timeMs - prev.timeMs < SECRET_WINDOW_MS && !/\s/.test(text)) continue;
    const entry: CommandEntry = { timeMs: line.timeMs, command: text, source: 'keys' };
    if (title) entry.context = title;
    commands.push(entry);
  }
  return commands;
}

/** guacd records what the server sent: a `file` stream is a file leaving the remote desktop. */
export function guacTransfers(streams: readonly StreamTransfer[]): TransferEntry[] {
  return streams.map((s) => {
    const entry: TransferEntry = { timeMs: s.timeMs, name: s.name, sizeBytes: s.sizeBytes, tool: s.kind === 'file' ? 'guacamole-file' : 'guacamole-pipe' };
    if (s.kind === 'file') entry.direction = 'download';
    if (s.endMs !== undefined) {
      entry.endMs = s.endMs;
      entry.ok = true;
    }
    return entry;
  });
}
