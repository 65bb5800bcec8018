/**
 * The Guacamole fast pass on the real guacd recordings: frame table, durations, screen size, typed text,
 * titles, chunks that tile the file. Expected values come from the corpus README and from independent
 * counts over the raw bytes, not from our own earlier output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGuacParser } from '../../../shared/formats/guacamole/parser';
import { GuacIndexer, type GuacChunk, type IndexedText } from '../../../main/core/guacamole/indexer';
import { REPO_ROOT } from '../core/helpers/corpus';

const DIR = resolve(REPO_ROOT, '../shared/corpus/guacamole');
const HAVE = existsSync(DIR);

function index(name: string, split = 64 * 1024) {
  const bytes = readFileSync(resolve(DIR, name));
  const chunks: GuacChunk[] = [];
  const text: IndexedText[] = [];
  const indexer = new GuacIndexer((c) => chunks.push(c), (t) => text.push(t));
  const parser = createGuacParser(indexer);
  for (let at = 0; at < bytes.length; at += split) parser.push(bytes.subarray(at, at + split));
  parser.end();
  indexer.finish();
  return { bytes, indexer, chunks, text };
}

/** sync timestamps straight from the bytes (the corpus has no sync-like text elsewhere). */
function rawSyncs(bytes: Buffer): number[] {
  return [...bytes.toString('latin1').matchAll(/4\.sync,\d+\.(\d+)[,;]/g)].map((m) => Number(m[1]));
}

describe.skipIf(!HAVE)('Guacamole indexer on the guacd 1.6.0 corpus', () => {
  it('VNC xterm session: 8.3 s, 1024x768, every sync a frame, typed lines with <Ctrl+l>', () => {
    const { bytes, indexer, text } = index('guacd160-vnc-xterm-keys.guac');
    const syncs = rawSyncs(bytes);
    expect(indexer.frames.count).toBe(syncs.length);
    expect(indexer.facts.durationMs).toBe(syncs[syncs.length - 1]! - syncs[0]!);
    expect(indexer.facts.durationMs).toBeGreaterThan(8000);
    expect(indexer.facts.durationMs).toBeLessThan(8700);
    expect(indexer.facts.sizes[0]).toMatchObject({ width: 1024, height: 768 });
    const typed = text.filter((t) => t.kind === 'typed').map((t) => t.text);
    const guaclog = readFileSync(resolve(DIR, 'guacd160-vnc-xterm-keys.guaclog.txt'), 'utf8').replace('<Ctrll>', '<Ctrl+l>').trimEnd().split('\n');
    expect(typed).toEqual(guaclog);
    for (let i = 1; i < text.length; i++) expect(text[i]!.timeMs).toBeGreaterThanOrEqual(text[i - 1]!.timeMs);
    expect(indexer.facts.keyEvents).toBe((bytes.toString('latin1').match(/3\.key,/g) ?? []).length);
  });

  it('SSH session with a Unicode window title: the title is indexed whole (code-point lengths)', () => {
    const { indexer, text } = index('guacd160-ssh-unicode-name.guac', 7);
    expect(indexer.facts.title).toBe('Tést 😀 title');
    expect(text.some((t) => t.kind === 'title' && t.text === 'Tést 😀 title')).toBe(true);
    expect(indexer.facts.warnings).toEqual([]);
  });

  it('chunks tile the frames and the bytes, in time order', () => {
    for (const name of ['guacd160-ssh-keys.guac', 'synthetic-utf8-straddles-256KiB-boundary.guac']) {
      const { bytes, indexer, chunks } = index(name);
      expect(chunks.length).toBeGreaterThan(0);
      let frame = 0;
      let offset = 0;
      for (const c of chunks) {
        expect(c.firstFrame).toBe(frame);
        expect(c.startOffset).toBe(offset);
        expect(c.endOffset).toBe(indexer.frames.endOffsetAt(c.firstFrame + c.frameCount - 1));
        expect(bytes.subarray(c.endOffset - 1, c.endOffset).toString()).toBe(';');
        frame += c.frameCount;
        offset = c.endOffset;
      }
      expect(frame).toBe(indexer.frames.count);
      expect(chunks[chunks.length - 1]!.endMs).toBe(indexer.facts.durationMs);
    }
  });

  it('the same facts whatever the split', () => {
    const a = index('guacd160-ssh-unicode-name.guac', 1 << 20);
    const b = index('guacd160-ssh-unicode-name.guac', 3);
    expect(b.text).toEqual(a.text);
    expect(b.chunks).toEqual(a.chunks);
    expect(b.indexer.facts).toEqual(a.indexer.facts);
  });
});
