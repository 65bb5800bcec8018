/** The BUILT command line on archives: info --json (metadata, session, parts, container), human info, --member. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ArchiveMember } from '../../../shared/model';
import { REPO_ROOT } from '../core/helpers/corpus';
import { tempDir } from '../core/helpers/temp';
import { buildTar } from './builders';
import { CAST_GZ, GUAC_A, GUAC_B, HAVE, NO_CORPUS, place, read, REPLAY_GZ, SID, sessionJson } from './helpers';

const CLI = resolve(REPO_ROOT, 'out/main/cli.js');
const skipWhy = !existsSync(CLI) ? `archive CLI tests skipped: ${CLI} is missing (run npm run build)` : !HAVE ? NO_CORPUS : null;
if (skipWhy) console.warn(skipWhy);

const dataDir = join(tempDir('tv-cli-archive-'), 'data');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe.skipIf(skipWhy !== null)('trailview info on archives (built CLI)', () => {
  const tar = () =>
    place('session.tar', buildTar([
      { name: `${SID}.cast.gz`, data: read(CAST_GZ) },
      { name: `${SID}.json`, data: sessionJson() },
      { name: 'other/guac.replay.gz', data: read(REPLAY_GZ) },
    ]));

  it('--json: metadata as found, session facts, the container with every member', () => {
    const r = run(['info', tar(), '--json']);
    expect(r.err).toBe('');
    const info = JSON.parse(r.out) as { metadata: object; session: object; container: { kind: string; members: ArchiveMember[] } };
    expect(info.metadata).toMatchObject(JSON.parse(sessionJson()));
    expect(info.session).toMatchObject({ user: 'Alice(alice)', loginFrom: 'Web Terminal', startEpochMs: Date.UTC(2023, 5, 1, 2, 20, 30), utcOffsetMinutes: 480 });
    expect(info.container.kind).toBe('tar');
    expect(info.container.members.map((m) => [m.path, m.kind ?? null, m.format ?? null])).toEqual([
      [`${SID}.cast.gz`, 'terminal', 'asciicast'],
      [`${SID}.json`, 'metadata', null],
      ['other/guac.replay.gz', 'display', 'guacamole'],
    ]);
  });

  it('human info: labelled facts, the member list; --member opens another; a wrong member is one line, exit 1', () => {
    const path = tar();
    const r = run(['info', path]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^user\s+Alice\(alice\)$/m);
    expect(r.out).toMatch(/^start\s+2023-06-01 10:20:30 \+08:00 \(2023-06-01 02:20:30 UTC\)$/m);
    expect(r.out).toMatch(/^login from\s+Web Terminal$/m);
    expect(r.out).toMatch(new RegExp(`^  \\* ${SID}\\.cast\\.gz  \\[terminal, asciicast\\]`, 'm'));
    expect(r.out).toMatch(/^ {4}other\/guac\.replay\.gz  \[display, guacamole\]/m);
    const g = run(['info', path, '--member', 'other/guac.replay.gz', '--json']);
    expect(JSON.parse(g.out)).toMatchObject({ format: 'guacamole', container: { memberPaths: ['other/guac.replay.gz'] } });
    const bad = run(['info', path, '--member', 'nope.cast']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^trailview: [^\n]+session\.tar: [^\n]*has no member "nope\.cast"\n$/);
  });

  it('parts: [{name, startMs, durationMs}] and a durationMs covering all of them', () => {
    const names = [`${SID}.0.part.gz`, `${SID}.1.part.gz`];
    const path = place('parts.tar', buildTar([
      { name: `${SID}.replay.json`, data: JSON.stringify({ id: SID, user: 'bob', asset: 'win', date_start: '2024-01-02 03:04:05 +0000', files: names.map((name) => ({ name })) }) },
      { name: names[0]!, data: gzipSync(read(GUAC_A)) },
      { name: names[1]!, data: gzipSync(read(GUAC_B)) },
    ]));
    const info = JSON.parse(run(['info', path, '--json']).out) as { parts: { name: string; startMs: number; durationMs: number }[]; durationMs: number; session: object };
    expect(info.parts.map((p) => p.name)).toEqual(names);
    const last = info.parts[1]!;
    expect(info.durationMs).toBe(last.startMs + last.durationMs);
    expect(info.parts[0]!.startMs).toBe(0);
    expect(info.session).toMatchObject({ user: 'bob', asset: 'win' });
  });
});
