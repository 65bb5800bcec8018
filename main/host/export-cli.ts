/**
 * `trailview export FILE --from MS --to MS -o OUT [--format cast|guac|txt|csv|bundle] [--cast-version 3]
 * [--notes TEXT]` and `trailview verify BUNDLE`: the CLI's side (flags, what is printed, exit codes).
 */
import { resolve } from 'node:path';
import type { RecordingSummary } from '../../shared/model';
import { toApiError } from '../../shared/errors';
import { UsageError, type FlagSpec } from './args';
import type { Core } from '../core/types';
import type { ExportFormat } from '../core/export/types';
import { verifyBundle } from '../core/export/verify';

export const EXPORT_USAGE = `  export FILE --from MS --to MS -o OUT [--format cast|guac|txt|csv|bundle] [--cast-version 2|3] [--notes TEXT]
                                  the range as a clip that plays on its own (terminal: asciicast;
                                  Guacamole: a dump), its transcript, its commands and transfers (one
                                  CSV), or an evidence bundle (zip with manifest, SHA-256 of
                                  everything, README); format from OUT's extension
  verify BUNDLE                   re-check every SHA-256 in an evidence bundle; exit 1 naming any
                                  file that differs, is missing or was added`;

export const EXPORT_FLAGS: FlagSpec = {
  from: { type: 'string' },
  to: { type: 'string' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
  'cast-version': { type: 'string' },
  notes: { type: 'string' },
};

type Flags = Record<string, string | boolean | undefined>;
const TIME_RE = /^\d+(\.\d+)?$/;
const FORMATS: ExportFormat[] = ['cast', 'guac', 'txt', 'csv', 'bundle'];

/** Usage errors for the export flags (before anything is opened). */
export function checkExportFlags(flags: Flags): void {
  for (const name of ['from', 'to'] as const) {
    const v = flags[name];
    if (typeof v !== 'string') throw new UsageError(`export needs --${name} MS`);
    if (!TIME_RE.test(v)) throw new UsageError(`--${name} must be a time in milliseconds >= 0, not "${v}"`);
  }
  if (Number(flags.to) <= Number(flags.from)) throw new UsageError(`--to (${String(flags.to)}) must be after --from (${String(flags.from)})`);
  if (typeof flags.output !== 'string' || flags.output === '') throw new UsageError('export needs -o OUT (the file to write)');
  if (flags.format !== undefined && !FORMATS.includes(flags.format as ExportFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${String(flags.format)}"`);
  if (flags['cast-version'] !== undefined && flags['cast-version'] !== '2' && flags['cast-version'] !== '3') throw new UsageError(`--cast-version must be 2 or 3, not "${String(flags['cast-version'])}"`);
}

/** --format, else OUT's extension, else the recording's own kind of clip. */
function formatFor(flags: Flags, summary: RecordingSummary): ExportFormat {
  if (typeof flags.format === 'string') return flags.format as ExportFormat;
  const out = String(flags.output).toLowerCase();
  if (out.endsWith('.zip')) return 'bundle';
  if (out.endsWith('.txt')) return 'txt';
  if (out.endsWith('.csv')) return 'csv';
  if (out.endsWith('.guac')) return 'guac';
  if (out.endsWith('.cast')) return 'cast';
  return summary.kind === 'display' ? 'guac' : 'cast';
}

export async function exportCommand(core: Core, summary: RecordingSummary, flags: Flags, appVersion: string, print: (line: string) => void): Promise<void> {
  const format = formatFor(flags, summary);
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
