/**
 * Probes an MP4 / M4V / QuickTime file by its boxes: the top-level headers (skipping media data), then the
 * moov wherever it is (start: faststart; end: as most recorders write it), and for fragmented files the
 * moof headers, whose sample durations make the length. Reads a few KB, never the media data.
 */
import { TrailviewError } from '../../../shared/errors';
import type { Warning } from '../../../shared/model';
import { av1Codec, avcCodec, hevcCodec, mp4aCodec, mp4vCodec, vp9Codec } from './codec-strings';
import { children, find, findAll, payload, topLevelBoxes, type BoxHeader } from './mp4-boxes';
import { mimeTypeOf, type VideoProbe } from './probe-types';
import type { SourceReader } from './source-reader';

/** A moov beyond this is not a recording's header (an hour of 30 fps video needs ~1-2 MB). */
const MAX_MOOV_BYTES = 256 * 1024 * 1024;
const MAX_MOOF_BYTES = 16 * 1024 * 1024;
const VISUAL_ENTRY_BYTES = 78;
const AUDIO_ENTRY_BYTES = 28;

interface Track {
  id: number;
  handler: string;
  timescale: number;
  durationUnits: number;
  width: number;
  height: number;
  codec: string;
}

const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at);
const u64 = (b: Uint8Array, at: number): number => Number(new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(at));

/** version 0: 32-bit times; version 1: 64-bit. Returns [timescale, duration] of an mvhd or mdhd payload. */
function timescaleAndDuration(p: Uint8Array): [number, number] {
  if (p[0] === 1) return [u32(p, 20), u64(p, 24)];
  const d = u32(p, 16);
  return [u32(p, 12), d === 0xffffffff ? 0 : d];
}

function sampleEntryCodec(b: Uint8Array, entry: BoxHeader): string {
  const type = entry.type;
  const visual = ['avc1', 'avc3', 'hvc1', 'hev1', 'vp09', 'vp08', 'av01', 'mp4v', 'encv'].includes(type);
  const from = entry.offsetBytes + entry.headerBytes + (visual ? VISUAL_ENTRY_BYTES : AUDIO_ENTRY_BYTES);
  const boxes = children(b, from, Math.min(b.length, entry.offsetBytes + entry.sizeBytes));
  const config = (t: string): Uint8Array | undefined => {
    const box = boxes.find((c) => c.type === t);
    return box ? payload(b, box) : undefined;
  };
  switch (type) {
    case 'avc1':
    case 'avc3':
      return avcCodec(type, config('avcC'));
    case 'hvc1':
    case 'hev1':
      return hevcCodec(type, config('hvcC'));
    case 'vp09':
      return vp9Codec(config('vpcC'));
    case 'vp08':
      return 'vp8';
    case 'av01':
      return av1Codec(config('av1C'));
    case 'mp4v':
      return mp4vCodec(config('esds'));
    case 'mp4a':
      return mp4aCodec(config('esds'));
    case 'Opus':
      return 'opus';
    case 'fLaC':
      return 'flac';
    default:
      return type.trim();
  }
}

function readTrack(b: Uint8Array, trak: BoxHeader): Track | undefined {
  const tkhd = find(b, trak, ['tkhd']);
  const mdhd = find(b, trak, ['mdia', 'mdhd']);
  const hdlr = find(b, trak, ['mdia', 'hdlr']);
  const stsd = find(b, trak, ['mdia', 'minf', 'stbl', 'stsd']);
  if (!tkhd || !mdhd || !hdlr) return undefined;
  const tk = payload(b, tkhd);
  const [timescale, durationUnits] = timescaleAndDuration(payload(b, mdhd));
  const handler = String.fromCharCode(...payload(b, hdlr).subarray(8, 12));
  // tkhd ends with width and height as 16.16 fixed point.
  const width = tk.length >= 8 ? u32(tk, tk.length - 8) >>> 16 : 0;
  const height = tk.length >= 8 ? u32(tk, tk.length - 4) >>> 16 : 0;
  const id = u32(tk, tk[0] === 1 ? 20 : 12);
  let codec = '';
  if (stsd) {
    // stsd: full box header (4) + entry count (4), then the sample entries.
    const entry = children(b, stsd.offsetBytes + stsd.headerBytes + 8, Math.min(b.length, stsd.offsetBytes + stsd.sizeBytes))[0];
    if (entry) codec = sampleEntryCodec(b, entry);
  }
  return { id, handler, timescale, durationUnits, width, height, codec };
}

/** Sum of sample durations per track id in one moof (trun durations, else tfhd's / trex's default). */
function moofDurations(b: Uint8Array, moof: BoxHeader, trexDefault: Map<number, number>, into: Map<number, number>): void {
  for (const traf of findAll(b, moof, 'traf')) {
    const tfhdBox = find(b, traf, ['tfhd']);
    if (!tfhdBox) continue;
    const tfhd = payload(b, tfhdBox);
    const flags = u32(tfhd, 0) & 0xffffff;
    const trackId = u32(tfhd, 4);
    let at = 8;
    if (flags & 0x1) at += 8; // base data offset
    if (flags & 0x2) at += 4; // sample description index
    const defaultDuration = flags & 0x8 ? u32(tfhd, at) : (trexDefault.get(trackId) ?? 0);
    let total = 0;
    for (const trunBox of findAll(b, traf, 'trun')) {
      const trun = payload(b, trunBox);
      const tf = u32(trun, 0) & 0xffffff;
      const count = u32(trun, 4);
      let p = 8 + (tf & 0x1 ? 4 : 0) + (tf & 0x4 ? 4 : 0);
      const stride = [0x100, 0x200, 0x400, 0x800].filter((bit) => tf & bit).length * 4;
      for (let i = 0; i < count; i++, p += stride) total += tf & 0x100 ? (p + 4 <= trun.length ? u32(trun, p) : 0) : defaultDuration;
    }
    into.set(trackId, (into.get(trackId) ?? 0) + total);
  }
}

export async function probeMp4(reader: SourceReader): Promise<VideoProbe> {
  const name = reader.source.name;
  const warnings: Warning[] = [];
  const top = await topLevelBoxes(reader);
  const moov = top.find((t) => t.type === 'moov');
  const mdat = top.find((t) => t.type === 'mdat');
  const list = top.map((t) => t.type).join(', ');
  if (!moov) {
    throw new TrailviewError('CORRUPT', `${name}: an MP4 file without its moov box (the movie header with the track and sample tables); found only ${list || 'nothing'} — the file is probably cut short or still being written`);
  }
  if (moov.offsetBytes + moov.sizeBytes > reader.sizeBytes) {
    throw new TrailviewError('CORRUPT', `${name}: the moov box (movie header) at byte ${moov.offsetBytes} needs ${moov.sizeBytes} bytes but the file ends after ${reader.sizeBytes - moov.offsetBytes}: the file is cut short`, { offsetBytes: moov.offsetBytes });
  }
  if (moov.sizeBytes > MAX_MOOV_BYTES) throw new TrailviewError('TOO_LARGE', `${name}: the moov box is ${moov.sizeBytes} bytes, more than a recording's header can be`);
  const last = top[top.length - 1];
  if (last && last.offsetBytes + last.sizeBytes > reader.sizeBytes) {
    warnings.push({ code: 'TRUNCATED', message: `${name}: the ${last.type} box at byte ${last.offsetBytes} needs ${last.sizeBytes} bytes but the file ends after ${reader.sizeBytes - last.offsetBytes}: the end of the recording is missing`, offsetBytes: reader.sizeBytes });
  }
  const m = await reader.read(moov.offsetBytes, moov.sizeBytes);
  const root: BoxHeader = { ...moov, offsetBytes: 0 };
  const tracks = findAll(m, root, 'trak').map((t) => readTrack(m, t)).filter((t): t is Track => t !== undefined);
  const video = tracks.find((t) => t.handler === 'vide');
  if (!video) {
    throw new TrailviewError('UNSUPPORTED_FORMAT', `${name}: an MP4 file with no video track (tracks: ${tracks.map((t) => t.handler).join(', ') || 'none'})`);
  }
  const audio = tracks.find((t) => t.handler === 'soun');
  const mvhd = find(m, root, ['mvhd']);
  const [movieScale, movieUnits] = mvhd ? timescaleAndDuration(payload(m, mvhd)) : [0, 0];
  let durationMs = movieScale > 0 ? (movieUnits / movieScale) * 1000 : 0;
  if (durationMs === 0) durationMs = Math.max(...tracks.map((t) => (t.timescale > 0 ? (t.durationUnits / t.timescale) * 1000 : 0)));
  const mvex = find(m, root, ['mvex']);
  const moofs = top.filter((t) => t.type === 'moof');
  const fragmented = mvex !== undefined;
  if (fragmented) {
    const mehd = find(m, mvex, ['mehd']);
    const fragmentUnits = mehd ? (payload(m, mehd)[0] === 1 ? u64(payload(m, mehd), 4) : u32(payload(m, mehd), 4)) : 0;
    if (fragmentUnits > 0 && movieScale > 0) {
      durationMs = (fragmentUnits / movieScale) * 1000;
    } else {
      const trexDefault = new Map<number, number>();
      for (const trex of findAll(m, mvex, 'trex')) trexDefault.set(u32(payload(m, trex), 4), u32(payload(m, trex), 12));
      const units = new Map<number, number>();
      for (const moof of moofs) {
        if (moof.sizeBytes > MAX_MOOF_BYTES || moof.offsetBytes + moof.sizeBytes > reader.sizeBytes) continue;
        const b = await reader.read(moof.offsetBytes, moof.sizeBytes);
        moofDurations(b, { ...moof, offsetBytes: 0 }, trexDefault, units);
      }
      const fragmentMs = video.timescale > 0 ? ((units.get(video.id) ?? 0) / video.timescale) * 1000 : 0;
      durationMs = (video.timescale > 0 ? (video.durationUnits / video.timescale) * 1000 : 0) + fragmentMs;
    }
  }
  const codecs = [video.codec, ...(audio ? [audio.codec] : [])].filter((c) => c !== '');
  return {
    format: 'mp4',
    width: video.width,
    height: video.height,
    durationMs: Math.round(durationMs),
    codecs,
    mimeType: mimeTypeOf('mp4', codecs),
    faststart: mdat ? moov.offsetBytes < mdat.offsetBytes : true,
    fragmented,
    warnings,
  };
}
