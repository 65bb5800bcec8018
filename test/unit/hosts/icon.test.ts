/** The generated icon is a valid 512x512 RGBA PNG with a transparent outside and a drawn inside. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function readPng(buf: Buffer) {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  const chunks: { type: string; data: Buffer }[] = [];
  while (offset < buf.length) {
    const len = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + len);
    chunks.push({ type, data });
    offset += 12 + len;
  }
  return chunks;
}

describe('resources/icon.png', () => {
  const chunks = readPng(readFileSync(resolve(ROOT, 'resources/icon.png')));

  it('is 512x512, 8-bit RGBA', () => {
    const ihdr = chunks[0]!;
    expect(ihdr.type).toBe('IHDR');
    expect([ihdr.data.readUInt32BE(0), ihdr.data.readUInt32BE(4), ihdr.data[8], ihdr.data[9]]).toEqual([512, 512, 8, 6]);
    expect(chunks.at(-1)!.type).toBe('IEND');
  });

  it('decodes to transparent corners and a coloured, varied middle', () => {
    const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    const stride = 512 * 4 + 1;
    expect(raw.length).toBe(512 * stride);
    const px = (x: number, y: number) => [...raw.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4)];
    expect(px(0, 0)[3]).toBe(0);
    expect(px(511, 511)[3]).toBe(0);
    expect(px(256, 256)[3]).toBe(255);
    const colours = new Set<string>();
    for (let y = 0; y < 512; y += 8) for (let x = 0; x < 512; x += 8) colours.add(px(x, y).join(','));
    expect(colours.size).toBeGreaterThan(10);
  });

  it('has an SVG twin', () => {
    const svg = readFileSync(resolve(ROOT, 'resources/icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 512 512"/);
  });
});
