/**
 * `trailview export FILE --from MS --to MS -o OUT.webm|.mp4` from the BUILT command line: the CLI renders
 * in Debian's Chromium (found by itself; no playwright involved), and the file is then checked with the
 * project's own video probe (container, duration, frame size) and decoded by Chromium here (frames that
 * are not blank). Failures: no Chromium, a range outside the recording, and Ctrl+C in the middle each
 * exit non-zero with one line and leave no OUT, no temp file beside it, no browser and no profile.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo } from '../../main/core/video/session';
import { CHROMIUM, CORPUS, e2eUnavailable, installVideoHelpers, launchBrowser, ROOT, type PageVideoHelpers } from './harness';

const CLI = join(ROOT, 'out/main/cli.js');
const PAGE = join(ROOT, 'out/renderer/video-job.html');
const CAST = join(CORPUS, 'asciicast/08-v2-misc-real-session.cast');
const VNC = join(CORPUS, 'guacamole/guacd160-vnc-xterm-keys.guac');
const CLIP = join(ROOT, 'test/fixtures/video/clip-0-h264.mp4');
const skip =
  e2eUnavailable() ??
  (!existsSync(CLI) || !existsSync(PAGE) ? `CLI video e2e skipped: ${CLI} or ${PAGE} is missing (run npm run build)` : null) ??
  (existsSync(CAST) && existsSync(VNC) ? null : `CLI video e2e skipped: corpus files missing under ${CORPUS}`);
if (skip) console.warn(skip);

const FRAME_MS = 1000 / 30;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** The CLI as a person runs it; `onErr` sees stderr as it comes (to act on a state, never after a sleep). */
function trailview(work: string, args: string[], env: Record<string, string> = {}, onErr?: (err: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: work,
      // TMPDIR: the browser's profile is made here, so the test can see it is gone afterwards.
      env: { ...process.env, TRAILVIEW_DATA_DIR: join(work, 'data'), TMPDIR: join(work, 'tmp'), TRAILVIEW_CHROMIUM: CHROMIUM, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => {
      err += String(d);
      onErr?.(err, (s) => child.kill(s));
    });
    child.on('close', (code) => resolveRun({ code, out, err }));
  });
}

/** At each time: how many distinct colours (4 bits a channel) the decoded frame has, and its size. */
function decodedFrames(page: Page, bytes: Buffer, mime: string, timesS: number[]): Promise<{ error: string | null; width: number; height: number; colours: number[] }> {
  return page.evaluate(
    async ([b64, type, times]) => {
      const helpers = window as unknown as PageVideoHelpers;
      const { video: v, error } = await helpers.__loadVideo(b64, type);
      if (error) return { error, width: 0, height: 0, colours: [] };
      const colours: number[] = [];
      for (const t of times) {
        await helpers.__seekPainted(v, t, Infinity);
        colours.push(helpers.__colourCount(v, 7));
      }
      return { error: null, width: v.videoWidth, height: v.videoHeight, colours };
    },
    [bytes.toString('base64'), mime, timesS] as const,
  );
}

/** Chromium processes still running with a profile under `dir` (their command lines name it). */
function browsersUnder(dir: string): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) n++;
    } catch {
      // Exited while we looked.
    }
  }
  return n;
}

describe.skipIf(skip !== null)('trailview export to video (built CLI, headless Chromium)', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-cli-video-'));
  const tmp = join(work, 'tmp');
  mkdirSync(tmp);
  // Copies: nothing is ever written near the corpus.
  const cast = join(work, 'session.cast');
  const vnc = join(work, 'desktop.guac');
  const clip = join(work, 'clip.mp4');
  copyFileSync(CAST, cast);
  copyFileSync(VNC, vnc);
  copyFileSync(CLIP, clip);
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await installVideoHelpers(page);
    await page.goto('about:blank');
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Nothing but OUT (when it should exist) beside it, and no browser or profile left. */
  function expectClean(outName: string, shouldExist: boolean): void {
    expect(existsSync(join(work, outName))).toBe(shouldExist);
    expect(readdirSync(work).filter((n) => n.includes('trailview-part'))).toEqual([]);
    expect(readdirSync(tmp).filter((n) => n.startsWith('trailview-chromium-'))).toEqual([]);
    expect(browsersUnder(tmp)).toBe(0);
  }

  it('5 s of a corpus cast -> a WebM of 5 s at the terminal grid size (time and caption strip), frames not blank', async () => {
    const r = await trailview(work, ['export', cast, '--from', '10000', '--to', '15000', '-o', 'cast.webm', '--timestamp', '--caption']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/cast\.webm: webm, \d+ bytes, SHA-256 [0-9a-f]{64}; \d+x\d+, 5\.000 s, vp0[89]/);
    expect(r.err).toMatch(/rendering video 100%/);
    expectClean('cast.webm', true);
    const path = join(work, 'cast.webm');
    const bytes = readFileSync(path);
    const probe = await probeVideo({ path, offsetBytes: 0, sizeBytes: bytes.length, name: 'cast.webm' });
    expect(probe.format).toBe('webm');
    expect(Math.abs(probe.durationMs - 5000)).toBeLessThanOrEqual(FRAME_MS);
    // 104x29 in the header: rows of 20 px at the export font, plus the 28 px strip; a column is a
    // monospace advance (6..12 px).
    expect(probe.height).toBe(29 * 20 + 28);
    expect(probe.width / 104).toBeGreaterThan(6);
    expect(probe.width / 104).toBeLessThan(12.1);
    const seen = await decodedFrames(page, bytes, 'video/webm', [0.5, 2.5, 4.5]);
    expect(seen.error).toBeNull();
    expect({ width: seen.width, height: seen.height }).toEqual({ width: probe.width, height: probe.height });
    // Text and the strip on a dark background: more than a handful of colours in every frame.
    for (const n of seen.colours) expect(n).toBeGreaterThan(4);
  });

  it('5 s of the corpus VNC dump -> a WebM of 5 s at the remote screen size, frames not blank', async () => {
    const r = await trailview(work, ['export', vnc, '--from', '1000', '--to', '6000', '-o', 'desktop.webm']);
    expect(r.code, r.err).toBe(0);
    expectClean('desktop.webm', true);
    const path = join(work, 'desktop.webm');
    const bytes = readFileSync(path);
    const probe = await probeVideo({ path, offsetBytes: 0, sizeBytes: bytes.length, name: 'desktop.webm' });
    expect(probe.format).toBe('webm');
    expect(Math.abs(probe.durationMs - 5000)).toBeLessThanOrEqual(FRAME_MS);
    // The default layer's size from the dump's own `size` instruction.
    const m = /4\.size,1\.0,(\d+)\.(\d+),(\d+)\.(\d+);/.exec(readFileSync(VNC, 'utf8'))!;
    expect({ width: probe.width, height: probe.height }).toEqual({ width: Number(m[2]), height: Number(m[4]) });
    const seen = await decodedFrames(page, bytes, 'video/webm', [0.5, 4.5]);
    expect(seen.error).toBeNull();
    for (const n of seen.colours) expect(n).toBeGreaterThan(2);
  });

  it('a video recording takes the dialog\'s path: an H.264 clip cut on a key frame into MP4 keeps the original frames', async () => {
    const r = await trailview(work, ['export', clip, '--from', '0', '--to', '1000', '-o', 'cut.mp4']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/cut\.mp4: mp4, \d+ bytes, .*1\.000 s, original frames copied \(avc1\./);
    expectClean('cut.mp4', true);
  });

  it('no Chromium: one clear line, exit 1, no file', async () => {
    const r = await trailview(work, ['export', cast, '--from', '0', '--to', '1000', '-o', 'none.webm'], { TRAILVIEW_CHROMIUM: join(work, 'no-such-chromium') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^trailview: .*session\.cast: TRAILVIEW_CHROMIUM is set to .*no-such-chromium, which is not an executable file/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expectClean('none.webm', false);
  });

  it('a range outside the recording: exit 1 naming it, before any browser starts; an inverted one is a usage error', async () => {
    const late = await trailview(work, ['export', cast, '--from', '999000', '--to', '1000000', '-o', 'late.webm']);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/^trailview: .*session\.cast: the range 999000\.\.1000000 ms is empty \(the recording lasts \d+(\.\d+)? ms\)/);
    expect(late.err.trim().split('\n')).toHaveLength(1);
    expectClean('late.webm', false);
    const inverted = await trailview(work, ['export', cast, '--from', '5000', '--to', '1000', '-o', 'inverted.webm']);
    expect(inverted.code).toBe(2);
    expectClean('inverted.webm', false);
  });

  it('Ctrl+C while rendering: exit 130, no OUT, no temp file, the browser and its profile gone', async () => {
    let sent = false;
    const r = await trailview(work, ['export', cast, '--from', '0', '--to', '61000', '-o', 'stopped.webm'], {}, (err, kill) => {
      // Once the page is rendering (it has reported progress), not before.
      if (!sent && /rendering video \d+%/.test(err)) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code, r.err).toBe(130);
    expect(r.err.trim().split('\n').at(-1)).toMatch(/^trailview: .*session\.cast: the export was cancelled/);
    expectClean('stopped.webm', false);
  });
});
