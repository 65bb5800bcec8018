/**
 * The MP4 and WebM probes against real files (the corpus's guacenc M4V, Chromium's WebCodecs and
 * MediaRecorder output) and files rebuilt from them (faststart, HEVC-marked, cut short). Expected values
 * come from the corpus README, the generator's facts and the files' own bytes read here independently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrailviewError } from '../../../shared/errors';
import { detectVideo } from '../../../main/core/video/detect';
import { probeMp4 } from '../../../main/core/video/mp4-probe';
import type { VideoProbe } from '../../../main/core/video/probe-types';
import type { SourceReader } from '../../../main/core/video/source-reader';
import { probeWebm } from '../../../main/core/video/webm-probe';
import { layout, parse, toFakeHevc, toFaststart, walk, withLargeMdat } from './mp4-edit';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/video');
const M4V = join(ROOT, '../shared/corpus/video/guacd160-vnc-xterm-keys.guacenc.m4v');
const facts = JSON.parse(readFileSync(join(FIXTURES, 'facts.json'), 'utf8')) as Record<string, { frames?: number; fps?: number; width: number; height: number; recordedForMs?: number }>;
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

/** A reader over bytes in memory that counts what the probe asked for. */
function memoryReader(bytes: Buffer, name = 'test.mp4'): SourceReader & { readBytes: number } {
  const r = {
    source: { path: '/nowhere', offsetBytes: 0, sizeBytes: bytes.length, name },
    sizeBytes: bytes.length,
    readBytes: 0,
    async read(offsetBytes: number, lengthBytes: number) {
      const out = bytes.subarray(offsetBytes, Math.min(bytes.length, offsetBytes + lengthBytes));
      r.readBytes += out.length;
      return Buffer.from(out);
    },
    async close() {},
  };
  return r as unknown as SourceReader & { readBytes: number };
}

async function failure(p: Promise<VideoProbe>): Promise<TrailviewError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof TrailviewError)) throw new Error(`expected a TrailviewError, got ${String(e)}`);
  return e;
}

/** Duration from the file's own stts and mdhd (sum of sample deltas / timescale), read without the probe. */
function sttsDurationMs(file: Buffer): number {
  let timescale = 0;
  let units = 0;
  walk(parse(file), (b) => {
    if (b.type === 'mdhd') timescale = b.pre.readUInt32BE(12);
    if (b.type === 'stts') for (let i = 0; i < b.pre.readUInt32BE(4); i++) units += b.pre.readUInt32BE(8 + 8 * i) * b.pre.readUInt32BE(12 + 8 * i);
  });
  return (units / timescale) * 1000;
}

/** avc1.PPCCLL from the SPS NAL unit stored in the avcC (not from avcC's own copy of those bytes). */
function codecFromSps(file: Buffer): string {
  const at = file.indexOf('avcC', 0, 'latin1') + 4;
  const sps = file.subarray(at + 8);
  expect(sps[0]! & 0x1f).toBe(7); // nal_unit_type 7: a sequence parameter set
  return `avc1.${[sps[1]!, sps[2]!, sps[3]!].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

describe.skipIf(!existsSync(M4V))("the corpus's guacenc M4V (MPEG-4 Part 2, moov at the end)", () => {
  const file = existsSync(M4V) ? readFileSync(M4V) : Buffer.alloc(0);

  it('reads size, duration and codec from the boxes, reading a few KB of a 650 KB file', async () => {
    const reader = memoryReader(file);
    const p = await probeMp4(reader);
    // README: 640x480, "8.3 s" for the recording guacenc converted.
    expect([p.width, p.height]).toEqual([640, 480]);
    expect(p.durationMs).toBeCloseTo(sttsDurationMs(file), -1);
    expect(Math.abs(p.durationMs - 8300)).toBeLessThan(100);
    // RFC 6381: mp4v.20.<profile_and_level_indication>, the byte after the 00 00 01 B0 start code.
    const vos = file.indexOf(Buffer.from([0, 0, 1, 0xb0]));
    expect(p.codecs).toEqual([`mp4v.20.${file[vos + 4]}`]);
    expect(p.mimeType).toBe(`video/mp4; codecs="mp4v.20.${file[vos + 4]}"`);
    expect(p.faststart).toBe(false);
    expect(p.fragmented).toBe(false);
    expect(reader.readBytes).toBeLessThan(8 * 1024);
  });

  it('a faststart copy (moov moved before mdat, chunk offsets fixed) probes the same', async () => {
    const fast = toFaststart(Buffer.from(file));
    expect(layout(fast).map((b) => b.type).slice(0, 3)).toEqual(['ftyp', 'moov', 'free']);
    const a = await probeMp4(memoryReader(file));
    const b = await probeMp4(memoryReader(fast));
    expect(b.faststart).toBe(true);
    expect({ ...b, faststart: false }).toEqual(a);
  });
});

describe('H.264 clips made with WebCodecs (moov at the end)', () => {
  it.each(['clip-0-h264.mp4', 'clip-1-h264.mp4', 'clip-2-h264.mp4'])('%s: size, frames x frame time, codec from its SPS', async (name) => {
    const file = fixture(name);
    const p = await probeMp4(memoryReader(file));
    const f = facts[name]!;
    expect([p.width, p.height]).toEqual([f.width, f.height]);
    expect(p.durationMs).toBe((f.frames! * 1000) / f.fps!);
    expect(p.codecs).toEqual([codecFromSps(file)]);
    expect(p.faststart).toBe(false);
  });

  it('an mdat with a 64-bit size (largesize) is skipped the same way', async () => {
    const file = fixture('clip-2-h264.mp4');
    const large = withLargeMdat(file);
    expect(large.readUInt32BE(layout(large).find((b) => b.type === 'mdat')!.offsetBytes)).toBe(1);
    expect(await probeMp4(memoryReader(large))).toEqual(await probeMp4(memoryReader(file)));
  });

  it('an HEVC-marked copy answers the HEVC codec string of its hvcC', async () => {
    const p = await probeMp4(memoryReader(toFakeHevc(fixture('clip-0-h264.mp4'))));
    expect(p.codecs).toEqual(['hvc1.1.6.L93.B0']);
    expect(p.durationMs).toBe(2000);
  });

  it('a file cut before its moov is CORRUPT and says the moov is missing', async () => {
    const file = fixture('clip-0-h264.mp4');
    const moovAt = layout(file).find((b) => b.type === 'moov')!.offsetBytes;
    const e = await failure(probeMp4(memoryReader(file.subarray(0, moovAt))));
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toMatch(/without its moov box.*found only ftyp, mdat/);
    const half = await failure(probeMp4(memoryReader(file.subarray(0, moovAt + 100))));
    expect(half.code).toBe('CORRUPT');
    expect(half.message).toContain(`the moov box (movie header) at byte ${moovAt}`);
  });

  it('a faststart file cut inside its media data still opens, warning that the end is missing', async () => {
    const fast = toFaststart(fixture('clip-0-h264.mp4'));
    const p = await probeMp4(memoryReader(fast.subarray(0, fast.length - 3000)));
    expect(p.durationMs).toBe(2000);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatchObject({ code: 'TRUNCATED' });
    expect(p.warnings[0]!.message).toContain('mdat');
  });

  it('an MP4 with no video track is not a video recording', async () => {
    const top = parse(fixture('clip-0-h264.mp4'));
    walk(top, (b) => {
      if (b.type === 'hdlr') b.pre.write('soun', 8, 'latin1');
    });
    const { serialize } = await import('./mp4-edit');
    const e = await failure(probeMp4(memoryReader(serialize(top))));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toContain('no video track (tracks: soun)');
  });
});

describe("Chromium's MediaRecorder output", () => {
  it('a fragmented MP4: its length is the sum of its fragments (moof/trun) sample durations', async () => {
    const file = fixture('mediarecorder-h264.mp4');
    expect(layout(file).map((b) => b.type)).toContain('moof');
    const p = await probeMp4(memoryReader(file));
    expect(p.fragmented).toBe(true);
    expect([p.width, p.height]).toEqual([320, 240]);
    expect(p.codecs).toEqual([codecFromSps(file)]);
    // Recorded for 3000 ms (facts.json); the recorder starts and stops within a frame or two of that.
    expect(Math.abs(p.durationMs - facts['mediarecorder-h264.mp4']!.recordedForMs!)).toBeLessThan(300);
  });

  it('a WebM without a Duration: timed from its clusters (unknown sizes), codec from Tracks', async () => {
    const file = fixture('mediarecorder-vp8.webm');
    // Precondition: no Duration element (0x44 0x89) in the Info, so the clusters must be walked.
    const info = file.indexOf(Buffer.from([0x15, 0x49, 0xa9, 0x66]));
    expect(info).toBeGreaterThan(0);
    expect(file.subarray(info, info + 64).indexOf(Buffer.from([0x44, 0x89]))).toBe(-1);
    const p = await probeWebm(memoryReader(file, 'recorded.webm'));
    expect(p).toMatchObject({ format: 'webm', width: 320, height: 240, codecs: ['vp8'], mimeType: 'video/webm; codecs="vp8"' });
    expect(Math.abs(p.durationMs - 3000)).toBeLessThan(400);
  });

  it('reads the same whatever the read size (elements cut at every kind of boundary)', async () => {
    const file = fixture('mediarecorder-vp8.webm');
    const whole = await probeWebm(memoryReader(file));
    for (const windowBytes of [1, 7, 12, 13, 100, 4096]) expect(await probeWebm(memoryReader(file), windowBytes), `window ${windowBytes}`).toEqual(whole);
  });

  it('a WebM cut short keeps the clusters it has', async () => {
    const file = fixture('mediarecorder-vp8.webm');
    const whole = await probeWebm(memoryReader(file));
    const cut = await probeWebm(memoryReader(file.subarray(0, Math.floor(file.length / 2))));
    expect(cut.durationMs).toBeGreaterThan(300);
    expect(cut.durationMs).toBeLessThan(whole.durationMs);
  });

  it('a WebM with its Tracks missing is CORRUPT and says so', async () => {
    const file = Buffer.from(fixture('mediarecorder-vp8.webm'));
    const tracks = file.indexOf(Buffer.from([0x16, 0x54, 0xae, 0x6b]));
    file[tracks] = 0xec; // an EBML Void element id in its place (the size field makes it skip the same bytes)
    file.copyWithin(tracks + 1, tracks + 4);
    const e = await failure(probeWebm(memoryReader(file)));
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toContain('without its Tracks element');
  });
});

describe('detectVideo (by content, never by name)', () => {
  it('knows MP4, M4V and WebM heads, and refuses still images, text and other files', () => {
    expect(detectVideo(fixture('clip-0-h264.mp4'))).toBe('mp4');
    expect(detectVideo(fixture('mediarecorder-vp8.webm'))).toBe('webm');
    if (existsSync(M4V)) expect(detectVideo(readFileSync(M4V).subarray(0, 64))).toBe('mp4');
    const heif = Buffer.from(fixture('clip-0-h264.mp4').subarray(0, 64));
    heif.write('heic', 8, 'latin1');
    expect(detectVideo(heif)).toBeUndefined();
    expect(detectVideo(Buffer.from('{"version": 2, "width": 80, "height": 24}\n'))).toBeUndefined();
    expect(detectVideo(Buffer.from('4.sync,13.1234567890123;'))).toBeUndefined();
    expect(detectVideo(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]))).toBeUndefined();
  });
});
