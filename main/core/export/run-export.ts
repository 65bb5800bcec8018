/**
 * One export, in the worker that owns the recording: checks the request against the recording, picks the
 * writer for the format, writes through an OutputFile (temp name, rename at the end) and turns a
 * cancellation into a CANCELLED error. The source is only ever read, through the session's chunks.
 */
import { TrailviewError } from '../../../shared/errors';
import type { RecordingSummary } from '../../../shared/model';
import type { DisplayFactory } from '../guacamole/session';
import type { KindSession } from '../session-router';
import { writeBundle, type BundleMemberWriter } from './bundle-writer';
import { writeCastClip } from './cast-clip';
import { writeGuacClip } from './guac-clip';
import { checkDestination, OutputFile } from './output-file';
import { writeTranscript } from './text-clip';
import { formatCommands, formatTimeline, formatTransfers } from '../commands/cli-format';
import type { ClipContext, ClipRange, ClipRequest, ExportResult } from './types';

export interface ExportEnvironment {
  session: KindSession;
  createDisplay: DisplayFactory;
  /** The recording's own files: the export refuses to write over any of them. */
  sourcePaths: string[];
}

function wallClockStart(s: RecordingSummary): number | undefined {
  return s.session?.startEpochMs ?? (s.kind === 'terminal' ? s.terminal.startedAtEpochMs : undefined);
}

/** The range inside the recording, or a BAD_REQUEST saying what is wrong with it. */
export function clampRange(s: RecordingSummary, fromMs: number, toMs: number): ClipRange {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs < 0) throw new TrailviewError('BAD_REQUEST', `the range ${fromMs}..${toMs} ms is not a pair of times >= 0`);
  const end = Math.min(toMs, s.durationMs);
  if (!(end > fromMs)) {
    throw new TrailviewError('BAD_REQUEST', `${s.fileName}: the range ${fromMs}..${toMs} ms is empty${fromMs >= s.durationMs ? ` (the recording lasts ${s.durationMs} ms)` : ''}; the out-point must come after the in-point`);
  }
  return { fromMs, toMs: end };
}

function clipWriter(s: RecordingSummary, req: ClipRequest, range: ClipRange): BundleMemberWriter {
  if (s.kind === 'terminal') {
    const version = req.castVersion ?? 2;
    return { name: 'clip.cast', role: `the clip, asciicast v${version} (plays in Trailview and asciinema)`, weight: 8, write: (ctx, write) => writeCastClip(ctx, range, version, write) };
  }
  if (s.kind === 'display') return { name: 'clip.guac', role: 'the clip, a Guacamole session recording (plays in Trailview and guacamole-common-js)', weight: 8, write: (ctx, write) => writeGuacClip(ctx, range, write) };
  throw new TrailviewError('UNSUPPORTED_HERE', `${s.fileName}: clips of video recordings are not exported yet`);
}

/** Commands and transfers in the range as CSV (main/core/commands), where the session finds them. */
function listWriters(session: KindSession, range: ClipRange): { writers: BundleMemberWriter[]; omitted: string[] } {
  const inRange = (e: { timeMs: number }) => e.timeMs >= range.fromMs && e.timeMs <= range.toMs;
  const writers: BundleMemberWriter[] = [];
  const omitted: string[] = [];
  const { commands, transfers } = session;
  if (commands) {
    writers.push({ name: 'commands.csv', role: 'commands run in the range (times: recording ms), with risk flags', weight: 1, write: async (_c, write) => write(formatCommands((await commands.call(session)).commands.filter(inRange), 'csv')) });
  } else omitted.push('commands.csv: this kind of recording has no command list');
  if (transfers) {
    writers.push({ name: 'transfers.csv', role: 'file transfers in the range (times: recording ms)', weight: 1, write: async (_c, write) => write(formatTransfers((await transfers.call(session)).transfers.filter(inRange), 'csv')) });
  } else omitted.push('transfers.csv: this kind of recording has no transfer list');
  return { writers, omitted };
}

/** Commands and transfers in the range, one CSV (see formatTimeline). */
async function timelineCsv(session: KindSession, range: ClipRange): Promise<string> {
  const inRange = (e: { timeMs: number }) => e.timeMs >= range.fromMs && e.timeMs <= range.toMs;
  const commands = session.commands ? (await session.commands.call(session)).commands.filter(inRange) : [];
  const transfers = session.transfers ? (await session.transfers.call(session)).transfers.filter(inRange) : [];
  return formatTimeline(commands, transfers);
}

export async function runExport(env: ExportEnvironment, req: ClipRequest, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<ExportResult> {
  const summary = await env.session.whenIndexed();
  if (summary.index.state === 'failed') throw new TrailviewError('CORRUPT', `${summary.fileName}: the recording could not be indexed, so no part of it can be exported`);
  const range = clampRange(summary, req.fromMs, req.toMs);
  const wanted: Record<ClipRequest['format'], boolean> = { cast: summary.kind === 'terminal', guac: summary.kind === 'display', txt: summary.kind !== 'video', csv: summary.kind !== 'video', bundle: summary.kind !== 'video' };
  if (!wanted[req.format]) {
    throw new TrailviewError('BAD_REQUEST', `${summary.fileName} is a ${summary.kind} recording (${summary.format}): it cannot be exported as "${req.format}"`);
  }
  checkDestination(req.outPath, env.sourcePaths, summary);
  const ctx: ClipContext = { session: env.session, summary, createDisplay: env.createDisplay, signal, progress: onProgress, wallClockStartMs: wallClockStart(summary) };
  try {
    if (req.format === 'bundle') {
      const writers: BundleMemberWriter[] = [clipWriter(summary, req, range), { name: 'transcript.txt', role: 'the text of the range, line by line with times', weight: 1, write: (c, write) => writeTranscript(c, range, write) }];
      const lists = listWriters(env.session, range);
      writers.push(...lists.writers);
      return await writeBundle(ctx, req, range, writers, lists.omitted);
    }
    const out = new OutputFile(req.outPath);
    try {
      const write = (t: string) => out.write(t);
      if (req.format === 'txt') await writeTranscript(ctx, range, write);
      else if (req.format === 'csv') await write(await timelineCsv(env.session, range));
      else await clipWriter(summary, req, range).write(ctx, write);
      signal.throwIfAborted();
      const result = await out.commit();
      onProgress(1);
      return result;
    } finally {
      await out.discard();
    }
  } catch (e) {
    if (signal.aborted) throw new TrailviewError('CANCELLED', `the export of ${summary.fileName} was cancelled; nothing was left at ${req.outPath}`);
    throw e;
  }
}
