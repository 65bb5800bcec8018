/**
 * A chunk's bytes as the text the player parses, with its frame ends moved from byte offsets to UTF-16
 * offsets (they differ once a multi-byte character comes before them).
 */
const decoder = new TextDecoder('utf-8');

export function decodeChunk(bytes: Uint8Array, byteEnds: readonly number[]): { text: string; ends: number[] } {
  const text = decoder.decode(bytes);
  if (text.length === bytes.length) return { text, ends: [...byteEnds] };
  // Walk the bytes once: UTF-16 units per character are 1 (up to 3 bytes) or 2 (4-byte sequences).
  const ends: number[] = [];
  let units = 0;
  let i = 0;
  for (const end of byteEnds) {
    while (i < end) {
      const b = bytes[i]!;
      const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1; // a stray continuation byte: U+FFFD
      i += size;
      units += size === 4 ? 2 : 1;
    }
    ends.push(units);
  }
  return { text, ends };
}
