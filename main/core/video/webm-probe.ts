/**
 * Probes a WebM (Matroska) file by its EBML elements: the header's DocType, the Segment's Info (timecode
 * scale, duration) and Tracks (codec ids, picture size). Files without a Duration (MediaRecorder writes
 * none, and clusters of unknown size) are timed by walking the clusters' block headers, in 64 KiB reads.
 */
import { TrailviewError } from '../../../shared/errors';
import type { Warning } from '../../../shared/model';
import { av1Codec, avcCodec } from './codec-strings';
import { mimeTypeOf, type VideoProbe } from './probe-types';
import type { SourceReader } from './source-reader';

const WINDOW_BYTES = 64 * 1024;
const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  DefaultDuration: 0x23e383,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
} as const;
/** Children a Cluster may hold: anything else ends a cluster of unknown size. */
const CLUSTER_CHILDREN = new Set([ID.Timecode, ID.SimpleBlock, ID.BlockGroup, 0xa7, 0xab, 0x5854, 0xaf, 0xec, 0xbf]);
const UNKNOWN = -1;

interface Element {
  id: number;
  /** Where its data starts (relative to the source). */
  dataAt: number;
  /** UNKNOWN for elements of unknown size (live recorders). */
  sizeBytes: number;
}

/** A sliding window over the source, so element headers cost no read each. */
class Cursor {
  private buf: Buffer = Buffer.alloc(0);
  private bufAt = 0;
  constructor(
    private readonly reader: SourceReader,
    private readonly windowBytes: number,
  ) {}

  async bytes(at: number, length: number): Promise<Buffer> {
    if (at < this.bufAt || at + length > this.bufAt + this.buf.length) {
      this.buf = await this.reader.read(at, Math.max(length, this.windowBytes));
      this.bufAt = at;
    }
    return this.buf.subarray(at - this.bufAt, at - this.bufAt + length);
  }

  /** The element header at `at`, or undefined at the end of the data. */
  async element(at: number): Promise<Element | undefined> {
    const b = await this.bytes(at, 12);
    const idLen = vintLength(b[0]);
    if (idLen === 0 || idLen > 4 || b.length < idLen + 1) return undefined;
    let id = 0;
    for (let i = 0; i < idLen; i++) id = id * 256 + b[i]!;
    const sizeLen = vintLength(b[idLen]);
    if (sizeLen === 0 || b.length < idLen + sizeLen) return undefined;
    let size = b[idLen]! & (0xff >> sizeLen);
    let allOnes = size === 0xff >> sizeLen;
    for (let i = 1; i < sizeLen; i++) {
      size = size * 256 + b[idLen + i]!;
      if (b[idLen + i] !== 0xff) allOnes = false;
    }
    return { id, dataAt: at + idLen + sizeLen, sizeBytes: allOnes ? UNKNOWN : size };
  }
}

function vintLength(first: number | undefined): number {
  if (first === undefined || first === 0) return 0;
  return Math.clz32(first) - 23;
}

/** Elements directly inside an in-memory master element's data. */
function elements(b: Uint8Array, from = 0, to = b.length): { id: number; data: Uint8Array }[] {
  const out: { id: number; data: Uint8Array }[] = [];
  for (let at = from; at < to; ) {
    const idLen = vintLength(b[at]);
    if (idLen === 0 || idLen > 4) break;
    let id = 0;
    for (let i = 0; i < idLen; i++) id = id * 256 + (b[at + i] ?? 0);
    const sizeLen = vintLength(b[at + idLen]);
    if (sizeLen === 0) break;
    let size = b[at + idLen]! & (0xff >> sizeLen);
    for (let i = 1; i < sizeLen; i++) size = size * 256 + (b[at + idLen + i] ?? 0);
    const dataAt = at + idLen + sizeLen;
    out.push({ id, data: b.subarray(dataAt, Math.min(to, dataAt + size)) });
    at = dataAt + size;
  }
  return out;
}

const uint = (d: Uint8Array): number => d.reduce((v, x) => v * 256 + x, 0);
const float = (d: Uint8Array): number => {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return d.length === 4 ? dv.getFloat32(0) : d.length === 8 ? dv.getFloat64(0) : 0;
};
const text = (d: Uint8Array): string => Buffer.from(d).toString('latin1').replace(/\0+$/, '');

interface WebmTrack {
  number: number;
  type: number;
  codec: string;
  width: number;
  height: number;
  defaultDurationNs: number;
}

function codecOf(codecId: string, priv: Uint8Array | undefined): string {
  switch (codecId) {
    case 'V_VP8':
      return 'vp8';
    case 'V_VP9':
      return 'vp9';
    case 'V_AV1':
      return av1Codec(priv);
    case 'V_MPEG4/ISO/AVC':
      return avcCodec('avc1', priv);
    case 'A_OPUS':
      return 'opus';
    case 'A_VORBIS':
      return 'vorbis';
    case 'A_AAC':
      return 'mp4a.40.2';
    default:
      return codecId;
  }
}

function readTracks(data: Uint8Array): WebmTrack[] {
  return elements(data)
    .filter((e) => e.id === ID.TrackEntry)
    .map((entry) => {
      const t: WebmTrack = { number: 0, type: 0, codec: '', width: 0, height: 0, defaultDurationNs: 0 };
      let codecId = '';
      let priv: Uint8Array | undefined;
      for (const e of elements(entry.data)) {
        if (e.id === ID.TrackNumber) t.number = uint(e.data);
        else if (e.id === ID.TrackType) t.type = uint(e.data);
        else if (e.id === ID.CodecID) codecId = text(e.data);
        else if (e.id === ID.CodecPrivate) priv = e.data;
        else if (e.id === ID.DefaultDuration) t.defaultDurationNs = uint(e.data);
        else if (e.id === ID.Video) {
          for (const v of elements(e.data)) {
            if (v.id === ID.PixelWidth) t.width = uint(v.data);
            else if (v.id === ID.PixelHeight) t.height = uint(v.data);
          }
        }
      }
      t.codec = codecOf(codecId, priv);
      return t;
    });
}

/** Block header: track number (vint), then a signed 16-bit time relative to the cluster's. */
async function blockTime(cursor: Cursor, dataAt: number): Promise<{ track: number; relative: number }> {
  const b = await cursor.bytes(dataAt, 11);
  const len = vintLength(b[0]);
  if (len === 0 || b.length < len + 2) return { track: 0, relative: 0 };
  let track = b[0]! & (0xff >> len);
  for (let i = 1; i < len; i++) track = track * 256 + b[i]!;
  return { track, relative: b.readInt16BE(len) };
}

/** `windowBytes`: how much each read takes (tests shrink it to cut elements at every kind of boundary). */
export async function probeWebm(reader: SourceReader, windowBytes = WINDOW_BYTES): Promise<VideoProbe> {
  const name = reader.source.name;
  const size = reader.sizeBytes;
  const cursor = new Cursor(reader, windowBytes);
  const warnings: Warning[] = [];
  const header = await cursor.element(0);
  if (!header || header.id !== ID.EBML || header.sizeBytes === UNKNOWN) throw new TrailviewError('UNSUPPORTED_FORMAT', `${name}: not an EBML (WebM/Matroska) file`);
  const docType = text(elements(await cursor.bytes(header.dataAt, header.sizeBytes)).find((e) => e.id === ID.DocType)?.data ?? new Uint8Array());
  if (docType !== 'webm' && docType !== 'matroska') throw new TrailviewError('UNSUPPORTED_FORMAT', `${name}: an EBML file of type "${docType}", not WebM or Matroska`);
  const segment = await cursor.element(header.dataAt + header.sizeBytes);
  if (!segment || segment.id !== ID.Segment) throw new TrailviewError('CORRUPT', `${name}: a WebM file without its Segment (the file ends after its header)`, { offsetBytes: header.dataAt + header.sizeBytes });
  const segmentEnd = segment.sizeBytes === UNKNOWN ? size : Math.min(size, segment.dataAt + segment.sizeBytes);
  if (segment.sizeBytes !== UNKNOWN && segment.dataAt + segment.sizeBytes > size) {
    warnings.push({ code: 'TRUNCATED', message: `${name}: the Segment needs ${segment.sizeBytes} bytes but the file ends after ${size - segment.dataAt}: the end of the recording is missing`, offsetBytes: size });
  }
  let scaleNs = 1_000_000;
  let durationUnits: number | undefined;
  let tracks: WebmTrack[] | undefined;
  let lastEndNs = 0;
  for (let at = segment.dataAt; at < segmentEnd; ) {
    const el = await cursor.element(at);
    if (!el) break;
    if (el.id === ID.Info || el.id === ID.Tracks) {
      if (el.sizeBytes === UNKNOWN) break;
      const data = await reader.read(el.dataAt, el.sizeBytes);
      if (el.id === ID.Tracks) tracks = readTracks(data);
      for (const e of el.id === ID.Info ? elements(data) : []) {
        if (e.id === ID.TimecodeScale) scaleNs = uint(e.data) || scaleNs;
        else if (e.id === ID.Duration) durationUnits = float(e.data);
      }
    } else if (el.id === ID.Cluster) {
      if (durationUnits !== undefined && durationUnits > 0 && tracks && el.sizeBytes !== UNKNOWN) break;
      const defaults = new Map((tracks ?? []).map((t) => [t.number, t.defaultDurationNs]));
      const end = el.sizeBytes === UNKNOWN ? segmentEnd : Math.min(segmentEnd, el.dataAt + el.sizeBytes);
      let clusterUnits = 0;
      let p = el.dataAt;
      for (; p < end; ) {
        const c = await cursor.element(p);
        if (!c || !CLUSTER_CHILDREN.has(c.id as never) || c.sizeBytes === UNKNOWN) break;
        if (c.id === ID.Timecode) clusterUnits = uint(await cursor.bytes(c.dataAt, c.sizeBytes));
        else if (c.id === ID.SimpleBlock || c.id === ID.BlockGroup) {
          let blockAt = c.dataAt;
          let blockNs: number | undefined;
          for (let g = c.dataAt; c.id === ID.BlockGroup && g < c.dataAt + c.sizeBytes; ) {
            const inner = await cursor.element(g);
            if (!inner || inner.sizeBytes === UNKNOWN) break;
            if (inner.id === ID.Block) blockAt = inner.dataAt;
            else if (inner.id === ID.BlockDuration) blockNs = uint(await cursor.bytes(inner.dataAt, inner.sizeBytes)) * scaleNs;
            g = inner.dataAt + inner.sizeBytes;
          }
          const { track, relative } = await blockTime(cursor, blockAt);
          const startNs = (clusterUnits + relative) * scaleNs;
          lastEndNs = Math.max(lastEndNs, startNs + (blockNs ?? defaults.get(track) ?? 0));
        }
        p = c.dataAt + c.sizeBytes;
      }
      // A cluster of unknown size ends where something that cannot be in it begins.
      at = el.sizeBytes === UNKNOWN ? p : el.dataAt + el.sizeBytes;
      continue;
    }
    if (el.sizeBytes === UNKNOWN) break;
    at = el.dataAt + el.sizeBytes;
  }
  const video = tracks?.find((t) => t.type === 1);
  if (!tracks) throw new TrailviewError('CORRUPT', `${name}: a WebM file without its Tracks element (no codec or picture size): the file is cut short or damaged`);
  if (!video) throw new TrailviewError('UNSUPPORTED_FORMAT', `${name}: a WebM file with no video track`);
  const audio = tracks.find((t) => t.type === 2);
  const durationMs = durationUnits !== undefined && durationUnits > 0 ? (durationUnits * scaleNs) / 1e6 : lastEndNs / 1e6;
  const codecs = [video.codec, ...(audio ? [audio.codec] : [])];
  return { format: 'webm', width: video.width, height: video.height, durationMs: Math.round(durationMs), codecs, mimeType: mimeTypeOf('webm', codecs), warnings };
}
