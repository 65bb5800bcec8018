/** Names people know codecs by, from RFC 6381 codec strings (pure: used by the core and the player). */

/** People's name for a codec string's family (for messages and the info panel). */
export function codecFamily(codec: string): string {
  const fourcc = codec.split('.')[0]!.toLowerCase();
  const names: Record<string, string> = {
    avc1: 'H.264',
    avc3: 'H.264',
    hvc1: 'HEVC',
    hev1: 'HEVC',
    mp4v: 'MPEG-4 Part 2',
    vp8: 'VP8',
    vp9: 'VP9',
    vp09: 'VP9',
    av01: 'AV1',
    mp4a: 'AAC',
    opus: 'Opus',
    vorbis: 'Vorbis',
    flac: 'FLAC',
    'ac-3': 'AC-3',
    'ec-3': 'E-AC-3',
  };
  return names[fourcc] ?? fourcc;
}
