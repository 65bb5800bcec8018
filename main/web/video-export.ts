/**
 * `trailview export FILE --from MS --to MS -o OUT.webm|OUT.mp4`: video is made by the app's own export
 * code (WebCodecs), so the CLI runs it in a headless Chromium. This process serves the recording on
 * 127.0.0.1 (the browser-mode host, with its token, on this process's core), opens the export page
 * (renderer/video-job.html) in the browser, writes the file the page sends under a temp name beside OUT,
 * checks it is the video asked for, and only then renames it to OUT. Whatever happens (failure, Ctrl+C),
 * the browser is stopped, its profile removed, and no file is left under OUT's name or beside it.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { TrailviewError } from '../../shared/errors';
import type { RecordingSummary, TimeMs } from '../../shared/model';
import { VIDEO_JOB_PAGE, type VideoJob } from '../../shared/video-job';
import { checkDestination } from '../core/export/output-file';
import { clampRange } from '../core/export/run-export';
import type { Core } from '../core/types';
import type { VideoProbe } from '../core/video/probe-types';
import { probeVideo } from '../core/video/session';
import { findAppRoot, rendererDirOf } from '../host/app-root';
import { findChromium, launchChromiumSandboxedIfPossible, type Chromium } from '../host/chromium';
import { startWebHost } from './start';
import { createVideoJobHost } from './video-job';
import type { WebHost } from './server';

/** The page must ask for its job this soon after the tab is opened (it loads from this machine). */
const PAGE_LOAD_MS = 30_000;
/** A page silent this long (its heartbeat comes every 2 s) has died or hung. */
const PAGE_SILENCE_MS = 60_000;
const WATCH_EVERY_MS = 1_000;

export interface VideoExportRequest {
  fromMs: TimeMs;
  toMs: TimeMs;
  container: 'webm' | 'mp4';
  outPath: string;
  timestamp: boolean;
  caption: boolean;
  fast: boolean;
  /** The data directory the CLI's core uses (the host keeps its own small files there). */
  dataDir: string;
  /** Aborting (Ctrl+C) stops the export: CANCELLED. */
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
  /** One-line notes for stderr (which browser, a sandbox fallback). */
  note?(line: string): void;
  env?: NodeJS.ProcessEnv;
}

export interface VideoExportResult {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** The written file as the project's own probe reads it. */
  probe: VideoProbe;
  /** How it was made (codec, frames; copied or re-encoded and why). */
  detail: string;
  chromium: string;
  elapsedMs: number;
}

/** Usage that depends on the recording: overlays are drawn, so a video recording (cut, not drawn) has none. */
function checkOptions(s: RecordingSummary, r: VideoExportRequest): void {
  if (s.kind === 'video' && (r.timestamp || r.caption)) {
    throw new TrailviewError('BAD_REQUEST', 'a video recording is cut, not drawn: --timestamp and --caption do not apply to it');
  }
  if (s.kind !== 'video' && r.fast) throw new TrailviewError('BAD_REQUEST', `--fast applies to video recordings only (this is a ${s.kind} recording, drawn frame by frame)`);
}

/** Rejects when `signal` aborts. */
const aborted = (signal: AbortSignal | undefined): Promise<never> =>
  new Promise((_, reject) => {
    const stop = (): void => reject(new TrailviewError('CANCELLED', 'the export was cancelled (interrupted)'));
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });

export async function exportVideoFile(core: Core, summary: RecordingSummary, r: VideoExportRequest): Promise<VideoExportResult> {
  const started = performance.now();
  checkOptions(summary, r);
  const range = clampRange(summary, r.fromMs, r.toMs);
  const finalPath = resolve(r.outPath);
  const origin = core.origin(summary.id);
  const sources = origin ? [origin.path, ...(summary.parts ?? []).map((p) => join(dirname(origin.path), p.name))] : [];
  checkDestination(finalPath, sources, summary);
  const page = join(rendererDirOf(findAppRoot(import.meta.dirname)), VIDEO_JOB_PAGE);
  if (!existsSync(page)) throw new TrailviewError('NOT_FOUND', `the video export page is not built (${page} is missing): run npm run build`);
  const executable = findChromium({ env: r.env });

  const job: VideoJob = { id: summary.id, fromMs: range.fromMs, toMs: range.toMs, container: r.container, timestamp: r.timestamp, caption: r.caption, fast: r.fast };
  const jobHost = createVideoJobHost(job, finalPath, (p) => r.onProgress?.(p));
  // Kept as promises: a Ctrl+C while either is starting must still close it once it has started.
  let hostStart: Promise<WebHost> | undefined;
  let browserStart: Promise<Chromium> | undefined;
  let watch: NodeJS.Timeout | undefined;
  const stop = aborted(r.signal);
  stop.catch(() => undefined);
  try {
    hostStart = startWebHost({ core, dataDir: r.dataDir, privateApi: jobHost.handle });
    const host = await Promise.race([hostStart, stop]);
    browserStart = launchChromiumSandboxedIfPossible(executable, { env: r.env, note: r.note });
    const browser = await Promise.race([browserStart, stop]);
    r.note?.(`rendering in ${executable}`);
    const opened = Date.now();
    const dead = browser.exited.then((e): never => {
      const how = e.signal ? `was killed (${e.signal})` : `exited (code ${e.code})`;
      throw new TrailviewError('INTERNAL', `Chromium ${how} before the video was finished`);
    });
    const silent = new Promise<never>((_, reject) => {
      watch = setInterval(() => {
        const now = Date.now();
        if (!jobHost.started && now - opened > PAGE_LOAD_MS) reject(new TrailviewError('INTERNAL', `Chromium did not load the export page within ${PAGE_LOAD_MS / 1000} s`));
        else if (jobHost.started && now - jobHost.lastWordAt > PAGE_SILENCE_MS) reject(new TrailviewError('INTERNAL', `the export page in Chromium stopped answering (nothing for ${PAGE_SILENCE_MS / 1000} s)`));
      }, WATCH_EVERY_MS);
    });
    await Promise.race([browser.open(`http://127.0.0.1:${host.port}/${VIDEO_JOB_PAGE}?token=${host.token}`), stop, dead]);
    const { output, detail } = await Promise.race([jobHost.result, stop, dead, silent]).catch((err: unknown) => Promise.reject(explainEncoderError(err, r.container)));
    // The browser's file, checked before it takes OUT's name: the container asked for, and playable.
    const probe = await probeVideo({ path: output.tempPath, offsetBytes: 0, sizeBytes: output.bytesWritten, name: basename(finalPath) }).catch((err: unknown) => {
      throw new TrailviewError('CORRUPT', `Chromium's ${r.container.toUpperCase()} file is not a valid video: ${(err as Error).message}`);
    });
    if (probe.format !== r.container) throw new TrailviewError('CORRUPT', `Chromium wrote ${probe.format.toUpperCase()}, not the ${r.container.toUpperCase()} asked for`);
    const written = await output.commit();
    return { ...written, probe, detail, chromium: executable, elapsedMs: performance.now() - started };
  } finally {
    clearInterval(watch);
    await browserStart?.then((b) => b.close(), () => undefined);
    await jobHost.discard();
    await hostStart?.then((h) => h.close(), () => undefined);
  }
}

/** An encoder the browser lacks is a fact about this machine: say which, and what to do instead. */
export function explainEncoderError(err: unknown, container: 'webm' | 'mp4'): unknown {
  if (!(err instanceof TrailviewError) || err.code !== 'UNSUPPORTED_HERE' || !/cannot encode/.test(err.message)) return err;
  const hint = container === 'mp4' ? '; this Chromium has no H.264 encoder: export to .webm (VP9) instead, or set TRAILVIEW_CHROMIUM to a Chrome that has one' : '';
  return new TrailviewError(err.code, `${err.message}${hint}`);
}
