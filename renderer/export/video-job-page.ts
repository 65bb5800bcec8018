/**
 * The page `trailview export FILE ... -o OUT.webm|OUT.mp4` opens in a headless Chromium
 * (renderer/video-job.html): it asks the host that started it for the job, runs the export the dialog
 * runs (exportVideo draws a terminal or Guacamole recording; exportVideoClip cuts a video recording,
 * copying its frames or re-encoding), and sends the file back. No UI: the CLI prints progress and errors.
 * The routes are in shared/video-job.ts.
 */
import { createWebApi, takeToken } from '../api';
import type { Result } from '../../shared/api';
import type { ErrorCode } from '../../shared/model';
import { VIDEO_JOB_HEARTBEAT_MS, VIDEO_JOB_ROUTE, type VideoJob, type VideoJobAction, type VideoJobDone, type VideoJobFailure } from '../../shared/video-job';
import { overlayFor } from './caption';
import { keyframesReach } from './keyframes-reach';
import { exportVideoClip, type ClipPlan } from './video-clip-export';
import { exportVideo } from './video-export';

/** Progress is sent at most this often (the exporter reports up to 10 times a second). */
const PROGRESS_EVERY_MS = 250;

const token = takeToken(window.location, window.history, window.sessionStorage);
const api = createWebApi({ token });

const failWith = (code: ErrorCode, message: string): Error => Object.assign(new Error(message), { code });

async function send<T>(action: VideoJobAction, body: BodyInit, contentType: string): Promise<T> {
  const res = await fetch(`/api/${VIDEO_JOB_ROUTE}${action}`, {
    method: action === 'output' ? 'PUT' : 'POST',
    headers: { 'X-Trailview-Token': token, 'Content-Type': contentType },
    body,
  });
  const reply = (await res.json()) as Result<T>;
  if (!reply.ok) throw failWith(reply.error.code, reply.error.message);
  return reply.value;
}

const post = <T>(action: VideoJobAction, value: unknown): Promise<T> => send<T>(action, JSON.stringify(value), 'application/json');

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw failWith(r.error.code, r.error.message);
  return r.value;
}

/** What the dialog says before Start, in the CLI's words. */
function clipDetail(plan: ClipPlan, codec: string): string {
  switch (plan.reason) {
    case 'aligned':
      return `original frames copied (${codec}; the in-point is a key frame)`;
    case 'fast':
      return `original frames copied (${codec}) from the key frame at ${plan.startMs} ms, before the in-point (--fast)`;
    case 'midGop':
      return `re-encoded as ${codec} from the in-point, which is not a key frame (--fast starts at the key frame before it instead, copying)`;
    case 'codecsDiffer':
      return `re-encoded as ${codec}: the clips' codecs or codec settings differ`;
    case 'container':
      return `re-encoded as ${codec}: ${plan.sourceCodec} cannot go into this container as it is`;
  }
}

async function render(job: VideoJob, onProgress: (p: number) => void): Promise<{ bytes: Uint8Array; detail: string }> {
  // Nothing here cancels: the CLI stops an export by closing the browser.
  const signal = new AbortController().signal;
  const summary = unwrap(await api.call('summary', { id: job.id }));
  if (summary.kind === 'video') {
    const { clips } = unwrap(await api.call('media', { id: summary.id }));
    const clip = await exportVideoClip({ clips, fromMs: job.fromMs, toMs: job.toMs, container: job.container, fast: job.fast, signal, onProgress });
    return { bytes: clip.bytes, detail: clipDetail(clip.plan, clip.codec) };
  }
  const video = await exportVideo({
    summary,
    fromMs: job.fromMs,
    toMs: job.toMs,
    container: job.container,
    overlay: overlayFor(summary, job.timestamp, job.caption),
    fetchChunk: (req) => api.call('chunk', req),
    keyframesReach: (t) => keyframesReach(api, summary.id, t, signal),
    signal,
    onProgress,
  });
  return { bytes: video.bytes, detail: `${video.codec.codec}, ${video.framesEncoded} frames encoded` };
}

async function run(): Promise<void> {
  const job = await post<VideoJob>('start', {});
  let progress = 0;
  let sentAt = 0;
  const report = (): void => void post('progress', { progress }).catch(() => undefined);
  // Also the heartbeat: a page that stops talking has died (the CLI gives up on it).
  const beat = setInterval(report, VIDEO_JOB_HEARTBEAT_MS);
  try {
    const made = await render(job, (p) => {
      progress = p;
      if (p < 1 && performance.now() - sentAt < PROGRESS_EVERY_MS) return;
      sentAt = performance.now();
      report();
    });
    await send('output', made.bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
    await post('done', { detail: made.detail } satisfies VideoJobDone);
  } finally {
    clearInterval(beat);
  }
}

function failure(err: unknown): VideoJobFailure {
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  return { code: typeof code === 'string' ? (code as ErrorCode) : 'INTERNAL', message };
}

let failed = false;
const fail = (err: unknown): void => {
  if (failed) return;
  failed = true;
  document.body.dataset.state = 'failed';
  void post('fail', failure(err)).catch(() => undefined);
};
window.addEventListener('error', (e) => fail(e.error ?? new Error(e.message)));
window.addEventListener('unhandledrejection', (e) => fail(e.reason));
document.body.dataset.state = 'running';
run().then(() => {
  if (!failed) document.body.dataset.state = 'done';
}, fail);
