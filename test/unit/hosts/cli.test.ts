/**
 * The BUILT command line (out/main/cli.js) on copies of the real corpus and on bad input: exit codes,
 * the one-line stderr format, JSON shapes, and `frame` against the core's own screenAt.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/core';
import { writeSyntheticCast } from '../../../main/core/testing/synthetic-cast';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'out/main/cli.js');
const CORPUS = resolve(ROOT, '../shared/corpus/asciicast');
const skipWhy = !existsSync(CLI) ? `CLI tests skipped: ${CLI} is missing (run npm run build)` : !existsSync(CORPUS) ? `CLI tests skipped: ${CORPUS} is missing` : null;
if (skipWhy) console.warn(skipWhy);

const ONE_ERROR_LINE = /^trailview: [^\n]+: [^\n]+\n$/;

describe.skipIf(skipWhy !== null)('trailview CLI (built)', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-cli-'));
  const dataDir = join(work, 'data');
  const files = join(work, 'files');
  mkdirSync(files);
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const copy = (name: string) => {
    const to = join(files, name);
    if (!existsSync(to)) copyFileSync(join(CORPUS, name), to);
    return to;
  };
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, TRAILVIEW_DATA_DIR: dataDir, ...env }, timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const header = (name: string) => {
    const raw = readFileSync(join(CORPUS, name));
    const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    return JSON.parse(text.split('\n')[0]!) as Record<string, unknown>;
  };

  it('info --json reports what the headers say', () => {
    const cases: [string, number][] = [
      ['02-v2-demo-input.cast', 2],
      ['03-v2-full-theme-input-resize.cast', 2],
      ['04-v3-full-term-theme-input-resize.cast', 3],
      ['08-v2-misc-real-session.cast', 2],
      ['10-v2-welcome-bash-output-only.cast.gz', 2],
    ];
    for (const [name, version] of cases) {
      const r = run(['info', copy(name), '--json']);
      expect(r.code, `${name}: ${r.err}`).toBe(0);
      expect(r.err).toBe('');
      const info = JSON.parse(r.out) as Record<string, unknown>;
      const h = header(name);
      const term = (h.term ?? {}) as Record<string, unknown>;
      expect(info, name).toMatchObject({
        format: 'asciicast',
        formatVersion: version,
        cols: h.width ?? term.cols,
        rows: h.height ?? term.rows,
        warnings: expect.any(Array),
      });
      expect(info.durationMs as number).toBeGreaterThan(0);
      expect(info.events as number).toBeGreaterThan(0);
      if (typeof h.title === 'string') expect(info.metadata).toMatchObject({ title: h.title });
      if (typeof h.command === 'string') expect(info.metadata).toMatchObject({ command: h.command });
      if (h.env) expect(info.metadata).toMatchObject({ env: h.env });
      if (typeof h.timestamp === 'number') expect((info.metadata as { timestamp: string }).timestamp).toBe(new Date(h.timestamp * 1000).toISOString());
    }
    const theme = JSON.parse(run(['info', copy('03-v2-full-theme-input-resize.cast'), '--json']).out) as { metadata: { theme?: unknown } };
    expect(theme.metadata.theme).toBeDefined();
  });

  it('info without --json is a readable table', () => {
    const r = run(['info', copy('08-v2-misc-real-session.cast')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^format\s+asciicast v2$/m);
    expect(r.out).toMatch(/^size\s+104x29$/m);
  });

  it('index builds once, then loads the cache', () => {
    const file = copy('02-v2-demo-input.cast');
    const own = join(work, 'index-data');
    const first = run(['index', file, '--data-dir', own]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/built the index in \d+ ms/);
    const second = run(['index', file, '--data-dir', own]);
    expect(second.out).toMatch(/loaded the cached index/);
  });

  it('search finds lines, honours --case-sensitive, and prints JSON', () => {
    const file = copy('08-v2-misc-real-session.cast');
    const duration = (JSON.parse(run(['info', file, '--json']).out) as { durationMs: number }).durationMs;
    const r = run(['search', file, 'marcin', '--json']);
    expect(r.code, r.err).toBe(0);
    const hits = JSON.parse(r.out) as { timeMs: number; text: string }[];
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(Object.keys(h).sort()).toEqual(['text', 'timeMs']);
      expect(h.text.toLowerCase()).toContain('marcin');
      expect(h.timeMs).toBeGreaterThanOrEqual(0);
      expect(h.timeMs).toBeLessThanOrEqual(duration);
    }
    const upper = JSON.parse(run(['search', file, 'MARCIN', '--json', '--case-sensitive']).out) as unknown[];
    expect(upper.length).toBeLessThan(hits.length);
    const regex = JSON.parse(run(['search', file, 'marc[i]n', '--regex', '--json']).out) as unknown[];
    expect(regex.length).toBe(hits.length);
    const text = run(['search', file, 'marcin']);
    expect(text.out.trim().split('\n')).toHaveLength(hits.length);
  });

  it('frame prints the same screen as core.screenAt', async () => {
    const file = copy('08-v2-misc-real-session.cast');
    const core = createCore({ dataDir: join(work, 'core-data'), worker: 'inline' });
    try {
      const { id } = await core.open(file);
      await core.whenIndexed(id);
      for (const atMs of [0, 5000, 30_000, 60_000]) {
        const r = run(['frame', file, '--at', String(atMs)]);
        expect(r.code, r.err).toBe(0);
        const lines = (await core.screenAt(id, atMs)).lines.map((l) => l.replace(/\s+$/, ''));
        while (lines.length > 0 && lines.at(-1) === '') lines.pop();
        expect(r.out, `at ${atMs}`).toBe(lines.length > 0 ? `${lines.join('\n')}\n` : '');
      }
    } finally {
      await core.dispose();
    }
  });

  it('transcript prints lines in time order', () => {
    const r = run(['transcript', copy('10-v2-welcome-bash-output-only.cast.gz'), '--json']);
    expect(r.code, r.err).toBe(0);
    const lines = JSON.parse(r.out) as { timeMs: number; text: string }[];
    expect(lines.length).toBeGreaterThan(5);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.timeMs).toBeGreaterThanOrEqual(lines[i - 1]!.timeMs);
    expect(lines.some((l) => l.text.includes('asciinema'))).toBe(true);
  });

  it('bad files: exit 1 and one line on stderr naming the file, never a stack', () => {
    const empty = join(files, 'empty.cast');
    writeFileSync(empty, '');
    const garbage = join(files, 'garbage.cast');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const missing = join(files, 'missing.cast');
    const dir = join(files, 'a-directory');
    mkdirSync(dir, { recursive: true });
    for (const file of [empty, garbage, missing, dir]) {
      for (const args of [['info', file], ['frame', file, '--at', '0'], ['search', file, 'x']]) {
        const r = run(args);
        expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(1);
        expect(r.err, args.join(' ')).toMatch(ONE_ERROR_LINE);
        expect(r.err.startsWith(`trailview: ${file}: `), r.err).toBe(true);
        expect(r.err.startsWith(`trailview: ${file}: ${basename(file)}: `), 'file named twice').toBe(false);
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(r.out).toBe('');
      }
    }
    expect(run(['info', empty]).err).toMatch(/empty/i);
  });

  it('usage errors exit 2; --help and --version exit 0', () => {
    for (const args of [['nope'], ['info'], ['info', 'a', 'b'], ['info', 'x.cast', '--bogus'], ['frame', 'x.cast'], ['frame', 'x.cast', '--at', 'soon'], []]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^(trailview: |usage: )/);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    const help = run(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['info', 'index', 'search', 'frame', 'transcript', 'web']) expect(help.out).toContain(`  ${cmd} `);
    const version = run(['--version']);
    expect(version.out.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('a big cast is indexed on two threads by the built worker, with the screens and search of one thread', async () => {
    const cast = join(files, 'split-6mb.cast');
    const stats = await writeSyntheticCast(cast, { durationMs: 20 * 60_000, targetBytes: 6 * 2 ** 20, seed: 9 });
    const twoDir = join(work, 'data-two');
    const oneDir = join(work, 'data-one');
    const two = run(['index', cast, '--data-dir', twoDir], { TRAILVIEW_INDEX_SPLIT: String(2 ** 20) });
    expect(two.code, two.err).toBe(0);
    expect(two.out).toMatch(/built the index in \d+ ms on two threads:/);
    const one = run(['index', cast, '--data-dir', oneDir], { TRAILVIEW_INDEX_SPLIT: 'off' });
    expect(one.out).not.toMatch(/two threads/);
    // From the caches just built: the same screen at every point, the same hits.
    for (let i = 0; i < 12; i++) {
      const at = String(Math.round(((i + 0.5) / 12) * stats.durationMs));
      expect(run(['frame', cast, '--at', at, '--data-dir', twoDir]).out, `at ${at} ms`).toBe(run(['frame', cast, '--at', at, '--data-dir', oneDir]).out);
    }
    for (const word of [stats.rareWord, stats.commonWord]) {
      expect(run(['search', cast, word, '--json', '--data-dir', twoDir]).out).toBe(run(['search', cast, word, '--json', '--data-dir', oneDir]).out);
    }
  });
});
