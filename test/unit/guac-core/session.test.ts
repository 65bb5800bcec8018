/**
 * Guacamole recordings through the core (inline worker mode): open, summary, chunks that tile the
 * content byte for byte, typed-text search, transcript pages, activity, the cache, bad input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { DisplayChunk, DisplaySummary, RecordingSummary } from '../../../shared/model';
import { parseGuacText } from '../../../shared/formats/guacamole/text-parser';
import { REPO_ROOT } from '../core/helpers/corpus';
import { inlineCore, tempDir } from '../core/helpers/temp';
import { existsSync, copyFileSync } from 'node:fs';

const DIR = resolve(REPO_ROOT, '../shared/corpus/guacamole');
const HAVE = existsSync(DIR);
const core = inlineCore();
afterAll(() => core.dispose());

function copy(name: string): string {
  const to = join(tempDir(), name);
  copyFileSync(resolve(DIR, name), to);
  return to;
}

function display(s: RecordingSummary): DisplaySummary {
  if (s.kind !== 'display') throw new Error(`expected a display recording, got ${s.kind}`);
  return s;
}

async function allChunks(id: string): Promise<DisplayChunk[]> {
  const out: DisplayChunk[] = [];
  for (let i = 0, last = false; !last; i++) {
    const c = await core.chunk(id, { chunkIndex: i });
    if (c.kind !== 'display') throw new Error('not a display chunk');
    out.push(c);
    last = c.last;
  }
  return out;
}

describe.skipIf(!HAVE)('Guacamole recordings through the core', () => {
  it('a plain dump: summary facts, chunks that tile the text up to the last sync, frames in order', async () => {
    const path = copy('guacd160-vnc-xterm-keys.guac');
    const s = display(await core.whenIndexed((await core.open(path)).id));
    expect(s).toMatchObject({ format: 'guacamole', compression: 'none', index: { state: 'ready' } });
    expect(s.display).toMatchObject({ width: 1024, height: 768 });
    const text = readFileSync(path, 'utf8');
    expect(s.display.frames).toBe((text.match(/4\.sync,/g) ?? []).length);
    const chunks = await allChunks(s.id);
    expect(chunks.length).toBeGreaterThan(1);
    const joined = chunks.map((c) => c.instructions).join('');
    expect(joined).toBe(text.slice(0, text.lastIndexOf('4.sync,')).concat(text.slice(text.lastIndexOf('4.sync,')).replace(/;[^]*$/, ';')));
    let prevMs = 0;
    for (const c of chunks) {
      expect(c.frameEnds.length).toBe(c.frameTimesMs.length);
      for (let f = 0; f < c.frameEnds.length; f++) {
        const before = c.instructions.slice(0, c.frameEnds[f]);
        expect(before.endsWith(';')).toBe(true);
        expect(before.slice(before.lastIndexOf(';', before.length - 2) + 1)).toMatch(/^4\.sync,/);
        expect(c.frameTimesMs[f]).toBeGreaterThanOrEqual(prevMs);
        prevMs = c.frameTimesMs[f]!;
      }
      expect(c.frameEnds[c.frameEnds.length - 1]).toBe(c.instructions.length);
    }
    expect(prevMs).toBe(s.durationMs);
  });

  it('the gzip replay gives the same chunks as the plain dump (read from the decompressed copy)', async () => {
    const gz = copy('guacd160-vnc-xterm-keys.replay.gz');
    const plain = readFileSync(resolve(DIR, 'guacd160-vnc-xterm-keys.guac'));
    const same = gunzipSync(readFileSync(gz)).equals(plain);
    const s = display(await core.whenIndexed((await core.open(gz)).id));
    expect(s.compression).toBe('gzip');
    const text = (await allChunks(s.id)).map((c) => c.instructions).join('');
    if (same) expect(text).toBe((await allChunks(display(await core.whenIndexed((await core.open(copy('guacd160-vnc-xterm-keys.guac'))).id)).id)).map((c) => c.instructions).join(''));
    expect(text.length).toBeGreaterThan(10_000);
  });

  it('frame ends are UTF-16 offsets when a frame holds non-ASCII text', async () => {
    const s = display(await core.whenIndexed((await core.open(copy('guacd160-ssh-unicode-name.guac'))).id));
    expect(s.display.title).toBe('Tést 😀 title');
    for (const c of await allChunks(s.id)) {
      let names = 0;
      parseGuacText(c.instructions.slice(0, c.frameEnds[c.frameEnds.length - 1]), (ins) => {
        if (ins.opcode === 'name') names++;
      });
      expect(c.instructions.slice(0, c.frameEnds[c.frameEnds.length - 1]).endsWith(';')).toBe(true);
      if (c.instructions.includes('😀')) expect(names).toBe(1);
    }
  });

  it('typed text is searchable and listed with its kind and time; activity counts keys and drawing', async () => {
    const s = display(await core.whenIndexed((await core.open(copy('guacd160-vnc-xterm-keys.guac'))).id));
    const r = await core.search({ id: s.id, query: 'hello guacamole' });
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]).toMatchObject({ text: 'echo hello guacamole', kind: 'typed' });
    const page = await core.transcriptPage(s.id, 0, 100);
    expect(page.lines.map((l) => l.text)).toEqual(['echo hello guacamole', 'ls -la /', '<Ctrl+l>seq 1 200']);
    expect(page).toMatchObject({ total: 3, done: true });
    expect(page.lines.every((l) => l.kind === 'typed' && l.timeMs >= 0 && l.timeMs <= s.durationMs)).toBe(true);
    const a = await core.activity(s.id);
    expect(a.input.reduce((x, y) => x + y, 0)).toBe(s.display.keyEvents + s.display.mouseEvents);
    expect(a.screen.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    expect(a.screen.length).toBe(Math.floor(s.durationMs / a.bucketMs) + 1);
  });

  it('a second open comes from the cache with the same chunks, text and activity', async () => {
    const path = copy('guacd160-ssh-keys.guac');
    const dataDir = join(tempDir(), 'data');
    const first = inlineCore(dataDir);
    const a = display(await first.whenIndexed((await first.open(path)).id));
    const aChunks = [];
    for (let i = 0; i < a.display.frames && i < 1; i++) aChunks.push(await first.chunk(a.id, { chunkIndex: 0 }));
    const aText = await first.transcriptPage(a.id, 0, 1000);
    const aAct = await first.activity(a.id);
    await first.dispose();
    const second = inlineCore(dataDir);
    const b = display(await second.open(path));
    expect(b.index.fromCache).toBe(true);
    expect(await second.chunk(b.id, { chunkIndex: 0 })).toEqual(aChunks[0]);
    expect(await second.transcriptPage(b.id, 0, 1000)).toEqual(aText);
    expect(await second.activity(b.id)).toEqual(aAct);
    const { index: _a, ...restA } = a;
    const { index: _b, ...restB } = b;
    expect(restB).toEqual(restA);
    await second.dispose();
  });

  it('a dump cut mid-instruction plays up to its last frame and says where it was cut', async () => {
    const text = readFileSync(resolve(DIR, 'guacd160-ssh-keys.guac'), 'utf8');
    const cutAt = Math.floor(text.length * 0.6);
    const path = join(tempDir(), 'cut.guac');
    writeFileSync(path, text.slice(0, cutAt));
    const s = display(await core.whenIndexed((await core.open(path)).id));
    expect(s.index.state).toBe('ready');
    expect(s.warnings.some((w) => w.code === 'TRUNCATED' && typeof w.offsetBytes === 'number')).toBe(true);
    expect(s.display.frames).toBe((text.slice(0, cutAt).match(/4\.sync,\d+\.\d+(,\d+\.\d+)?;/g) ?? []).length);
  });

  it('protocol without a single sync is refused with a clear message', async () => {
    const path = join(tempDir(), 'nosync.guac');
    writeFileSync(path, '4.size,1.0,4.1024,3.768;4.rect,1.0,1.0,1.0,2.10,2.10;');
    await expect(core.open(path)).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/no complete frame/) });
  });
});
