/**
 * The bench's Guacamole generator on a small size: every byte is re-read by an independent validator
 * (its own UTF-8 decoding and code-point counting, not the generator's) and its counts must equal the
 * facts the generator reported while writing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticGuac } from '../../../main/core/testing/synthetic-guac';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const DIR = resolve(REPO_ROOT, '../shared/corpus/guacamole');
const SOURCES = ['guacd160-vnc-xterm-keys.guac', 'guacd160-ssh-keys.guac', 'guacd160-ssh-unicode-name.guac'].map((f) => join(DIR, f));
const HAVE = SOURCES.every((f) => existsSync(f));

interface Recount {
  bytes: number;
  instructions: number;
  syncs: number[];
  keyTimes: number[];
  mouse: number;
  defaultSizes: string[];
  names: string[];
}

/** A strict reading of `LENGTH.VALUE,...;` over the decoded text, counting code points with for..of. */
function recount(bytes: Uint8Array): Recount {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const out: Recount = { bytes: bytes.length, instructions: 0, syncs: [], keyTimes: [], mouse: 0, defaultSizes: [], names: [] };
  const chars = text[Symbol.iterator]();
  let elements: string[] = [];
  for (;;) {
    let digits = '';
    let c = chars.next();
    if (c.done) break;
    while (!c.done && c.value !== '.') {
      if (!/^[0-9]$/.test(c.value)) throw new Error(`non-digit ${JSON.stringify(c.value)} in a length after ${out.instructions} instructions`);
      digits += c.value;
      c = chars.next();
    }
    if (c.done || digits === '') throw new Error(`missing length or '.' after ${out.instructions} instructions`);
    let value = '';
    for (let n = Number(digits); n > 0; n--) {
      const v = chars.next();
      if (v.done) throw new Error('file ends inside an element');
      value += v.value;
    }
    elements.push(value);
    const terminator = chars.next();
    if (terminator.value === ';') {
      const [op, ...args] = elements;
      out.instructions++;
      if (op === 'sync') out.syncs.push(Number(args[0]));
      if (op === 'key') out.keyTimes.push(Number(args[2]));
      if (op === 'mouse') out.mouse++;
      if (op === 'size' && args[0] === '0') out.defaultSizes.push(`${args[1]}x${args[2]}`);
      if (op === 'name') out.names.push(args[0]!);
      elements = [];
    } else if (terminator.value !== ',') {
      throw new Error(`bad terminator ${JSON.stringify(terminator.value)} after ${out.instructions} instructions`);
    }
  }
  if (elements.length > 0) throw new Error('the last instruction is cut off');
  return out;
}

const nonDecreasing = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! <= x);

describe.skipIf(!HAVE)('synthetic Guacamole dump for the bench', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'trailview-synthetic-guac-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is one valid recording whose recount equals the facts reported while writing', async () => {
    const path = join(tmp, 'small.guac');
    const facts = await writeSyntheticGuac(path, { targetBytes: 3_000_000, sources: SOURCES, seed: 5 });
    const bytes = readFileSync(path);
    const r = recount(bytes);

    expect(facts.outputBytes).toBe(bytes.length);
    expect(facts.fileBytes).toBe(bytes.length);
    expect(facts.outputBytes).toBeGreaterThanOrEqual(3_000_000);
    expect(facts.instructions).toBe(r.instructions);
    expect(facts.frames).toBe(r.syncs.length);
    expect(facts.keyEvents).toBe(r.keyTimes.length);
    expect(facts.mouseEvents).toBe(r.mouse);
    expect(facts.firstSyncMs).toBe(r.syncs[0]);
    expect(facts.durationMs).toBe(r.syncs[r.syncs.length - 1]! - r.syncs[0]!);

    // One continuous clock: syncs never go back (guacd itself repeats a timestamp now and then), and
    // neither do key times; a 3 MB dump of ~10 s pieces spans minutes.
    expect(nonDecreasing(r.syncs)).toBe(true);
    expect(nonDecreasing(r.keyTimes)).toBe(true);
    expect(facts.durationMs).toBeGreaterThan(60_000);

    // Every piece starts with its recording's own full-size default layer, always the same size.
    expect(new Set(r.defaultSizes)).toEqual(new Set(['1024x768']));
    expect(r.defaultSizes.length).toBeGreaterThanOrEqual(facts.pieces);
    expect([facts.width, facts.height]).toEqual([1024, 768]);
    expect(Object.keys(facts.piecesBySource).sort()).toEqual(SOURCES.map((s) => s.split('/').pop()).sort());

    // The corpus title keeps its code-point length: 12 code points, 13 UTF-16 units.
    const unicodePieces = facts.piecesBySource['guacd160-ssh-unicode-name.guac']!;
    expect(r.names.filter((n) => n === 'Tést 😀 title')).toHaveLength(unicodePieces);
    expect(bytes.includes(Buffer.from('4.name,12.Tést 😀 title;'))).toBe(true);
  });

  it('gzip holds the same protocol bytes as the plain file for the same seed', async () => {
    const plain = join(tmp, 'a.guac');
    const gz = join(tmp, 'a.guac.gz');
    const opts = { targetBytes: 1_000_000, sources: SOURCES, seed: 9 };
    const p = await writeSyntheticGuac(plain, opts);
    const g = await writeSyntheticGuac(gz, { ...opts, gzip: true });
    const inflated = gunzipSync(readFileSync(gz));
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(inflated)).toBe(sha(readFileSync(plain)));
    expect(g.outputBytes).toBe(inflated.length);
    expect(g.fileBytes).toBe(readFileSync(gz).length);
    expect(g.fileBytes).toBeLessThan(g.outputBytes);
    expect({ ...g, fileBytes: 0, gzip: false }).toEqual({ ...p, fileBytes: 0 });
  });

  it('a different seed orders the pieces differently', async () => {
    const a = await writeSyntheticGuac(join(tmp, 's1.guac'), { targetBytes: 2_000_000, sources: SOURCES, seed: 1 });
    const b = await writeSyntheticGuac(join(tmp, 's2.guac'), { targetBytes: 2_000_000, sources: SOURCES, seed: 2 });
    expect(readFileSync(join(tmp, 's1.guac')).equals(readFileSync(join(tmp, 's2.guac')))).toBe(false);
    expect(a.pieces).toBeGreaterThan(5);
    expect(b.pieces).toBeGreaterThan(5);
  });

  it('refuses sources of different screen sizes and input that is not Guacamole', async () => {
    const odd = join(tmp, 'odd.guac');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(odd, '4.size,1.0,3.800,3.600;4.sync,4.1000;');
    await expect(writeSyntheticGuac(join(tmp, 'x.guac'), { targetBytes: 1000, sources: [SOURCES[0]!, odd] })).rejects.toThrow(/800x600/);
    writeFileSync(odd, 'hello world');
    await expect(writeSyntheticGuac(join(tmp, 'y.guac'), { targetBytes: 1000, sources: [odd] })).rejects.toThrow(/bad element length/);
    expect(existsSync(join(tmp, 'x.guac'))).toBe(false);
  });
});
