import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZmodemScanner, type ZFrame } from '../../../shared/formats/zmodem/scanner';

const root = join(import.meta.dirname, '../../..');
/** A real lrzsz session recorded by test/fixtures/commands/recorder.py: sz report.txt (7200 bytes), rz of upload.bin (5120 bytes). */
function streams(): { out: string; in: string } {
  const lines = readFileSync(join(root, 'test/fixtures/commands/bash-zmodem.cast'), 'utf8').trim().split('\n').slice(1);
  let out = '';
  let input = '';
  for (const l of lines) {
    const [, code, data] = JSON.parse(l) as [number, string, string];
    if (code === 'o') out += data;
    else if (code === 'i') input += data;
  }
  return { out, in: input };
}

function scan(text: string, cuts: number[]): ZFrame[] {
  const s = new ZmodemScanner();
  const frames: ZFrame[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    frames.push(...s.push(text.slice(at, cut)));
    at = cut;
  }
  return frames;
}

describe('ZmodemScanner on a real lrzsz session', () => {
  const { out, in: input } = streams();

  it('finds the download: ZRQINIT, ZFILE with the name and size sz sent, ZEOF, ZFIN', () => {
    const types = scan(out, []).map((f) => f.type);
    expect(types.slice(0, 2)).toEqual(['ZRQINIT', 'ZFILE']);
    const file = scan(out, []).find((f) => f.type === 'ZFILE');
    expect(file?.file).toEqual({ name: 'report.txt', sizeBytes: 7200 });
    expect(types).toContain('ZEOF');
    expect(types).toContain('ZFIN');
    expect(types).toContain('ZRINIT');
  });

  it('finds the upload in the input: ZFILE upload.bin 5120 bytes', () => {
    const files = scan(input, []).filter((f) => f.type === 'ZFILE');
    expect(files.map((f) => f.file)).toEqual([{ name: 'upload.bin', sizeBytes: 5120 }]);
  });

  it('gives the same frames however the stream is split', () => {
    const whole = scan(out, []);
    for (const step of [1, 2, 3, 7, 64, 1000]) {
      const cuts: number[] = [];
      for (let i = step; i < out.length; i += step) cuts.push(i);
      expect(scan(out, cuts)).toEqual(whole);
    }
  });

  it('sees the 5-CAN abort, and nothing in ordinary text', () => {
    expect(scan('abc\x18\x18\x18\x18\x18\x08\x08def', []).map((f) => f.type)).toEqual(['CANCEL']);
    expect(scan('ls -la *\r\n** bold ** and *x', [])).toEqual([]);
  });
});
