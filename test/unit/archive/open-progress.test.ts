/**
 * An open's progress and cancel (issue 4: progress bars on every long job, with cancel): a generated
 * ~40 MB .tar.gz holding a cast reports hashing, then unpacking, each reaching 1; cancelled while it is
 * being unpacked, the open rejects with CANCELLED and leaves no temporary or partial file, and opening it
 * again afterwards works.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Events } from '../../../shared/api';
import { createCore } from '../../../main/core/core';
import { REPO_ROOT } from '../core/helpers/corpus';
import { inlineCore, tempDir, writeTemp } from '../core/helpers/temp';
import { buildTar, buildZip } from './builders';
import { HAVE, M4V, read } from './helpers';

type OpenProgress = Events['openProgress'];

/** A cast of random (incompressible) output, so the gzip stays about as big as its content. */
function bigCast(targetBytes: number): string {
  const lines = [JSON.stringify({ version: 2, width: 80, height: 24 })];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const line = JSON.stringify([i / 100, 'o', randomBytes(3000).toString('base64')]);
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Every file under `dir`, relative, with its size. */
function listing(dir: string): { name: string; sizeBytes: number }[] {
  const out: { name: string; sizeBytes: number }[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.push({ name: `${prefix}${e.name}`, sizeBytes: statSync(join(d, e.name)).size });
    }
  };
  walk(dir, '');
  return out;
}

const core = inlineCore();
afterAll(() => core.dispose());
const events: OpenProgress[] = [];
core.on('openProgress', (p) => events.push(p));

describe('opening a big .tar.gz', () => {
  const castText = bigCast(48 * 2 ** 20);
  const tarGz = gzipSync(buildTar([{ name: 'sessions/big.cast', data: castText }]), { level: 1 });
  const path = writeTemp('big-session.tar.gz', tarGz, tempDir());

  it('is ~40 MB compressed (the size the progress is about)', () => {
    expect(tarGz.length).toBeGreaterThan(35 * 2 ** 20);
  });

  it('cancelled while unpacking: rejects CANCELLED and leaves no temporary or partial file', async () => {
    const jobId = 'cancel-me';
    let cancelAsked: Promise<boolean> | undefined;
    const off = core.on('openProgress', (p) => {
      if (p.jobId === jobId && p.phase === 'unpacking' && p.progress < 1 && !cancelAsked) cancelAsked = core.cancelOpen(jobId);
    });
    try {
      await expect(core.open(path, { jobId })).rejects.toMatchObject({ code: 'CANCELLED', message: 'big-session.tar.gz: opening cancelled' });
    } finally {
      off();
    }
    expect(await cancelAsked).toBe(true);
    const mine = events.filter((e) => e.jobId === jobId);
    // Hashing finished before unpacking began; unpacking was stopped part way.
    expect(mine.some((e) => e.phase === 'hashing' && e.progress === 1)).toBe(true);
    expect(mine.some((e) => e.phase === 'unpacking' && e.progress === 1)).toBe(false);
    const archives = join(core.dataDir, 'archives');
    const left = listing(archives);
    expect(left.filter((f) => f.name.includes('.tmp-'))).toEqual([]);
    // The gunzipped tar is written only once complete: it is not there at all.
    expect(left.filter((f) => f.name.endsWith('/tar'))).toEqual([]);
    expect(core.list()).toEqual([]);
    // Nothing to cancel any more.
    expect(await core.cancelOpen(jobId)).toBe(false);
  });

  it('opened again: hashing then unpacking, each reaching 1, and the recording opens', async () => {
    const jobId = 'open-me';
    const summary = await core.open(path, { jobId });
    expect(summary.kind).toBe('terminal');
    expect(summary.container?.members.some((m) => m.path === 'sessions/big.cast')).toBe(true);
    const mine = events.filter((e) => e.jobId === jobId);
    for (const e of mine) {
      expect(e.fileName).toBe('big-session.tar.gz');
      expect(e.progress).toBeGreaterThanOrEqual(0);
      expect(e.progress).toBeLessThanOrEqual(1);
    }
    // Runs of the same phase, in order: the archive is hashed, then unpacked (gunzip, then the member
    // written out), then the member itself is hashed as the recording.
    const runs: { phase: string; last: number; count: number }[] = [];
    for (const e of mine) {
      const run = runs.at(-1);
      if (run?.phase === e.phase) Object.assign(run, { last: e.progress, count: run.count + 1 });
      else runs.push({ phase: e.phase, last: e.progress, count: 1 });
    }
    expect(runs.map((r) => r.phase)).toEqual(['hashing', 'unpacking', 'hashing']);
    for (const r of runs) expect(r.last).toBe(1);
    // Throttled: a few per second, not one per 256 KiB read (~150 reads for the hash alone).
    expect(mine.length).toBeLessThan(60);
    // The tar is now complete on disk, the size the gzip says (ISIZE: its last 4 bytes, mod 2^32).
    const tar = listing(join(core.dataDir, 'archives')).find((f) => f.name.endsWith('/tar'));
    expect(tar?.sizeBytes).toBe(tarGz.readUInt32LE(tarGz.length - 4));
    await core.close(summary.id);
  });
});

// The same through a real worker thread: the cancel is a second call the worker answers while its open
// runs. Needs a fresh build (TRAILVIEW_TEST_WORKER names another built worker).
const WORKER = process.env.TRAILVIEW_TEST_WORKER ?? resolve(REPO_ROOT, 'out/main/worker.js');
/** A build from before open cancelling existed would fail this for a reason that is not a bug. */
function builtWithCancelOpen(): boolean {
  if (!existsSync(WORKER)) return false;
  const dir = dirname(WORKER);
  const files = [WORKER, ...(existsSync(join(dir, 'chunks')) ? readdirSync(join(dir, 'chunks')).map((f) => join(dir, 'chunks', f)) : [])];
  return files.some((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('cancelOpen'));
}
const FRESH = builtWithCancelOpen();
describe.skipIf(!FRESH)(`in a worker thread${FRESH ? '' : ` (skipped: no build of the worker with open cancelling at ${WORKER}; run \`npm run build\` first)`}`, () => {
  const tarGz = gzipSync(buildTar([{ name: 'big.cast', data: bigCast(24 * 2 ** 20) }]), { level: 1 });
  const path = writeTemp('threaded.tar.gz', tarGz, tempDir());

  it('cancels mid-unpack, then opens with progress for both phases', async () => {
    const dataDir = join(tempDir(), 'data');
    const thread = createCore({ dataDir, worker: 'thread', workerPath: WORKER });
    const seen: OpenProgress[] = [];
    let cancelAsked: Promise<boolean> | undefined;
    thread.on('openProgress', (p) => {
      seen.push(p);
      if (p.jobId === 'a' && p.phase === 'unpacking' && p.progress < 1) cancelAsked ??= thread.cancelOpen('a');
    });
    try {
      await expect(thread.open(path, { jobId: 'a' })).rejects.toMatchObject({ code: 'CANCELLED', message: 'threaded.tar.gz: opening cancelled' });
      expect(await cancelAsked).toBe(true);
      expect(listing(join(dataDir, 'archives')).filter((f) => f.name.includes('.tmp-') || f.name.endsWith('/tar'))).toEqual([]);
      const summary = await thread.open(path, { jobId: 'b' });
      expect(summary.kind).toBe('terminal');
      const phases = seen.filter((e) => e.jobId === 'b');
      expect(phases.some((e) => e.phase === 'hashing' && e.progress === 1)).toBe(true);
      expect(phases.some((e) => e.phase === 'unpacking' && e.progress === 1)).toBe(true);
    } finally {
      await thread.dispose();
    }
  });
});

describe('opening a zip whose recording is deflated', () => {
  it('cancelled while inflating: CANCELLED, and the extraction folder holds no partial member', async () => {
    const zip = await buildZip([{ name: 'clips/big.cast', data: bigCast(16 * 2 ** 20) }]);
    const path = writeTemp('deflated.zip', zip, tempDir());
    const dataDir = join(tempDir(), 'data');
    const zcore = inlineCore(dataDir);
    let cancelAsked: Promise<boolean> | undefined;
    zcore.on('openProgress', (p) => {
      if (p.phase === 'unpacking' && p.progress < 1) cancelAsked ??= zcore.cancelOpen('z');
    });
    try {
      await expect(zcore.open(path, { jobId: 'z' })).rejects.toMatchObject({ code: 'CANCELLED', message: 'deflated.zip: opening cancelled' });
      expect(await cancelAsked).toBe(true);
      expect(existsSync(join(dataDir, 'archives')) ? listing(join(dataDir, 'archives')) : []).toEqual([]);
      // Without a cancel the member is written out whole and opens.
      const summary = await zcore.open(path);
      expect(summary.kind).toBe('terminal');
      const members = listing(join(dataDir, 'archives'));
      expect(members).toHaveLength(1);
      expect(members[0]!.name.includes('.tmp-')).toBe(false);
    } finally {
      await zcore.dispose();
    }
  });
});

describe.skipIf(!HAVE)('opening a video', () => {
  it('reports its hashing up to 1', async () => {
    const path = writeTemp('clip.m4v', read(M4V), tempDir());
    const vcore = inlineCore();
    const seen: OpenProgress[] = [];
    vcore.on('openProgress', (p) => seen.push(p));
    try {
      expect((await vcore.open(path, { jobId: 'v' })).kind).toBe('video');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((e) => e.jobId === 'v' && e.phase === 'hashing' && e.fileName === 'clip.m4v')).toBe(true);
      expect(seen.at(-1)?.progress).toBe(1);
    } finally {
      await vcore.dispose();
    }
  });
});
