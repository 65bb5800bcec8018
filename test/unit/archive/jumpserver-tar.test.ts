/**
 * JumpServer session downloads through the core (inline): a plain tar with the recording and its
 * `<sid>.json`, the same as .tar.gz and zip; Guacamole, koko and part recordings inside; the bare
 * recording opened on its own gives the same duration and events.
 */
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordingSummary } from '../../../shared/model';
import { inlineCore } from '../core/helpers/temp';
import { buildTar, buildZip, sha256Of } from './builders';
import { CAST_GZ, GUAC_A, GUAC_B, HAVE, NO_CORPUS, place, read, REPLAY_GZ, SID, sessionJson, snapshot } from './helpers';

const core = inlineCore();
/** Bare recordings open in a core of their own: the same content would otherwise answer with the archive's summary. */
const bare = inlineCore();
afterAll(() => Promise.all([core.dispose(), bare.dispose()]));

async function openIndexed(c: typeof core, path: string, member?: string): Promise<RecordingSummary> {
  return c.whenIndexed((await c.open(path, member !== undefined ? { member } : undefined)).id);
}

if (!HAVE) console.warn(NO_CORPUS);

describe.skipIf(!HAVE)('JumpServer tar', () => {
  it('a .cast.gz with its session JSON: terminal recording, session facts, the archive listed; original untouched', async () => {
    const tar = place(`${SID}.tar`, buildTar([
      { name: `${SID}.cast.gz`, data: read(CAST_GZ) },
      { name: `${SID}.json`, data: sessionJson() },
    ]));
    const before = sha256Of(tar);
    const folder = snapshot(dirname(tar));
    const s = await openIndexed(core, tar);
    const own = await openIndexed(bare, place('x.cast.gz', read(CAST_GZ)));
    expect(s).toMatchObject({ kind: 'terminal', format: 'asciicast', compression: 'gzip', fileName: `${SID}.cast.gz`, durationMs: own.durationMs, events: own.events, sha256: own.sha256 });
    expect(s.metadata).toEqual(JSON.parse(sessionJson()));
    expect(s.session).toMatchObject({ sessionId: SID, user: 'Alice(alice)', asset: 'db-01(10.0.0.5)', loginFrom: 'Web Terminal', utcOffsetMinutes: 480, durationMs: 307_000, commandCount: 3, success: true });
    expect(s.session?.startEpochMs).toBe(Date.UTC(2023, 5, 1, 2, 20, 30));
    expect(s.container).toMatchObject({ kind: 'tar', fileName: `${SID}.tar`, sha256: before, memberPaths: [`${SID}.cast.gz`] });
    expect(s.container?.members).toEqual([
      { path: `${SID}.cast.gz`, sizeBytes: read(CAST_GZ).length, kind: 'terminal', format: 'asciicast' },
      { path: `${SID}.json`, sizeBytes: sessionJson().length, kind: 'metadata' },
    ]);
    // Pushed summaries and later answers carry the same decoration.
    expect(core.summary(s.id).session?.user).toBe('Alice(alice)');
    expect(sha256Of(tar)).toBe(before);
    expect(snapshot(dirname(tar))).toEqual(folder);
    // Written out only under the data dir, named by number.
    const written = [...snapshot(join(core.dataDir, 'archives')).keys()];
    expect(written.length).toBeGreaterThan(0);
    for (const p of written) expect(p).toMatch(new RegExp(`^${before}/\\d+$`));
  });

  it('the recording already open bare, then its tar: the tar’s opening (archive and session facts) replaces it', async () => {
    const c = inlineCore();
    try {
      const first = await c.whenIndexed((await c.open(place('already-open.cast.gz', read(CAST_GZ)))).id);
      expect(first.session).toBeUndefined();
      const tar = place(`${SID}-again.tar`, buildTar([
        { name: `${SID}.cast.gz`, data: read(CAST_GZ) },
        { name: `${SID}.json`, data: sessionJson() },
      ]));
      const pushed: RecordingSummary[] = [];
      const off = c.on('summary', (x) => pushed.push(x));
      const again = await c.open(tar);
      off();
      expect(again.id).toBe(first.id);
      expect(again.session?.user).toBe('Alice(alice)');
      expect(again.container?.fileName).toBe(`${SID}-again.tar`);
      expect(c.list()).toHaveLength(1);
      expect(c.summary(first.id).container?.kind).toBe('tar');
      expect(pushed.some((x) => x.id === first.id && x.session?.user === 'Alice(alice)')).toBe(true);
      // Opening the bare file once more keeps what is known (the richer opening stays).
      const bareAgain = await c.open(place('already-open-2.cast.gz', read(CAST_GZ)));
      expect(bareAgain.session?.user).toBe('Alice(alice)');
    } finally {
      await c.dispose();
    }
  });

  it('a .replay.gz (Guacamole) plays as the bare dump does', async () => {
    const tar = place('g.tar', buildTar([
      { name: `${SID}.json`, data: sessionJson({ protocol: 'vnc', terminal: { name: 'lion-01', type: 'lion' } }) },
      { name: `${SID}.replay.gz`, data: read(REPLAY_GZ) },
    ]));
    const s = await openIndexed(core, tar);
    const own = await openIndexed(bare, place('y.replay.gz', read(REPLAY_GZ)));
    expect(s).toMatchObject({ kind: 'display', format: 'guacamole', durationMs: own.durationMs, events: own.events });
    expect(s.session).toMatchObject({ protocol: 'vnc', terminal: 'lion-01 (lion)' });
    expect(s.container?.members.map((m) => m.kind)).toEqual(['metadata', 'display']);
  });

  it('a legacy koko <sid>.gz opens as koko', async () => {
    const koko = gzipSync(JSON.stringify({ '0.1': 'login ok\r\n', '1.25': '$ ls\r\n', '2.5': 'a b c\r\n' }));
    const s = await openIndexed(core, place('k.tar', buildTar([{ name: `${SID}.gz`, data: koko }, { name: `${SID}.json`, data: sessionJson() }])));
    expect(s).toMatchObject({ kind: 'terminal', format: 'koko', durationMs: 2500 });
    expect(s.session?.user).toBe('Alice(alice)');
  });

  it('the same download as .tar.gz and as a zip (deflated, in a folder)', async () => {
    const items = [
      { name: `${SID}.cast.gz`, data: read(CAST_GZ) },
      { name: `${SID}.json`, data: sessionJson() },
    ];
    const own = await openIndexed(bare, place('z.cast.gz', read(CAST_GZ)));
    // A core per archive: the same recording already open (from another archive) answers with its first summary.
    const c1 = inlineCore();
    const c2 = inlineCore();
    const tgz = await openIndexed(c1, place('s.tar.gz', gzipSync(buildTar(items))));
    expect(tgz).toMatchObject({ durationMs: own.durationMs, container: { kind: 'tar.gz', fileName: 's.tar.gz' }, session: { user: 'Alice(alice)' } });
    const zip = await openIndexed(c2, place('s.zip', await buildZip(items.map((i) => ({ name: `2023/06/01/${i.name}`, data: i.data })))));
    await Promise.all([c1.dispose(), c2.dispose()]);
    expect(zip).toMatchObject({ durationMs: own.durationMs, container: { kind: 'zip', memberPaths: [`2023/06/01/${SID}.cast.gz`] }, session: { asset: 'db-01(10.0.0.5)' } });
  });

  it("lion parts: replay.json + N.part.gz stitch into one timeline with the manifest's facts", async () => {
    const names = [`${SID}.0.part.gz`, `${SID}.1.part.gz`];
    const manifest = {
      id: SID,
      user: 'bob',
      asset: 'win-01',
      protocol: 'vnc',
      date_start: '2024-01-02 03:04:05 +0000',
      date_end: '2024-01-02 03:05:05 +0000',
      files: [{ name: names[1], start: 0 }, { name: names[0], start: 0 }],
    };
    const tar = place('p.tar', buildTar([
      { name: `sessions/${SID}.replay.json`, data: JSON.stringify(manifest) },
      { name: `sessions/${names[0]}`, data: gzipSync(read(GUAC_A)) },
      { name: `sessions/${names[1]}`, data: gzipSync(read(GUAC_B)) },
    ]));
    const s = await openIndexed(core, tar);
    const a = await openIndexed(bare, place('a.guac', read(GUAC_A)));
    const b = await openIndexed(bare, place('b.guac', read(GUAC_B)));
    expect(s.kind).toBe('display');
    expect(s.parts?.map((p) => p.name)).toEqual(names);
    const [p0, p1] = s.parts!;
    expect(p0!.durationMs).toBe(a.durationMs);
    expect(p1!.durationMs).toBe(b.durationMs);
    expect(s.durationMs).toBe(p1!.startMs + p1!.durationMs);
    expect(s.session).toMatchObject({ sessionId: SID, user: 'bob', protocol: 'vnc', durationMs: 60_000, utcOffsetMinutes: 0 });
    expect(s.metadata).toMatchObject({ user: 'bob', asset: 'win-01' });
    expect(s.container?.memberPaths).toEqual([`sessions/${SID}.replay.json`, ...names.map((n) => `sessions/${n}`)]);
    expect(s.container?.members.find((m) => m.path.endsWith('replay.json'))).toMatchObject({ kind: 'display', format: 'guacamole' });
  });

  it('a bare replay.json next to its parts gets session facts too', async () => {
    const dir = dirname(place(`${SID}.0.part.gz`, gzipSync(read(GUAC_B))));
    const manifest = join(dir, `${SID}.replay.json`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(manifest, JSON.stringify({ user: 'carol', asset: 'host-9', date_start: '2024-01-02 03:04:05 +0530', files: [{ name: `${SID}.0.part.gz` }] }));
    const s = await openIndexed(core, manifest);
    expect(s.session).toEqual({ user: 'carol', asset: 'host-9', startEpochMs: Date.UTC(2024, 0, 1, 21, 34, 5), utcOffsetMinutes: 330 });
    expect(s.container).toBeUndefined();
  });
});
