/**
 * PNG codec: our encoder round-trips through our decoder at odd sizes in every output type, and the
 * decoder reads every colour type and bit depth libpng and cairo write (interlaced too), built here by an
 * independent writer (node:zlib) with the expected pixels computed from the PNG specification.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, decodePng, encodePng } from '../../../main/core/guacamole/display/png';
import { encodeCanvasRect } from '../../../main/core/guacamole/display/png-encode';
import { PREMUL } from '../../../main/core/guacamole/display/pixel-math';
import { mulberry32 } from '../../../main/core/testing/synthetic-scenes';

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(Buffer.concat([head.subarray(4), body])) ^ 0xffffffff) >>> 0);
  return Buffer.concat([head, body, crc]);
}

/** A PNG from sample rows (one array of samples per pixel row), packed at `depth` bits. */
function writePng(o: { width: number; height: number; depth: number; colourType: number; channels: number; samples: (x: number, y: number) => number[]; plte?: number[]; trns?: number[]; interlace?: boolean }): Buffer {
  const rowBytes = (w: number) => Math.ceil((w * o.channels * o.depth) / 8);
  const packRow = (xs: number[], y: number): Buffer => {
    const out = Buffer.alloc(1 + rowBytes(xs.length));
    let bit = 0;
    for (const x of xs) {
      for (const v of o.samples(x, y)) {
        if (o.depth === 16) out.writeUInt16BE(v, 1 + bit / 8);
        else if (o.depth === 8) out[1 + bit / 8] = v;
        else out[1 + (bit >> 3)]! |= v << (8 - o.depth - (bit & 7));
        bit += o.depth;
      }
    }
    return out;
  };
  const rows: Buffer[] = [];
  const passes = o.interlace
    ? [
        [0, 0, 8, 8],
        [4, 0, 8, 8],
        [0, 4, 4, 8],
        [2, 0, 4, 4],
        [0, 2, 2, 4],
        [1, 0, 2, 2],
        [0, 1, 1, 2],
      ]
    : [[0, 0, 1, 1]];
  for (const [x0, y0, dx, dy] of passes) {
    const xs: number[] = [];
    for (let x = x0!; x < o.width; x += dx!) xs.push(x);
    if (!xs.length) continue;
    for (let y = y0!; y < o.height; y += dy!) rows.push(packRow(xs, y));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(o.width, 0);
  ihdr.writeUInt32BE(o.height, 4);
  ihdr[8] = o.depth;
  ihdr[9] = o.colourType;
  ihdr[12] = o.interlace ? 1 : 0;
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr)];
  if (o.plte) parts.push(chunk('PLTE', Buffer.from(o.plte)));
  if (o.trns) parts.push(chunk('tRNS', Buffer.from(o.trns)));
  parts.push(chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

const to8 = (v: number, depth: number) => (depth === 16 ? Math.round((v * 255) / 65535) : (v * 255) / ((1 << depth) - 1));

describe('PNG decoder: every colour type and bit depth', () => {
  const W = 13;
  const H = 9;
  for (const interlace of [false, true]) {
    for (const depth of [1, 2, 4, 8, 16]) {
      it(`grey ${depth}-bit${interlace ? ', interlaced' : ''}`, () => {
        const max = (1 << depth) - 1;
        const v = (x: number, y: number) => (x * 7 + y * 3) % (max + 1);
        const png = decodePng(writePng({ width: W, height: H, depth, colourType: 0, channels: 1, samples: (x, y) => [v(x, y)], interlace }));
        for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect([...png.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)]).toEqual([to8(v(x, y), depth), to8(v(x, y), depth), to8(v(x, y), depth), 255]);
      });
    }
    for (const depth of [1, 2, 4, 8]) {
      it(`palette ${depth}-bit with tRNS${interlace ? ', interlaced' : ''}`, () => {
        const n = 1 << depth;
        const plte = Array.from({ length: n * 3 }, (_, i) => (i * 37) % 256);
        const trns = Array.from({ length: Math.max(1, n - 1) }, (_, i) => (i * 91) % 256);
        const idx = (x: number, y: number) => (x + y * 5) % n;
        const png = decodePng(writePng({ width: W, height: H, depth, colourType: 3, channels: 1, samples: (x, y) => [idx(x, y)], plte, trns, interlace }));
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const i = idx(x, y);
            expect([...png.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)]).toEqual([plte[3 * i], plte[3 * i + 1], plte[3 * i + 2], trns[i] ?? 255]);
          }
        }
      });
    }
    for (const depth of [8, 16]) {
      const max = (1 << depth) - 1;
      const s = (x: number, y: number, c: number) => ((x * 2654435761 + y * 40503 + c * 977) >>> 0) % (max + 1);
      it(`RGB ${depth}-bit${interlace ? ', interlaced' : ''}`, () => {
        const png = decodePng(writePng({ width: W, height: H, depth, colourType: 2, channels: 3, samples: (x, y) => [s(x, y, 0), s(x, y, 1), s(x, y, 2)], interlace }));
        for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect([...png.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)]).toEqual([to8(s(x, y, 0), depth), to8(s(x, y, 1), depth), to8(s(x, y, 2), depth), 255]);
      });
      it(`RGBA ${depth}-bit${interlace ? ', interlaced' : ''}`, () => {
        const png = decodePng(writePng({ width: W, height: H, depth, colourType: 6, channels: 4, samples: (x, y) => [0, 1, 2, 3].map((c) => s(x, y, c)), interlace }));
        for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect([...png.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)]).toEqual([0, 1, 2, 3].map((c) => to8(s(x, y, c), depth)));
      });
      it(`grey+alpha ${depth}-bit${interlace ? ', interlaced' : ''}`, () => {
        const png = decodePng(writePng({ width: W, height: H, depth, colourType: 4, channels: 2, samples: (x, y) => [s(x, y, 0), s(x, y, 1)], interlace }));
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const g = to8(s(x, y, 0), depth);
            expect([...png.data.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)]).toEqual([g, g, g, to8(s(x, y, 1), depth)]);
          }
        }
      });
    }
  }
  it('a grey or RGB colour key (tRNS) makes exactly those pixels transparent', () => {
    const grey = decodePng(writePng({ width: 4, height: 1, depth: 8, colourType: 0, channels: 1, samples: (x) => [x * 10], trns: [0, 20] }));
    expect([...grey.data].filter((_, i) => i % 4 === 3)).toEqual([255, 255, 0, 255]);
    const rgb = decodePng(writePng({ width: 3, height: 1, depth: 8, colourType: 2, channels: 3, samples: (x) => [x, 5, 6], trns: [0, 1, 0, 5, 0, 6] }));
    expect([...rgb.data].filter((_, i) => i % 4 === 3)).toEqual([255, 0, 255]);
  });
  it('refuses what is not a PNG', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(/signature/);
  });
});

describe('PNG encoder round trip', () => {
  const rng = mulberry32(7);
  const image = (w: number, h: number, colours: number, translucent: boolean) => {
    const palette = Array.from({ length: colours }, () => [0, 1, 2].map(() => Math.floor(rng() * 256)).concat(translucent ? [Math.floor(rng() * 256)] : [255]));
    const data = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) data.set(palette[Math.floor(rng() * colours)]!, i * 4);
    return { width: w, height: h, data };
  };
  for (const [w, h] of [
    [1, 1],
    [3, 7],
    [17, 5],
    [64, 1],
    [1, 64],
    [101, 33],
  ] as const) {
    for (const [colours, translucent, type] of [
      [2, false, 3],
      [200, true, 3],
      [5000, false, 2],
      [5000, true, 6],
    ] as const) {
      it(`${w}x${h}, ${colours} colours${translucent ? ', translucent' : ''}`, () => {
        const img = image(w, h, colours, translucent);
        const png = encodePng(img);
        const distinct = new Set(Array.from({ length: w * h }, (_, i) => img.data.subarray(i * 4, i * 4 + 4).join())).size;
        // Colour type in IHDR: palette when the image really has at most 256 colours.
        expect(png[25]).toBe(distinct <= 256 ? 3 : type);
        const back = decodePng(png);
        expect([back.width, back.height]).toEqual([w, h]);
        expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
      });
    }
  }
});

describe('PNG encoder: its row buffer is reused', () => {
  it('a small palette image right after a large translucent one decodes exactly (filter bytes and row ends rewritten)', () => {
    const rng = mulberry32(11);
    const big = { width: 301, height: 97, data: Uint8Array.from({ length: 301 * 97 * 4 }, () => 1 + Math.floor(rng() * 255)) };
    expect(Buffer.from(decodePng(encodePng(big)).data).equals(Buffer.from(big.data))).toBe(true);
    // 1-bit rows of 13 pixels: each ends in a partly used byte, and starts with a filter byte of 0.
    for (const [w, h, colours] of [
      [13, 9, [[0, 0, 0, 255], [255, 255, 255, 255]]],
      [7, 5, [[10, 20, 30, 255], [40, 50, 60, 128], [70, 80, 90, 0]]],
    ] as const) {
      const data = new Uint8Array(w * h * 4);
      for (let i = 0; i < w * h; i++) data.set(colours[Math.floor(rng() * colours.length)]!, i * 4);
      const png = encodePng({ width: w, height: h, data });
      expect(png[25]).toBe(3);
      expect(Buffer.from(decodePng(png).data).equals(Buffer.from(data))).toBe(true);
    }
  });
});

describe('PNG decoder: premultiplied output into a reused buffer', () => {
  const W = 11;
  const H = 7;
  const premul = (straight: Uint8Array) => {
    const out = new Uint8Array(straight.length);
    for (let i = 0; i < straight.length; i += 4) {
      const a = straight[i + 3]!;
      for (let c = 0; c < 3; c++) out[i + c] = Math.floor((straight[i + c]! * a + 127) / 255);
      out[i + 3] = a;
    }
    return out;
  };
  const s = (x: number, y: number, c: number, max: number) => ((x * 2654435761 + y * 40503 + c * 977) >>> 0) % (max + 1);
  const cases: [string, Parameters<typeof writePng>[0]][] = [];
  for (const interlace of [false, true]) {
    for (const depth of [1, 2, 4, 8]) {
      const n = 1 << depth;
      // A short palette (indices past it are black) and a short tRNS (entries past it opaque).
      const entries = Math.max(1, n - 1);
      const plte = Array.from({ length: entries * 3 }, (_, i) => (i * 37) % 256);
      const trns = Array.from({ length: Math.max(1, entries - 1) }, (_, i) => (i * 91) % 256);
      cases.push([`palette ${depth}-bit${interlace ? ', interlaced' : ''}`, { width: W, height: H, depth, colourType: 3, channels: 1, samples: (x, y) => [(x + y * 5) % n], plte, trns, interlace }]);
      cases.push([`opaque palette ${depth}-bit${interlace ? ', interlaced' : ''}`, { width: W, height: H, depth, colourType: 3, channels: 1, samples: (x, y) => [(x + y) % n], plte: Array.from({ length: n * 3 }, (_, i) => i % 256), interlace }]);
    }
    for (const depth of [8, 16]) {
      const max = (1 << depth) - 1;
      cases.push([`RGB ${depth}-bit${interlace ? ', interlaced' : ''}`, { width: W, height: H, depth, colourType: 2, channels: 3, samples: (x, y) => [0, 1, 2].map((c) => s(x, y, c, max)), interlace }]);
      cases.push([`RGBA ${depth}-bit${interlace ? ', interlaced' : ''}`, { width: W, height: H, depth, colourType: 6, channels: 4, samples: (x, y) => [0, 1, 2, 3].map((c) => s(x, y, c, max)), interlace }]);
      cases.push([`opaque RGBA ${depth}-bit${interlace ? ', interlaced' : ''}`, { width: W, height: H, depth, colourType: 6, channels: 4, samples: (x, y) => [0, 1, 2].map((c) => s(x, y, c, max)).concat([max]), interlace }]);
      cases.push([`grey+alpha ${depth}-bit${interlace ? ', interlaced' : ''}`, { width: W, height: H, depth, colourType: 4, channels: 2, samples: (x, y) => [s(x, y, 0, max), s(x, y, 1, max)], interlace }]);
    }
  }
  for (const [name, spec] of cases) {
    it(name, () => {
      const bytes = writePng(spec);
      const straight = decodePng(bytes).data;
      const dirty = new Uint8Array(W * H * 4 + 8).fill(0xa5);
      const got = decodePng(bytes, { premultiply: true, into: (n) => dirty.subarray(4, 4 + n) });
      expect(got.data.buffer).toBe(dirty.buffer);
      expect(Buffer.from(got.data).equals(Buffer.from(premul(straight)))).toBe(true);
      const allOpaque = straight.every((v, i) => i % 4 !== 3 || v === 255);
      // `opaque` may only be claimed when true; the fast formats know it exactly.
      if (!allOpaque) expect(got.opaque).toBe(false);
      if (allOpaque && !name.startsWith('grey') && !name.includes('16-bit')) expect(got.opaque).toBe(true);
    });
  }
  it('palette indices past PLTE are opaque black, past tRNS opaque (straight and premultiplied)', () => {
    const bytes = writePng({ width: 4, height: 1, depth: 2, colourType: 3, channels: 1, samples: (x) => [x], plte: [200, 100, 50, 10, 20, 30], trns: [128] });
    expect([...decodePng(bytes).data]).toEqual([200, 100, 50, 128, 10, 20, 30, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
    expect([...decodePng(bytes, { premultiply: true }).data]).toEqual([100, 50, 25, 128, 10, 20, 30, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
  });
  it('a cut-off image stream decodes what it has; missing rows read as zero bytes (black for RGB), whatever the buffer held', () => {
    const whole = writePng({ width: 40, height: 30, depth: 8, colourType: 2, channels: 3, samples: (x, y) => [x, y, 7] });
    const idat = whole.indexOf('IDAT', 0, 'latin1');
    const cut = Buffer.concat([whole.subarray(0, idat - 4), Buffer.from([0, 0, 0, 40]), whole.subarray(idat, idat + 4 + 40), Buffer.alloc(4)]);
    const fresh = decodePng(cut, { premultiply: true });
    const reused = decodePng(cut, { premultiply: true, into: (n) => new Uint8Array(n).fill(9) });
    expect(Buffer.from(reused.data).equals(Buffer.from(fresh.data))).toBe(true);
    expect([...fresh.data.subarray(0, 4)]).toEqual([0, 0, 7, 255]);
    expect([...fresh.data.subarray(fresh.data.length - 4)]).toEqual([0, 0, 0, 255]);
  });
});

describe('PNG encoder: a rectangle of a premultiplied canvas, read in place', () => {
  const CW = 37;
  const CH = 23;
  const rng = mulberry32(11);
  /** A canvas of premultiplied pixels (as canvas arithmetic stores them) drawn from `colours` straight colours. */
  const canvas = (colours: number, translucent: boolean) => {
    const straight = Array.from({ length: colours }, () => [0, 1, 2].map(() => Math.floor(rng() * 256)).concat(translucent ? [Math.floor(rng() * 256)] : [255]));
    const px = new Uint8Array(CW * CH * 4);
    for (let i = 0; i < CW * CH; i++) {
      const [r, g, b, a] = straight[Math.floor(rng() * colours)]!;
      px.set([PREMUL[(a! << 8) | r!]!, PREMUL[(a! << 8) | g!]!, PREMUL[(a! << 8) | b!]!, a!], i * 4);
    }
    return px;
  };
  for (const [colours, translucent] of [
    [3, false],
    [150, true],
    [4000, false],
    [4000, true],
  ] as const) {
    it(`${colours} colours${translucent ? ', translucent' : ''}: decodes (premultiplied) to exactly the rectangle`, () => {
      const px = canvas(colours, translucent);
      const words = new Int32Array(px.buffer);
      const [x, y, w, h] = [5, 3, 19, 11];
      const png = encodeCanvasRect({ words, stride: CW, x, y, width: w, height: h })!;
      const back = decodePng(png, { premultiply: true });
      expect([back.width, back.height]).toEqual([w, h]);
      for (let row = 0; row < h; row++) {
        const want = px.subarray(((y + row) * CW + x) * 4, ((y + row) * CW + x + w) * 4);
        expect(Buffer.from(back.data.subarray(row * w * 4, (row + 1) * w * 4)).equals(Buffer.from(want))).toBe(true);
      }
    });
  }
  it('null for an all-transparent rectangle, even inside a drawn canvas', () => {
    const px = canvas(3, false);
    for (let row = 4; row < 8; row++) px.fill(0, (row * CW + 2) * 4, (row * CW + 12) * 4);
    const words = new Int32Array(px.buffer);
    expect(encodeCanvasRect({ words, stride: CW, x: 2, y: 4, width: 10, height: 4 })).toBeNull();
    expect(encodeCanvasRect({ words, stride: CW, x: 1, y: 4, width: 10, height: 4 })).not.toBeNull();
  });
});
