/** What an export job is given and answers, inside the worker that owns the recording. */
import type { RecordingSummary, TimeMs } from '../../../shared/model';
import type { BundleBookmark } from '../../../shared/formats/bundle/manifest';
import type { DisplayFactory } from '../guacamole/session';
import type { KindSession } from '../session-router';

export type ExportFormat = 'cast' | 'guac' | 'txt' | 'csv' | 'bundle';

/** The export call as the core hands it to the recording's worker (plain data: it crosses threads). */
export interface ClipRequest {
  fromMs: TimeMs;
  toMs: TimeMs;
  format: ExportFormat;
  /** Where the result goes (a temp name next to it is written first, then renamed). */
  outPath: string;
  castVersion?: 2 | 3;
  notes?: string;
  /** The examiner's bookmarks of this recording (the bundle keeps those in range). */
  bookmarks?: BundleBookmark[];
  /** The exporting app's version, for the bundle's manifest. */
  appVersion?: string;
}

export interface ExportResult {
  path: string;
  sizeBytes: number;
  sha256: string;
}

export interface ClipRange {
  fromMs: TimeMs;
  toMs: TimeMs;
}

/** What the clip writers read the recording through. */
export interface ClipContext {
  session: KindSession;
  summary: RecordingSummary;
  createDisplay: DisplayFactory;
  signal: AbortSignal;
  /** 0..1 of the current step. */
  progress(fraction: number): void;
  /** When the recording started (Unix epoch ms), if known. */
  wallClockStartMs: number | undefined;
}
