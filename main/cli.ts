/**
 * `trailview`: the core from the command line. One line on stderr per error, never a stack trace;
 * exit 1 for a file that cannot be read or played, 2 for a usage error.
 */
import { basename } from 'node:path';
import { createCore } from './core/core';
import type { Core } from './core/types';
import { formatDuration, type ApiError, type RecordingSummary, type TextKind, type TextLine } from '../shared/model';
import { sessionFactRows } from '../shared/formats/jumpserver/facts-text';
import { toApiError } from '../shared/errors';
import { appVersion } from './host/app-version';
import { findAppRoot } from './host/app-root';
import { parseArgs, UsageError, type FlagSpec } from './host/args';
import { resolveDataDir } from './host/data-dir';
import { builtWorkerPath } from './host/worker-path';
import { runWeb } from './web/run';
import { checkExportFlags, EXPORT_FLAGS, EXPORT_USAGE, exportCommand, verifyCommand } from './host/export-cli';
import { formatCommands, formatTransfers } from './core/commands/cli-format';
import { readLogFile } from './core/commands/read-log';
import { applyCommandLogs, applyTransferLogs, sessionClock, type LogRows } from './core/commands/apply-logs';

const USAGE = `usage: trailview <command> [options]

commands:
  info FILE [--json]              format, duration, size (cols x rows or pixels), events, metadata, warnings;
                                  session facts (user, asset, times ...), parts, an archive's members
  index FILE                      build (or load the cached) index and say how long it took
  search FILE QUERY [--regex] [--case-sensitive] [--word] [--json]
                                  every line holding QUERY, with its time (Guacamole: typed
                                  text, clipboard and window titles, tagged by kind)
  frame FILE --at MS              the visible screen text at MS milliseconds (terminal recordings)
  transcript FILE [--json]        every line of text in order, with its time (Guacamole: the
                                  keystroke log, clipboard and titles)
  commands FILE [--json|--csv]    commands run in the recording, with times, exit codes, risk flags
                                  and where they ran (Guacamole: typed lines, window titles)
  transfers FILE [--json|--csv]   files moved in or out (ZMODEM, scp, rsync, curl, wget, sftp,
                                  Guacamole file streams)
    --log LOG                     commands/transfers: merge a JumpServer command-record or FTP-log
                                  export (CSV or JSON) whose rows match the recording (source 'log')
${EXPORT_USAGE}
  web [FILE...] [--port N] [--no-open] [--no-samples]
                                  browser mode on 127.0.0.1

options:
  --member PATH                   open this member of an archive (tar, tar.gz, zip) instead of its first recording
  --data-dir DIR                  index cache location (default: $TRAILVIEW_DATA_DIR, else the platform's data dir)
  -h, --help                      this text
  -V, --version                   the version`;

/** A failure about one file: printed as `trailview: FILE: message (where)`. */
class FileError extends Error {
  constructor(readonly file: string, readonly error: ApiError) {
    super(error.message);
  }
}

const COMMON: FlagSpec = { 'data-dir': { type: 'string' }, member: { type: 'string' }, help: { type: 'boolean', short: 'h' } };
const FLAGS: Record<string, FlagSpec> = {
  info: { ...COMMON, json: { type: 'boolean' } },
  index: COMMON,
  search: { ...COMMON, regex: { type: 'boolean' }, 'case-sensitive': { type: 'boolean' }, word: { type: 'boolean' }, json: { type: 'boolean' } },
  frame: { ...COMMON, at: { type: 'string' } },
  transcript: { ...COMMON, json: { type: 'boolean' } },
  commands: { ...COMMON, json: { type: 'boolean' }, csv: { type: 'boolean' }, log: { type: 'string' } },
  transfers: { ...COMMON, json: { type: 'boolean' }, csv: { type: 'boolean' }, log: { type: 'string' } },
};
const ARITY: Record<string, string[]> = { info: ['FILE'], index: ['FILE'], search: ['FILE', 'QUERY'], frame: ['FILE'], transcript: ['FILE'] };
ARITY.commands = ['FILE'];
ARITY.transfers = ['FILE'];
FLAGS.export = { ...COMMON, ...EXPORT_FLAGS };
ARITY.export = ['FILE'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const out = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const clock = (ms: number) => `${formatDuration(ms)}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;

function where(e: { line?: number; offsetBytes?: number }): string {
  if (e.line !== undefined) return ` (line ${e.line})`;
  if (e.offsetBytes !== undefined) return ` (byte ${e.offsetBytes})`;
  return '';
}

/** Open a file and wait for its index; a failed index is an error for every command. */
async function openIndexed(core: Core, file: string, member?: string): Promise<RecordingSummary> {
  let summary: RecordingSummary;
  try {
    summary = await core.whenIndexed((await core.open(file, member !== undefined ? { member } : undefined)).id);
  } catch (err) {
    throw new FileError(file, toApiError(err));
  }
  if (summary.index.state === 'failed') {
    throw new FileError(file, summary.index.error ?? { code: 'CORRUPT', message: 'indexing failed' });
  }
  return summary;
}

/** What every kind shares: session metadata, facts, parts, the archive it came from. */
function infoExtras(s: RecordingSummary, own: Record<string, unknown> = {}) {
  const metadata = { ...own, ...s.metadata };
  return {
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(s.session && Object.keys(s.session).length > 0 ? { session: s.session } : {}),
    ...(s.parts ? { parts: s.parts.map((p) => ({ name: p.name, startMs: p.startMs, durationMs: p.durationMs })) } : {}),
    ...(s.container ? { container: s.container } : {}),
  };
}

function infoJson(s: RecordingSummary) {
  if (s.kind === 'video') {
    const v = s.video;
    return { format: s.format, durationMs: s.durationMs, width: v.width, height: v.height, codecs: v.codecs, clips: v.clips, ...infoExtras(s), warnings: s.warnings };
  }
  if (s.kind === 'display') {
    const d = s.display;
    const metadata: Record<string, unknown> = {};
    if (d.title !== undefined) metadata.title = d.title;
    return {
      format: s.format,
      durationMs: s.durationMs,
      width: d.width,
      height: d.height,
      frames: d.frames,
      events: s.events,
      ...(d.sizes.length > 1 ? { sizes: d.sizes } : {}),
      keyEvents: d.keyEvents,
      mouseEvents: d.mouseEvents,
      clipboardEntries: d.clipboardEntries,
      ...(d.transfers.length > 0 ? { transfers: d.transfers } : {}),
      ...infoExtras(s, metadata),
      warnings: s.warnings,
    };
  }
  const t = s.terminal;
  const metadata: Record<string, unknown> = {};
  if (t.title !== undefined) metadata.title = t.title;
  if (t.command !== undefined) metadata.command = t.command;
  if (t.env !== undefined) metadata.env = t.env;
  if (t.startedAtEpochMs !== undefined) metadata.timestamp = new Date(t.startedAtEpochMs).toISOString();
  if (t.theme !== undefined) metadata.theme = t.theme;
  return {
    format: s.format,
    formatVersion: s.formatVersion ?? null,
    durationMs: s.durationMs,
    cols: t.cols,
    rows: t.rows,
    events: s.events,
    ...infoExtras(s, metadata),
    warnings: s.warnings,
  };
}

function printInfo(s: RecordingSummary): void {
  const info = infoJson(s);
  const version = s.kind === 'terminal' && s.formatVersion !== undefined ? ` v${s.formatVersion}` : '';
  const rows: [string, string][] = [
    ['file', s.fileName],
    ['format', `${s.format}${version}${s.compression === 'gzip' ? ' (gzip)' : ''}`],
    ['duration', `${formatDuration(s.durationMs)} (${Math.round(s.durationMs)} ms)`],
    ['size', 'cols' in info ? `${info.cols}x${info.rows}` : `${info.width}x${info.height} px`],
    ['events', String(s.events)],
  ];
  if ('frames' in info) rows.push(['frames', String(info.frames)], ['keys', String(info.keyEvents)]);
  // Session metadata is shown as facts below; the rest (a recording's own header fields) as found.
  const own = Object.entries('metadata' in info ? (info.metadata ?? {}) : {}).filter(([k]) => !s.session || !(k in (s.metadata ?? {})));
  for (const [k, v] of own) rows.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
  if (s.session) rows.push(...sessionFactRows(s.session));
  rows.push(['warnings', String(s.warnings.length)]);
  const width = Math.max(10, ...rows.map(([k]) => k.length + 2));
  out(rows.map(([k, v]) => `${k.padEnd(width)}${v}`).join('\n'));
  for (const w of s.warnings) out(`  ${w.code}: ${w.message}${where(w)}`);
  if (s.parts && s.parts.length > 0) {
    out(`parts (${s.parts.length}):`);
    for (const p of s.parts) out(`  ${clock(p.startMs)}  ${formatDuration(p.durationMs).padStart(8)}  ${p.name}`);
  }
  const c = s.container;
  if (c) {
    out(`archive ${c.fileName} (${c.kind}, ${c.members.length} member${c.members.length === 1 ? '' : 's'}; * = playing):`);
    for (const m of c.members) {
      const what = m.kind === 'metadata' ? 'session metadata' : m.kind ? `${m.kind}, ${m.format ?? '?'}` : '-';
      out(`  ${c.memberPaths.includes(m.path) ? '*' : ' '} ${m.path}  [${what}]  ${m.sizeBytes} bytes`);
    }
    for (const r of c.refused ?? []) out(`  ! ${r.path}  refused: ${r.reason}`);
    const b = c.bundle;
    if (b) {
      if (b.skipped) out(`evidence bundle: not checked (${b.skipped})`);
      else if (b.ok) out(`evidence bundle: verified, ${b.verified.length} files match its manifest`);
      else for (const p of b.problems) out(`evidence bundle: ${p.problem.toUpperCase()} ${p.member}: ${p.message}`);
    }
  }
}

async function command(name: string, args: string[], flags: Record<string, string | boolean | undefined>, core: Core): Promise<void> {
  const file = args[0]!;
  const summary = await openIndexed(core, file, typeof flags.member === 'string' ? flags.member : undefined);
  const fail = (err: unknown) => new FileError(file, toApiError(err));
  switch (name) {
    case 'info':
      return flags.json ? out(JSON.stringify(infoJson(summary), null, 2)) : printInfo(summary);
    case 'index': {
      const how = summary.index.fromCache ? 'loaded the cached index' : 'built the index';
      const took = (summary.index.elapsedMs !== undefined ? ` in ${Math.round(summary.index.elapsedMs)} ms` : '') + (summary.index.threads === 2 ? ' on two threads' : '');
      return out(`${file}: ${how}${took}: ${summary.events} events, ${clock(summary.durationMs)} long, ${summary.markers.length} markers, ${summary.warnings.length} warnings`);
    }
    case 'search': {
      const result = await core
        .search({ id: summary.id, query: args[1]!, regex: !!flags.regex, caseSensitive: !!flags['case-sensitive'], wholeWord: !!flags.word, limit: 5000 })
        .catch((err: unknown) => Promise.reject(fail(err)));
      const hits = result.hits.map((h) => ({ timeMs: h.timeMs, text: h.text, ...(h.kind ? { kind: h.kind } : {}) }));
      if (flags.json) return out(JSON.stringify(hits, null, 2));
      if (hits.length > 0) out(hits.map((h) => `${clock(h.timeMs)}  ${kindTag(h.kind)}${h.text}`).join('\n'));
      if (result.truncated) process.stderr.write(`trailview: ${file}: showing the first ${hits.length} of ${result.total} hits\n`);
      return;
    }
    case 'export':
      return exportCommand(core, summary, flags, appVersion(findAppRoot(import.meta.dirname)), out, {
        file,
        dataDir: resolveDataDir(flags['data-dir'] as string | undefined),
        printError: (line) => void process.stderr.write(`${line}\n`),
      }).catch((err: unknown) => Promise.reject(fail(err)));
    case 'frame': {
      const atMs = Number(flags.at);
      const screen = await core.screenAt(summary.id, atMs).catch((err: unknown) => Promise.reject(fail(err)));
      const lines = screen.lines.map((l) => l.replace(/\s+$/, ''));
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      if (lines.length > 0) out(lines.join('\n'));
      return;
    }
    case 'commands':
    case 'transfers': {
      const format = flags.json ? 'json' : flags.csv ? 'csv' : 'text';
      const logPath = typeof flags.log === 'string' ? flags.log : undefined;
      const logs: LogRows[] = logPath ? [await readLogFile(logPath, basename(logPath)).catch((err: unknown) => Promise.reject(new FileError(logPath, toApiError(err))))] : [];
      const clock = sessionClock(summary);
      if (logPath && !clock) process.stderr.write(`trailview: ${file}: the recording has no start time, so the log's rows cannot be placed on it\n`);
      if (name === 'commands') {
        const { commands } = await core.commands(summary.id).catch((err: unknown) => Promise.reject(fail(err)));
        return out(formatCommands(logPath ? applyCommandLogs(commands, logs, clock) : commands, format));
      }
      const { transfers } = await core.transfers(summary.id).catch((err: unknown) => Promise.reject(fail(err)));
      return out(formatTransfers(logPath ? applyTransferLogs(transfers, logs, clock) : transfers, format));
    }
    case 'transcript': {
      const lines: TextLine[] = [];
      try {
        for await (const line of core.transcript(summary.id)) {
          if (flags.json) lines.push(line);
          else out(`${clock(line.timeMs)}  ${kindTag(line.kind)}${line.text}`);
        }
      } catch (err) {
        throw fail(err);
      }
      if (flags.json) out(JSON.stringify(lines, null, 2));
      return;
    }
  }
}

/** Guacamole text says what it is (typed, clipboard, title); terminal output lines need no tag. */
function kindTag(kind: TextKind | undefined): string {
  return kind && kind !== 'output' ? `[${kind}] ` : '';
}

function parseCommand(argv: string[]): { name: string; args: string[]; flags: Record<string, string | boolean | undefined> } {
  const name = argv[0]!;
  const spec = FLAGS[name];
  if (!spec) throw new UsageError(`unknown command "${name}"`);
  const { positionals, flags } = parseArgs(argv.slice(1), spec);
  if (flags.help) return { name: 'help', args: [], flags };
  const want = ARITY[name]!;
  if (positionals.length !== want.length) throw new UsageError(`${name} needs ${want.join(' and ')}`);
  if (name === 'export') checkExportFlags(flags);
  if (name === 'frame') {
    const at = flags.at;
    if (typeof at !== 'string') throw new UsageError('frame needs --at MS');
    if (!/^\d+(\.\d+)?$/.test(at)) throw new UsageError(`--at must be a time in milliseconds >= 0, not "${at}"`);
  }
  return { name, args: positionals, flags };
}

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    out(appVersion(findAppRoot(import.meta.dirname)));
    return 0;
  }
  if (first === 'web') return runWeb(argv.slice(1));
  if (first === 'verify') return verifyCommand(argv.slice(1), out, (line) => void process.stderr.write(`${line}\n`));
  let parsed;
  try {
    parsed = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`trailview: ${err.message}\n${USAGE.split('\n')[0]} (trailview --help for more)\n`);
    return 2;
  }
  if (parsed.name === 'help') {
    out(USAGE);
    return 0;
  }
  const core = createCore({
    dataDir: resolveDataDir(parsed.flags['data-dir'] as string | undefined),
    worker: 'thread',
    workerPath: builtWorkerPath(findAppRoot(import.meta.dirname)),
  });
  try {
    await command(parsed.name, parsed.args, parsed.flags, core);
    return 0;
  } catch (err) {
    const file = err instanceof FileError ? err.file : parsed.args[0] ?? '';
    const e = err instanceof FileError ? err.error : toApiError(err);
    // The core names the file by its base name; the line already starts with the path as given.
    const message = e.message.replace(/\s*\n[\s\S]*$/, '').replace(new RegExp(`^${escapeRegExp(basename(file))}: `), '');
    process.stderr.write(`trailview: ${file}: ${message}${where(e)}\n`);
    // Interrupted (Ctrl+C during a video export, which cleans up first): the shell's convention.
    return e.code === 'CANCELLED' ? 130 : 1;
  } finally {
    await core.dispose().catch(() => undefined);
  }
}

// `| head` closing the pipe early is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Output is flushed by now; a handle the core forgot must not keep a finished command alive.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`trailview: ${toApiError(err).message}\n`);
    process.exitCode = 1;
  },
);
