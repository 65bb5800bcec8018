/** What the dialog and the CLI's video export burn in below the picture: the session caption and the clock's origin. Pure. */
import { recordingTitle, type RecordingSummary } from '../../shared/model';
import type { OverlayOptions } from './overlay';

/** The caption burned into a video: what the recording is and who ran it, as far as known. */
export function sessionCaption(s: RecordingSummary): string {
  const f = s.session;
  const who = [f?.user ?? f?.account, f?.asset ?? f?.remoteAddr].filter(Boolean).join(' @ ');
  return [recordingTitle(s) || s.fileName, who].filter(Boolean).join(' · ');
}

/** The session's wall-clock start, when the recording or its metadata says. */
export function wallStart(s: RecordingSummary): number | undefined {
  return (s.kind === 'terminal' ? s.terminal.startedAtEpochMs : undefined) ?? s.session?.startEpochMs;
}

/** The overlay for the dialog's two checkboxes (time, caption). */
export function overlayFor(s: RecordingSummary, timestamp: boolean, caption: boolean): OverlayOptions {
  const start = wallStart(s);
  return { timestamp, caption: caption ? sessionCaption(s) : '', ...(start !== undefined ? { startedAtEpochMs: start } : {}) };
}
