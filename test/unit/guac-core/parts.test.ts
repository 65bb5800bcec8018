/**
 * JumpServer part recordings (`<sid>.replay.json` + `<sid>.N.part.gz`) open as one recording: parts in
 * order on one timeline, each starting from an empty display, the manifest's fields as metadata.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { DisplayChunk, DisplaySummary, RecordingSummary } from '../../../shared/model';
import { REPO_ROOT } from '../core/helpers/corpus';
import { inlineCore, tempDir } from '../core/helpers/temp';

const DIR = resolve(REPO_ROOT, '../shared/corpus/guacamole');
const HAVE = existsSync(DIR);
const core = inlineCore();
afterAll(() => core.dispose());
const SID = 'e32248ce-2dc8-43c8-b37e-a61d5ee32176';

function display(s: RecordingSummary): DisplaySummary {
  if (s.kind !== 'display') throw new Error(`expected a display recording, got ${s.kind}`);
  return s;
}

/** A part-recording folder: part N is corpus file N, gzip'd; the manifest lists them out of order. */
function partFolder(corpus: string[], manifest: (names: string[]) => object = (names) => ({ files: names.map((name) => ({ name })) })): string {
  const dir = tempDir();
  const names = corpus.map((_, i) => `${SID}.${i}.part.gz`);
  corpus.forEach((c, i) => writeFileSync(join(dir, names[i]!), gzipSync(readFileSync(resolve(DIR, c)))));
  const path = join(dir, `${SID}.replay.json`);
  writeFileSync(path, JSON.stringify(manifest(names)));
  return path;
}

async function chunks(id: string): Promise<DisplayChunk[]> {
  const out: DisplayChunk[] = [];
  for (let i = 0, last = false; !last; i++) {
    const c = await core.chunk(id, { chunkIndex: i });
    if (c.kind !== 'display') throw new Error('not a display chunk');
    out.push(c);
    last = c.last;
  }
  return out;
}

describe.skipIf(!HAVE)('part recordings', () => {
  it('two parts play as one timeline, the second from an empty display, with the manifest as metadata', async () => {
    const path = partFolder(['guacd160-vnc-xterm-keys.guac', 'guacd160-ssh-keys.guac'], (names) => ({
      id: SID,
      user: 'alice',
      asset: 'db-01',
      type: 'guacamole',
      files: [{ name: names[1] }, { name: names[0] }],
    }));
    const s = display(await core.whenIndexed((await core.open(path)).id));
    expect(s.metadata).toMatchObject({ id: SID, user: 'alice', asset: 'db-01' });
    expect(s.parts?.map((p) => p.name)).toEqual([`${SID}.0.part.gz`, `${SID}.1.part.gz`]);
    const [p0, p1] = s.parts!;
    expect(p0!.startMs).toBe(0);
    expect(p0!.durationMs).toBeGreaterThan(8000);
    expect(p1!.startMs).toBeGreaterThanOrEqual(p0!.startMs + p0!.durationMs);
    expect(s.durationMs).toBe(p1!.startMs + p1!.durationMs);
    const all = await chunks(s.id);
    const starts = all.filter((c) => c.resetsDisplay);
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ prelude: '', keyframeChunk: starts[0]!.chunkIndex });
    expect(starts[0]!.startMs).toBeLessThanOrEqual(p1!.startMs);
    const second = all.slice(starts[0]!.chunkIndex).map((c) => c.instructions).join('');
    const ssh = readFileSync(resolve(DIR, 'guacd160-ssh-keys.guac'), 'utf8');
    expect(second).toBe(ssh.slice(0, ssh.lastIndexOf(';') + 1));
    const typed = await core.transcriptPage(s.id, 0, 1000);
    expect(typed.lines.some((l) => l.text.includes('echo hello guacamole') && l.timeMs < p1!.startMs)).toBe(true);
    expect(typed.lines.some((l) => l.timeMs >= p1!.startMs)).toBe(true);
  });

  it('a missing part is a warning; the parts that exist still play', async () => {
    const path = partFolder(['guacd160-ssh-keys.guac'], (names) => ({ files: [{ name: names[0] }, { name: `${SID}.1.part.gz` }] }));
    const s = display(await core.whenIndexed((await core.open(path)).id));
    expect(s.parts).toHaveLength(1);
    expect(s.warnings.some((w) => w.message.includes(`part ${SID}.1.part.gz cannot be read`))).toBe(true);
  });

  it('a manifest whose parts are all missing, or named with a path, is refused', async () => {
    const dir = tempDir();
    const missing = join(dir, 'a.replay.json');
    writeFileSync(missing, JSON.stringify({ files: [{ name: 'a.0.part.gz' }] }));
    await expect(core.open(missing)).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/none of its 1 part files/) });
    const outside = join(dir, 'b.replay.json');
    copyFileSync(resolve(DIR, 'guacd160-ssh-keys.guac'), join(dir, 'secret.guac'));
    writeFileSync(outside, JSON.stringify({ files: [{ name: '../secret.guac' }] }));
    await expect(core.open(outside)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/not a plain file name/) });
  });
});
