/**
 * Guacamole.Client.DefaultTransferFunction: raster operations on straight (un-premultiplied) RGBA as
 * getImageData returns them. Each takes [r, g, b, a] of source and destination and edits the destination.
 * SRC (0x3) and the no-op DEST (0x5) are handled by the caller (put and nothing), as the library does.
 */
import type { TransferFunction } from './layer';

const rgb = (f: (s: number, d: number) => number): TransferFunction => (s, d) => {
  d[0] = f(s[0]!, d[0]!) & 0xff;
  d[1] = f(s[1]!, d[1]!) & 0xff;
  d[2] = f(s[2]!, d[2]!) & 0xff;
};

export const TRANSFER_FUNCTIONS: Record<number, TransferFunction> = {
  0x0: rgb(() => 0),
  0xf: rgb(() => 0xff),
  0xc: (s, d) => {
    d[0] = ~s[0]! & 0xff;
    d[1] = ~s[1]! & 0xff;
    d[2] = ~s[2]! & 0xff;
    d[3] = s[3]!;
  },
  0xa: rgb((_s, d) => ~d),
  0x1: rgb((s, d) => s & d),
  0xe: rgb((s, d) => ~(s & d)),
  0x7: rgb((s, d) => s | d),
  0x8: rgb((s, d) => ~(s | d)),
  0x6: rgb((s, d) => s ^ d),
  0x9: rgb((s, d) => ~(s ^ d)),
  0x4: rgb((s, d) => ~s & d),
  0xd: rgb((s, d) => ~s | d),
  0x2: rgb((s, d) => s & ~d),
  0xb: rgb((s, d) => s | ~d),
};
