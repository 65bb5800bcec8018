/**
 * `trailview export ... -o OUT.webm|OUT.mp4`: the CLI renders video in a headless Chromium, on a page of
 * its own (renderer/video-job.html) that runs the app's export code and hands the file back to the host
 * that started it. Not part of the contract (shared/api.ts): only that host has a job to give, so neither
 * Electron nor browser mode serves these routes. They sit under /api/video-job/ behind the same token.
 */
import type { ErrorCode, RecordingId, TimeMs } from './model';

/** The page, relative to the built renderer. */
export const VIDEO_JOB_PAGE = 'video-job.html';
/** Route prefix below /api/. */
export const VIDEO_JOB_ROUTE = 'video-job/';

/**
 * POST start -> VideoJob (the page is up); POST progress {progress}; PUT output (the file's bytes, the
 * request body); POST done VideoJobDone (after output); POST fail VideoJobFailure.
 */
export type VideoJobAction = 'start' | 'progress' | 'output' | 'done' | 'fail';

/** The page says something (progress at least) this often while it works. */
export const VIDEO_JOB_HEARTBEAT_MS = 2_000;

export interface VideoJob {
  id: RecordingId;
  fromMs: TimeMs;
  toMs: TimeMs;
  container: 'webm' | 'mp4';
  /** The dialog's two overlay checkboxes (terminal and Guacamole recordings; video recordings are cut, not drawn). */
  timestamp: boolean;
  caption: boolean;
  /** A video recording: start at the key frame before the in-point rather than re-encode from it (the dialog's Fast). */
  fast: boolean;
}

export interface VideoJobDone {
  /** How the file was made, in a few words (size and codec, or copy/re-encode and why). */
  detail: string;
}

export interface VideoJobFailure {
  code: ErrorCode;
  message: string;
}
