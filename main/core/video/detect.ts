/**
 * Is this a video file? Decided by content (the first bytes), never by name: an ISO BMFF file starting with
 * a known top-level box (ftyp for MP4/M4V/MOV; a few writers start with moov, mdat, free or wide), or an
 * EBML header (WebM, Matroska). Still images in the same container (HEIF, AVIF) are not videos.
 */

const START_BOXES = new Set(['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide']);
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis', 'jpeg', 'crx ']);

export type VideoContainer = 'mp4' | 'webm';

export function detectVideo(head: Uint8Array): VideoContainer | undefined {
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  if (head.length < 12) return undefined;
  const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const type = String.fromCharCode(head[4]!, head[5]!, head[6]!, head[7]!);
  if (!START_BOXES.has(type) || (size !== 1 && size < 8)) return undefined;
  if (type === 'ftyp') {
    if (size < 16) return undefined;
    const brand = String.fromCharCode(head[8]!, head[9]!, head[10]!, head[11]!);
    return IMAGE_BRANDS.has(brand) ? undefined : 'mp4';
  }
  // Without ftyp, insist that the next box is a known one too: eight bytes are a weak signature.
  if (size === 1 || size + 8 > head.length) return type === 'moov' || type === 'mdat' ? 'mp4' : undefined;
  const next = String.fromCharCode(head[size + 4]!, head[size + 5]!, head[size + 6]!, head[size + 7]!);
  return START_BOXES.has(next) ? 'mp4' : undefined;
}
