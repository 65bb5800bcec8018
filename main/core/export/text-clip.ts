/**
 * Text exports of a range: the transcript (the core's indexed lines: terminal output; a Guacamole
 * recording's typed text, clipboard and window titles), each line with its recording time and, when the
 * start is known, its wall-clock time (UTC).
 */
import { formatDuration, type TextLine } from '../../../shared/model';
import type { KindSession } from '../session-router';
import type { ClipContext, ClipRange } from './types';

const PAGE_LINES = 2000;

export const clock = (ms: number): string => `${formatDuration(ms)}.${String(Math.floor(ms % 1000)).padStart(3, '0')}`;

/** First line index whose time is at or after `fromMs` (lines are in time order). */
async function firstLineFrom(session: KindSession, fromMs: number): Promise<number> {
  const total = (await session.transcriptPage(0, 0)).total;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const line = (await session.transcriptPage(mid, 1)).lines[0];
    if (line && line.timeMs < fromMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lines in [fromMs, toMs], page by page. */
export async function* linesInRange(ctx: Pick<ClipContext, 'session' | 'signal'>, range: ClipRange): AsyncGenerator<TextLine[]> {
  for (let from = await firstLineFrom(ctx.session, range.fromMs); ; ) {
    ctx.signal.throwIfAborted();
    const page = await ctx.session.transcriptPage(from, PAGE_LINES);
    const inRange = page.lines.filter((l) => l.timeMs >= range.fromMs && l.timeMs <= range.toMs);
    if (inRange.length > 0) yield inRange;
    from += page.lines.length;
    const last = page.lines[page.lines.length - 1];
    if (page.done || page.lines.length === 0 || (last && last.timeMs > range.toMs)) return;
  }
}

export async function writeTranscript(ctx: ClipContext, range: ClipRange, write: (text: string) => Promise<void>): Promise<number> {
  const start = ctx.wallClockStartMs;
  const wall = (ms: number) => (start === undefined ? '' : `${new Date(start + ms).toISOString()}  `);
  const what = ctx.summary.kind === 'display' ? 'typed text, clipboard and window titles' : 'terminal output lines';
  let header = `# Transcript of ${ctx.summary.fileName} (SHA-256 ${ctx.summary.sha256})\n`;
  header += `# ${what}, recording time ${clock(range.fromMs)} to ${clock(range.toMs)}`;
  header += start === undefined ? ' (the recording does not say when it started)\n' : `; wall clock (UTC) ${new Date(start + range.fromMs).toISOString()} to ${new Date(start + range.toMs).toISOString()}\n`;
  await write(header);
  let count = 0;
  for await (const lines of linesInRange(ctx, range)) {
    await write(lines.map((l) => `${clock(l.timeMs)}  ${wall(l.timeMs)}${l.kind && l.kind !== 'output' ? `[${l.kind}] ` : ''}${l.text}\n`).join(''));
    count += lines.length;
    ctx.progress(Math.min(1, ((lines[lines.length - 1]?.timeMs ?? range.fromMs) - range.fromMs) / Math.max(1, range.toMs - range.fromMs)));
  }
  return count;
}
