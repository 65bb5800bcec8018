/**
 * The BUILT command line on Guacamole recordings: `info --json` has the fields (format,
 * durationMs, width, height, frames, warnings), `search` and `transcript` read the keystroke log,
 * `frame` says clearly it is for terminal recordings.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'out/main/cli.js');
const CORPUS = resolve(ROOT, '../shared/corpus/guacamole');
const skipWhy = !existsSync(CLI) ? `CLI tests skipped: ${CLI} is missing (run npm run build)` : !existsSync(CORPUS) ? `CLI tests skipped: ${CORPUS} is missing` : null;
if (skipWhy) console.warn(skipWhy);

describe.skipIf(skipWhy !== null)('trailview CLI on Guacamole recordings (built)', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-cli-guac-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const copy = (name: string) => {
    const to = join(work, name);
    if (!existsSync(to)) copyFileSync(join(CORPUS, name), to);
    return to;
  };
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, TRAILVIEW_DATA_DIR: join(work, 'data') }, timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('info --json: format, duration from the syncs, screen size, frames, warnings', () => {
    const r = run(['info', copy('guacd160-vnc-xterm-keys.replay.gz'), '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.out) as Record<string, unknown>;
    const text = readFileSync(join(CORPUS, 'guacd160-vnc-xterm-keys.guac'), 'latin1');
    const syncs = [...text.matchAll(/4\.sync,\d+\.(\d+)/g)].map((m) => Number(m[1]));
    expect(info).toMatchObject({ format: 'guacamole', durationMs: syncs[syncs.length - 1]! - syncs[0]!, width: 1024, height: 768, frames: syncs.length, warnings: [] });
  });

  it('search and transcript read typed lines, tagged by kind; frame refuses with one clear line', () => {
    const file = copy('guacd160-vnc-xterm-keys.guac');
    const search = run(['search', file, 'seq']);
    expect(search.code).toBe(0);
    expect(search.out).toMatch(/^\d+:\d\d\.\d{3}  \[typed\] <Ctrl\+l>seq 1 200\n$/);
    const transcript = run(['transcript', file]);
    expect(transcript.out.split('\n').filter(Boolean).map((l) => l.replace(/^\S+ {2}/, ''))).toEqual(['[typed] echo hello guacamole', '[typed] ls -la /', '[typed] <Ctrl+l>seq 1 200']);
    const json = JSON.parse(run(['transcript', file, '--json']).out) as { kind: string; text: string }[];
    expect(json.map((l) => l.kind)).toEqual(['typed', 'typed', 'typed']);
    const frame = run(['frame', file, '--at', '1000']);
    expect(frame.code).not.toBe(0);
    expect(frame.err).toMatch(/^trailview: [^\n]+: [^\n]*Guacamole[^\n]*\n$/);
  });

  it('the window title of the SSH recording is searchable whole, emoji included', () => {
    const r = run(['search', copy('guacd160-ssh-unicode-name.guac'), '😀', '--json']);
    expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ text: 'Tést 😀 title', kind: 'title' })]);
  });
});
