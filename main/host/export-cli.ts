/**
 * `trailview export FILE --from MS --to MS -o OUT [--format cast|guac|txt|csv|bundle|webm|mp4]
 * [--cast-version 3] [--notes TEXT] [--timestamp] [--caption] [--fast]` and `trailview verify BUNDLE`: the
 * CLI's side (flags, what is printed, exit codes). Video is rendered in Chromium (main/web/video-export.ts).
 */
import { resolve } from 'node:path';
import type { RecordingSummary } from '../../shared/model';
import { toApiError } from '../../shared/errors';
import { UsageError, type FlagSpec } from './args';
import type { Core } from '../core/types';
import type { ExportFormat } from '../core/export/types';
import { verifyBundle } from '../core/export/verify';
import { exportVideoFile } from '../web/video-export';

export const EXPORT_USAGE = `  export FILE --from MS --to MS -o OUT [--format cast|guac|txt|csv|bundle|webm|mp4] [--cast-version 2|3] [--notes TEXT]
                                  the range as a clip that plays on its own (terminal: asciicast;
                                  Guacamole: a dump), its transcript, its commands and transfers (one
                                  CSV), an evidence bundle (zip with manifest, SHA-256 of everything,
                                  README), or video (WebM VP9, MP4 H.264), rendered in a headless
                                  Chromium ($TRAILVIEW_CHROMIUM, else one on this machine) the way the
                                  app's Export dialog renders it; format from OUT's extension
    --timestamp, --caption        video: burn in the time / the session caption below the picture
    --fast                        video recordings: start at the key frame before --from, copying the
                                  original frames, instead of re-encoding from --from
  verify BUNDLE                   re-check every SHA-256 in an evidence bundle; exit 1 naming any
                                  file that differs, is missing or was added`;

export const EXPORT_FLAGS: FlagSpec = {
  from: { type: 'string' },
  to: { type: 'string' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
  'cast-version': { type: 'string' },
  notes: { type: 'string' },
  timestamp: { type: 'boolean' },
  caption: { type: 'boolean' },
  fast: { type: 'boolean' },
};

type Flags = Record<string, string | boolean | undefined>;
type CliFormat = ExportFormat | 'webm' | 'mp4';
const TIME_RE = /^\d+(\.\d+)?$/;
const FORMATS: CliFormat[] = ['cast', 'guac', 'txt', 'csv', 'bundle', 'webm', 'mp4'];
const BY_EXTENSION: [RegExp, CliFormat][] = [
  [/\.zip$/, 'bundle'],
  [/\.txt$/, 'txt'],
  [/\.csv$/, 'csv'],
  [/\.guac$/, 'guac'],
  [/\.cast$/, 'cast'],
  [/\.webm$/, 'webm'],
  [/\.(mp4|m4v)$/, 'mp4'],
];
const isVideo = (f: CliFormat): f is 'webm' | 'mp4' => f === 'webm' || f === 'mp4';

/** --format, else OUT's extension, else undefined (then the recording's kind decides). */
function declaredFormat(flags: Flags): CliFormat | undefined {
  if (typeof flags.format === 'string') return flags.format as CliFormat;
  const out = String(flags.output).toLowerCase();
  return BY_EXTENSION.find(([re]) => re.test(out))?.[1];
}

/** Usage errors for the export flags (before anything is opened). */
export function checkExportFlags(flags: Flags): void {
  for (const name of ['from', 'to'] as const) {
    const v = flags[name];
    if (typeof v !== 'string') throw new UsageError(`export needs --${name} MS`);
    if (!TIME_RE.test(v)) throw new UsageError(`--${name} must be a time in milliseconds >= 0, not "${v}"`);
  }
  if (Number(flags.to) <= Number(flags.from)) throw new UsageError(`--to (${String(flags.to)}) must be after --from (${String(flags.from)})`);
  if (typeof flags.output !== 'string' || flags.output === '') throw new UsageError('export needs -o OUT (the file to write)');
  if (flags.format !== undefined && !FORMATS.includes(flags.format as CliFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${String(flags.format)}"`);
  if (flags['cast-version'] !== undefined && flags['cast-version'] !== '2' && flags['cast-version'] !== '3') throw new UsageError(`--cast-version must be 2 or 3, not "${String(flags['cast-version'])}"`);
  const format = declaredFormat(flags);
  for (const name of ['timestamp', 'caption', 'fast'] as const) {
    if (flags[name] && format !== undefined && !isVideo(format)) throw new UsageError(`--${name} applies to video exports (.webm, .mp4), not to ${format}`);
  }
}

/** --format, else OUT's extension, else the recording's own kind of clip (a video recording: MP4). */
function formatFor(flags: Flags, summary: RecordingSummary): CliFormat {
  return declaredFormat(flags) ?? (summary.kind === 'display' ? 'guac' : summary.kind === 'video' ? 'mp4' : 'cast');
}

/** What the export needs from the command line besides its flags. */
export interface ExportContext {
  /** FILE as given (stderr lines start with it). */
  file: string;
  dataDir: string;
  /** A line on stderr. */
  printError(line: string): void;
}

export async function exportCommand(core: Core, summary: RecordingSummary, flags: Flags, appVersion: string, print: (line: string) => void, ctx: ExportContext): Promise<void> {
  const format = formatFor(flags, summary);
  if (isVideo(format)) return videoExport(core, summary, flags, format, print, ctx);
  const result = await core.exportClip(summary.id, {
    fromMs: Number(flags.from),
    toMs: Number(flags.to),
    format,
    outPath: resolve(String(flags.output)),
    ...(flags['cast-version'] === '3' ? { castVersion: 3 as const } : flags['cast-version'] === '2' ? { castVersion: 2 as const } : {}),
    ...(typeof flags.notes === 'string' ? { notes: flags.notes } : {}),
    appVersion,
  });
  print(`${result.path}: ${format}, ${result.sizeBytes} bytes, SHA-256 ${result.sha256}`);
}

/**
 * Progress on stderr: a line redrawn in place on a terminal, else a line every 10%. Ctrl+C (or SIGTERM)
 * stops the export and cleans up; a second one quits at once (the browser is still killed on exit).
 */
async function videoExport(core: Core, summary: RecordingSummary, flags: Flags, container: 'webm' | 'mp4', print: (line: string) => void, ctx: ExportContext): Promise<void> {
  const tty = process.stderr.isTTY === true;
  let shown = -1;
  const onProgress = (p: number): void => {
    const percent = Math.floor(p * 100);
    if (tty) {
      if (percent !== shown) process.stderr.write(`\rtrailview: ${ctx.file}: rendering video ${percent}%`);
    } else if (Math.floor(percent / 10) > Math.floor(shown / 10)) {
      ctx.printError(`trailview: ${ctx.file}: rendering video ${percent}%`);
    }
    shown = percent;
  };
  const endLine = (): void => {
    if (tty && shown >= 0) process.stderr.write('\r\x1b[K');
    shown = -1;
  };
  const abort = new AbortController();
  const onSignal = (): void => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const r = await exportVideoFile(core, summary, {
      fromMs: Number(flags.from),
      toMs: Number(flags.to),
      container,
      outPath: String(flags.output),
      timestamp: flags.timestamp === true,
      caption: flags.caption === true,
      fast: flags.fast === true,
      dataDir: ctx.dataDir,
      signal: abort.signal,
      onProgress,
      note: (line) => {
        endLine();
        ctx.printError(`trailview: ${ctx.file}: ${line}`);
      },
    });
    endLine();
    const p = r.probe;
    print(`${r.path}: ${container}, ${r.sizeBytes} bytes, SHA-256 ${r.sha256}; ${p.width}x${p.height}, ${(p.durationMs / 1000).toFixed(3)} s, ${r.detail}; made in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    endLine();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Prints one line per member; answers the exit code (0 all verified, 1 any problem or unreadable). */
export async function verifyCommand(args: string[], print: (line: string) => void, printError: (line: string) => void): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    printError('trailview: verify needs BUNDLE (one .zip made by trailview export)');
    return 2;
  }
  const path = args[0]!;
  try {
    const verdict = await verifyBundle(path);
    for (const name of verdict.verified) print(`OK        ${name}`);
    for (const p of verdict.problems) print(`${p.problem.toUpperCase().padEnd(10)}${p.member}: ${p.message}`);
    if (verdict.ok) {
      const m = verdict.manifest!;
      print(`${path}: verified, ${verdict.verified.length + 1} files match the manifest (source ${m.source.fileName}, SHA-256 ${m.source.sha256})`);
      return 0;
    }
    printError(`trailview: ${path}: NOT verified: ${verdict.problems.map((p) => `${p.member} ${p.problem}`).join(', ')}`);
    return 1;
  } catch (err) {
    printError(`trailview: ${path}: ${toApiError(err).message}`);
    return 1;
  }
}
