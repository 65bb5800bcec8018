/**
 * RFC 6381 codec strings (what MediaSource.isTypeSupported and canPlayType take) from the codec
 * configuration records stored in MP4 sample entries and Matroska CodecPrivate.
 */

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const dec2 = (n: number): string => String(n).padStart(2, '0');

/** avcC (AVCDecoderConfigurationRecord): profile, constraint flags, level. */
export function avcCodec(entry: string, avcC: Uint8Array | undefined): string {
  if (!avcC || avcC.length < 4) return entry;
  return `${entry}.${hex2(avcC[1]!)}${hex2(avcC[2]!)}${hex2(avcC[3]!)}`;
}

function reverseBits32(v: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) out = (out << 1) | ((v >>> i) & 1);
  return out >>> 0;
}

/** hvcC (HEVCDecoderConfigurationRecord), ISO/IEC 14496-15 annex E: e.g. hvc1.1.6.L93.B0. */
export function hevcCodec(entry: string, hvcC: Uint8Array | undefined): string {
  if (!hvcC || hvcC.length < 13) return entry;
  const space = hvcC[1]! >> 6;
  const tier = (hvcC[1]! >> 5) & 1;
  const profile = hvcC[1]! & 0x1f;
  const compat = ((hvcC[2]! << 24) | (hvcC[3]! << 16) | (hvcC[4]! << 8) | hvcC[5]!) >>> 0;
  const level = hvcC[12]!;
  const constraints = [...hvcC.subarray(6, 12)];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const parts = [entry, `${['', 'A', 'B', 'C'][space]}${profile}`, reverseBits32(compat).toString(16).toUpperCase(), `${tier ? 'H' : 'L'}${level}`];
  for (const c of constraints) parts.push(c.toString(16).toUpperCase());
  return parts.join('.');
}

/** vpcC (VP Codec Configuration Box, a full box: version + flags first): vp09.PP.LL.DD. */
export function vp9Codec(vpcC: Uint8Array | undefined): string {
  if (!vpcC || vpcC.length < 7) return 'vp09.00.10.08';
  return `vp09.${dec2(vpcC[4]!)}.${dec2(vpcC[5]!)}.${dec2(vpcC[6]! >> 4)}`;
}

/** av1C (AV1CodecConfigurationRecord): av01.P.LLT.DD. */
export function av1Codec(av1C: Uint8Array | undefined): string {
  if (!av1C || av1C.length < 3) return 'av01';
  const profile = av1C[1]! >> 5;
  const level = av1C[1]! & 0x1f;
  const tier = av1C[2]! >> 7;
  const high = (av1C[2]! >> 6) & 1;
  const twelve = (av1C[2]! >> 5) & 1;
  const depth = high ? (twelve ? 12 : 10) : 8;
  return `av01.${profile}.${dec2(level)}${tier ? 'H' : 'M'}.${dec2(depth)}`;
}

/** An MPEG-4 descriptor (tag + expandable size) inside an esds box. */
function descriptors(bytes: Uint8Array, from: number, to: number): { tag: number; start: number; end: number }[] {
  const out: { tag: number; start: number; end: number }[] = [];
  let at = from;
  while (at + 2 <= to) {
    const tag = bytes[at++]!;
    let size = 0;
    for (let i = 0; i < 4 && at < to; i++) {
      const b = bytes[at++]!;
      size = (size << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    out.push({ tag, start: at, end: Math.min(to, at + size) });
    at += size;
  }
  return out;
}

/** The DecoderConfigDescriptor's objectTypeIndication and DecoderSpecificInfo bytes, from esds's payload. */
export function readEsds(esds: Uint8Array): { objectType: number; specific?: Uint8Array } | undefined {
  // esds is a full box: 4 bytes of version + flags, then the ES_Descriptor (tag 3).
  const es = descriptors(esds, 4, esds.length).find((d) => d.tag === 3);
  if (!es || es.end - es.start < 3) return undefined;
  const flags = esds[es.start + 2]!;
  let at = es.start + 3;
  if (flags & 0x80) at += 2; // dependsOn_ES_ID
  if (flags & 0x40) at += 1 + (esds[at] ?? 0); // URL
  if (flags & 0x20) at += 2; // OCR_ES_Id
  const dc = descriptors(esds, at, es.end).find((d) => d.tag === 4);
  if (!dc || dc.end - dc.start < 13) return undefined;
  const dsi = descriptors(esds, dc.start + 13, dc.end).find((d) => d.tag === 5);
  return { objectType: esds[dc.start]!, specific: dsi ? esds.subarray(dsi.start, dsi.end) : undefined };
}

/** mp4a.40.2 (AAC LC) and friends: the object type, then the audio object type for MPEG-4 audio. */
export function mp4aCodec(esds: Uint8Array | undefined): string {
  const d = esds && readEsds(esds);
  if (!d) return 'mp4a.40.2';
  if (d.objectType !== 0x40 || !d.specific || d.specific.length < 1) return `mp4a.${hex2(d.objectType)}`;
  let aot = d.specific[0]! >> 3;
  if (aot === 31 && d.specific.length >= 2) aot = 32 + (((d.specific[0]! & 7) << 3) | (d.specific[1]! >> 5));
  return `mp4a.40.${aot}`;
}

/**
 * mp4v.20.N (MPEG-4 Part 2 Visual, N the profile_and_level_indication in decimal, RFC 6381 3.3), read from
 * the visual object sequence start code (00 00 01 B0) in the DecoderSpecificInfo.
 */
export function mp4vCodec(esds: Uint8Array | undefined): string {
  const d = esds && readEsds(esds);
  if (!d) return 'mp4v';
  const base = `mp4v.${hex2(d.objectType)}`;
  const s = d.specific;
  if (d.objectType !== 0x20 || !s) return base;
  for (let i = 0; i + 4 < s.length; i++) {
    if (s[i] === 0 && s[i + 1] === 0 && s[i + 2] === 1 && s[i + 3] === 0xb0) return `${base}.${s[i + 4]}`;
  }
  return base;
}
