/** The DisplaySummary the UI sees, from the fast pass's facts (or a cached summary's). */
import type { DisplaySummary, IdleStretch, IndexStatus, RecordingPart, Warning } from '../../../shared/model';
import { recordingId } from '../summary';
import type { GuacFacts } from './indexer';

export interface DisplaySummaryParts {
  file: { sha256: string; fileName: string; sizeBytes: number; compression: 'gzip' | 'none' };
  facts: GuacFacts;
  frames: number;
  idle: IdleStretch[];
  /** Warnings from outside the parser (cache, keyframes, missing parts). */
  warnings: Warning[];
  index: IndexStatus;
  seekableUntilMs: number;
  metadata?: Record<string, unknown>;
  parts?: RecordingPart[];
}

export function buildDisplaySummary(p: DisplaySummaryParts): DisplaySummary {
  const f = p.facts;
  const last = f.sizes[f.sizes.length - 1];
  return {
    id: recordingId(p.file.sha256),
    kind: 'display',
    format: 'guacamole',
    compression: p.file.compression,
    fileName: p.file.fileName,
    sizeBytes: p.file.sizeBytes,
    sha256: p.file.sha256,
    durationMs: f.durationMs,
    events: f.instructions,
    markers: [],
    idle: [...p.idle],
    ...(p.metadata ? { metadata: p.metadata } : {}),
    ...(p.parts ? { parts: p.parts.map((x) => ({ ...x })) } : {}),
    warnings: [...f.warnings, ...p.warnings],
    index: { ...p.index },
    display: {
      width: last?.width ?? 0,
      height: last?.height ?? 0,
      sizes: [...f.sizes],
      frames: p.frames,
      ...(f.title !== undefined ? { title: f.title } : {}),
      keyEvents: f.keyEvents,
      mouseEvents: f.mouseEvents,
      clipboardEntries: f.clipboardEntries,
      transfers: f.transfers.map((t) => ({ ...t })),
      seekableUntilMs: p.seekableUntilMs,
    },
  };
}

/** The facts a cached summary holds (the fast pass does not run again). */
export function cachedFacts(s: DisplaySummary): GuacFacts {
  const d = s.display;
  return {
    durationMs: s.durationMs,
    instructions: s.events,
    keyEvents: d.keyEvents,
    mouseEvents: d.mouseEvents,
    clipboardEntries: d.clipboardEntries,
    sizes: d.sizes,
    ...(d.title !== undefined ? { title: d.title } : {}),
    transfers: d.transfers,
    warnings: s.warnings,
  };
}
