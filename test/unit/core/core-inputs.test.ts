/** Bad inputs give the documented errors or warnings (and never hang); originals are never touched. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TrailviewError } from '../../../shared/errors';
import { CORPUS_FILES, corpusPath, HAVE_CORPUS, NO_CORPUS_MESSAGE } from './helpers/corpus';
import { copyOfCorpus, inlineCore, tempDir, writeTemp } from './helpers/temp';

const core = inlineCore();
afterAll(() => core.dispose());

async function openError(path: string): Promise<TrailviewError> {
  try {
    await core.open(path);
  } catch (e) {
    expect(e).toBeInstanceOf(TrailviewError);
    return e as TrailviewError;
  }
  throw new Error(`${path} opened but should not have`);
}

describe('bad inputs', () => {
  it('an empty file is EMPTY_FILE', async () => {
    const e = await openError(writeTemp('empty.cast', ''));
    expect(e.code).toBe('EMPTY_FILE');
    expect(e.message).toBe('empty.cast: the file is empty (0 bytes)');
  });

  it('only whitespace is EMPTY_FILE', async () => {
    expect((await openError(writeTemp('blank.cast', '\n  \n'))).code).toBe('EMPTY_FILE');
  });

  it('plain text is UNSUPPORTED_FORMAT, naming the file and what it starts with', async () => {
    const e = await openError(writeTemp('notes.cast', 'hello world\nsecond line\n'));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toBe('notes.cast: not a recording Trailview knows (asciicast, koko or Guacamole): starts with text "hello world"');
  });

  it('binary data is UNSUPPORTED_FORMAT with its first bytes', async () => {
    const e = await openError(writeTemp('image.cast', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toMatch(/^image\.cast: not a recording Trailview knows \(asciicast, koko or Guacamole\): starts with bytes 89 50 4e 47/);
  });

  it('JSON that is not a recording is UNSUPPORTED_FORMAT', async () => {
    expect((await openError(writeTemp('pkg.json', '{"name": "x", "version": "1.0.0"}\n'))).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('gzip of text that is not a recording is UNSUPPORTED_FORMAT', async () => {
    expect((await openError(writeTemp('x.cast.gz', gzipSync('just some text\n')))).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('a gzip file cut inside its header is CORRUPT', async () => {
    const e = await openError(writeTemp('cut.cast.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00])));
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toMatch(/^cut\.cast\.gz: /);
  });

  it('a display name replaces the stored file name in messages and in the summary', async () => {
    const stored = 'a'.repeat(64);
    const garbage = writeTemp(stored, 'just some notes, no recording here\n');
    const e = await core.open(garbage, { displayName: 'notes from Bob.cast' }).then(
      () => undefined,
      (err: unknown) => err as TrailviewError,
    );
    expect(e?.code).toBe('UNSUPPORTED_FORMAT');
    expect(e?.message).toMatch(/^notes from Bob\.cast: not a recording Trailview knows/);
    expect((await openError(writeTemp(stored, ''))).message).toBe(`${stored}: the file is empty (0 bytes)`);
    const ok = writeTemp(stored, '{"version":2,"width":80,"height":24}\n[0.5,"o","hi"]\n');
    const s = await core.open(ok, { displayName: 'session.cast' });
    expect(s.fileName).toBe('session.cast');
    expect((await core.whenIndexed(s.id)).fileName).toBe('session.cast');
    await core.close(s.id);
  });

  it('a missing file is NOT_FOUND, a directory NOT_READABLE', async () => {
    expect((await openError(join(tempDir(), 'nope.cast'))).code).toBe('NOT_FOUND');
    const dir = join(tempDir(), 'a-dir.cast');
    mkdirSync(dir);
    expect((await openError(dir)).code).toBe('NOT_READABLE');
  });

  it('an unknown id is NOT_FOUND', async () => {
    expect(() => core.summary('0123456789abcdef')).toThrow(TrailviewError);
    await expect(core.chunk('0123456789abcdef', { atMs: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe.skipIf(!HAVE_CORPUS)(`damaged gzip recordings${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`, () => {
  const gz = HAVE_CORPUS ? readFileSync(corpusPath('10-v2-welcome-bash-output-only.cast.gz')) : Buffer.alloc(0);

  it('a truncated gzip stream opens with a TRUNCATED warning and what was before the cut', async () => {
    const s = await core.whenIndexed((await core.open(writeTemp('cut.cast.gz', gz.subarray(0, Math.floor(gz.length * 0.6))))).id);
    expect(s.index.state).toBe('ready');
    expect(s.warnings.map((w) => w.code)).toContain('TRUNCATED');
    expect(s.durationMs).toBeGreaterThan(10_000);
    expect(s.durationMs).toBeLessThan(119_207);
    expect((await core.search({ id: s.id, query: 'brew install' })).total).toBe(1);
  });

  it('a damaged gzip checksum is a BAD_DATA warning', async () => {
    const damaged = Buffer.from(gz);
    damaged[damaged.length - 6] = damaged[damaged.length - 6]! ^ 0xff;
    const s = await core.whenIndexed((await core.open(writeTemp('crc.cast.gz', damaged))).id);
    expect(s.index.state).toBe('ready');
    expect(s.warnings.map((w) => [w.code, w.message])).toEqual([['BAD_DATA', expect.stringMatching(/^crc\.cast\.gz: the gzip checksum does not match/)]]);
  });

  it('undecodable gzip data after the start: failed with CORRUPT, the part before stays playable', async () => {
    // A good member, then one whose first deflate block has the reserved type (invalid).
    const good = gzipSync(readFileSync(corpusPath('08-v2-misc-real-session.cast')));
    const bad = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x07, 0, 0, 0]);
    const s = await core.whenIndexed((await core.open(writeTemp('damaged.cast.gz', Buffer.concat([good, bad])))).id);
    expect(s.index.state).toBe('failed');
    expect(s.index.error?.code).toBe('CORRUPT');
    expect(s.index.error?.message).toMatch(/^damaged\.cast\.gz: the gzip data is damaged/);
    expect(s.index.indexedUntilMs).toBeGreaterThan(0);
    const last = await core.chunk(s.id, { atMs: 1e9 });
    expect(last.last).toBe(true);
    expect((await core.screenAt(s.id, s.index.indexedUntilMs)).rows).toBe(29);
  });

  it('junk after the gzip stream is ignored', async () => {
    const s = await core.whenIndexed((await core.open(writeTemp('junk.cast.gz', Buffer.concat([gz, Buffer.from('\0\0garbage after the end')])))).id);
    expect(s.warnings).toEqual([]);
    expect(s.durationMs).toBeCloseTo(119207.933, 3);
  });
});

describe.skipIf(!HAVE_CORPUS)(`originals are evidence${HAVE_CORPUS ? '' : ` (${NO_CORPUS_MESSAGE})`}`, () => {
  it('every corpus file is byte-identical, same mtime, and nothing appears next to it after open + index', async () => {
    const dir = tempDir();
    const before = new Map<string, { sha: string; mtimeMs: number; size: number }>();
    for (const name of CORPUS_FILES) {
      const path = copyOfCorpus(name, dir);
      const st = statSync(path);
      before.set(path, { sha: createHash('sha256').update(readFileSync(path)).digest('hex'), mtimeMs: st.mtimeMs, size: st.size });
    }
    const listing = readdirSync(dir).sort();
    for (const path of before.keys()) {
      const s = await core.whenIndexed((await core.open(path)).id);
      await core.chunk(s.id, { atMs: s.durationMs / 2 });
    }
    expect(readdirSync(dir).sort()).toEqual(listing);
    for (const [path, b] of before) {
      const st = statSync(path);
      expect(createHash('sha256').update(readFileSync(path)).digest('hex'), path).toBe(b.sha);
      expect(st.mtimeMs, path).toBe(b.mtimeMs);
      expect(st.size, path).toBe(b.size);
    }
  });

  it('opening the same content twice (even under another name) gives the same recording', async () => {
    const a = await core.open(copyOfCorpus('06-v2-markers-input.cast'));
    const other = join(tempDir(), 'renamed.cast');
    writeFileSync(other, readFileSync(corpusPath('06-v2-markers-input.cast')));
    const b = await core.open(other);
    expect(b.id).toBe(a.id);
    expect(core.list().filter((s) => s.id === a.id)).toHaveLength(1);
  });
});
