/**
 * Summaries as JSON bytes for browser mode, the idle stretches serialized once per array: a long
 * recording's (7,500 stretches, ~360 KB, for a 29-hour Guacamole dump) are most of a summary, a new
 * summary comes every second while a recording indexes, and the core keeps the same array while they do
 * not change (main/core/summary-wire.ts). Each push used to make a fresh ~360 KB string, garbage a
 * moment later, and the host's heap grew with them through a long keyframe pass.
 */
import type { IdleStretch, RecordingSummary } from '../../shared/model';
import { flatStretches, sameStretches } from '../core/summary-wire';

const idleJson = new WeakMap<readonly IdleStretch[], { flat: number[]; bytes: Buffer }>();

/** The stretches' JSON, made again only if the array's content changed since it was made. */
function idleBytes(idle: readonly IdleStretch[]): Buffer {
  const known = idleJson.get(idle);
  if (known && sameStretches(known.flat, idle)) return known.bytes;
  const bytes = Buffer.from(JSON.stringify(idle));
  idleJson.set(idle, { flat: flatStretches(idle), bytes });
  return bytes;
}

/** `before` + the summary as a JSON object + `after`, in pieces to write one after the other. */
export function summaryJsonParts(before: string, s: RecordingSummary, after: string): Buffer[] {
  const rest = JSON.stringify({ ...s, idle: undefined });
  return [Buffer.from(`${before}${rest.slice(0, -1)},"idle":`), idleBytes(s.idle), Buffer.from(`}${after}`)];
}
