/**
 * The decoders on every image of the corpus (PNG palette/RGBA, lossy and lossless WebP): each decodes, to
 * the size its own header states (read here independently), and a palette PNG's pixels are entries of its
 * PLTE. WebP and JPEG pixels themselves are held to Chromium's by the e2e keyframe fidelity test.
 */
import { describe, expect, it } from 'vitest';
import { loadImageDecoders } from '../../../main/core/guacamole/display/image-decoders';
import { corpusFiles, replay } from './corpus-helpers';

interface Stream {
  mimetype: string;
  blobs: Buffer[];
}

function headerSize(bytes: Buffer): [number, number] {
  if (bytes.readUInt32BE(0) === 0x89504e47) return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  const kind = bytes.toString('latin1', 12, 16);
  if (kind === 'VP8 ') return [bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff];
  if (kind === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
  }
  if (kind === 'VP8X') return [1 + bytes.readUIntLE(24, 3), 1 + bytes.readUIntLE(27, 3)];
  throw new Error(`unknown image ${bytes.subarray(0, 16).toString('hex')}`);
}

describe('image decoders on the corpus images', async () => {
  const decoders = await loadImageDecoders();
  for (const file of corpusFiles()) {
    it(file.split('/').pop()!, () => {
      const open = new Map<string, Stream>();
      const images: Stream[] = [];
      replay(file, (ins) => {
        if (ins.opcode === 'img') open.set(ins.arg(0), { mimetype: ins.arg(3), blobs: [] });
        else if (ins.opcode === 'blob') open.get(ins.arg(0))?.blobs.push(Buffer.from(ins.arg(1), 'base64'));
        else if (ins.opcode === 'end' && open.has(ins.arg(0))) {
          images.push(open.get(ins.arg(0))!);
          open.delete(ins.arg(0));
        }
      });
      expect(images.length).toBeGreaterThan(50);
      const kinds = new Set<string>();
      for (const img of images) {
        const bytes = Buffer.concat(img.blobs);
        const decoded = decoders.decode(bytes);
        expect(decoded, `${img.mimetype} of ${bytes.length} bytes`).not.toBeNull();
        expect([decoded!.width, decoded!.height]).toEqual(headerSize(bytes));
        kinds.add(img.mimetype);
        if (bytes[25] === 3 && bytes.readUInt32BE(0) === 0x89504e47) {
          // Palette PNG: every decoded (opaque) pixel is a PLTE entry.
          const plteAt = bytes.indexOf('PLTE', 0, 'latin1');
          const plte = bytes.subarray(plteAt + 4, plteAt + 4 + bytes.readUInt32BE(plteAt - 4));
          const entries = new Set(Array.from({ length: plte.length / 3 }, (_, i) => plte.subarray(3 * i, 3 * i + 3).join()));
          let outside = 0;
          for (let p = 0; p < decoded!.data.length; p += 4) if (!entries.has(decoded!.data.subarray(p, p + 3).join())) outside++;
          expect(outside).toBe(0);
        }
      }
      expect(kinds.has('image/png')).toBe(true);
    });
  }
  it('returns null for bytes that are no image, as Chromium draws nothing', () => {
    expect(decoders.decode(Buffer.from('not an image'))).toBeNull();
    expect(decoders.decode(Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0]))).toBeNull();
  });
});
