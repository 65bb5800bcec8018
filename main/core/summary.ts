/** Assembles the RecordingSummary the UI sees, from a running indexer or a loaded cache. */
import type { IndexStatus, RecordingSummary, Warning } from '../../shared/model';
import type { TerminalIndexer } from './terminal/indexer';

export interface SummaryBase {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  compression: 'gzip' | 'none';
  /** While (or after) indexing in this process. */
  indexer?: TerminalIndexer;
  /** Warnings found outside the parser (cache problems). */
  warnings?: Warning[];
  /** Loaded from the cache. */
  fromSummary?: RecordingSummary;
}

/** Recording id: the first 16 hex digits of the content's SHA-256 (same content, same id). */
export function recordingId(sha256: string): string {
  return sha256.slice(0, 16);
}

export function buildSummary(base: SummaryBase, index: IndexStatus): RecordingSummary {
  const common = { id: recordingId(base.sha256), fileName: base.fileName, sizeBytes: base.sizeBytes, sha256: base.sha256, compression: base.compression, index };
  if (base.fromSummary) return { ...base.fromSummary, ...common };
  const facts = base.indexer!.facts;
  const header = facts.header;
  const summary: RecordingSummary = {
    ...common,
    kind: 'terminal',
    format: header?.format ?? 'asciicast',
    durationMs: facts.durationMs,
    events: facts.events,
    terminal: header?.terminal ?? { cols: 80, rows: 24 },
    markers: [...facts.markers],
    resizes: [...facts.resizes],
    idle: [...facts.idle],
    inputEvents: facts.inputEvents,
    warnings: [...facts.warnings, ...(base.warnings ?? [])],
  };
  if (header?.version !== undefined) summary.formatVersion = header.version;
  return summary;
}
