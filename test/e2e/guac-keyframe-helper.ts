/**
 * Helpers for the keyframe fidelity test: guacamole-common-js 1.5.0 in Chromium, Guacamole.Client
 * instances driven by fake tunnels (instructions pushed straight into tunnel.oninstruction), waits on
 * the display's own flush callback, and pixel comparisons of Display.flatten() done in the page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { parseGuacText } from '../../shared/formats/guacamole/text-parser';

export type Ins = [opcode: string, args: string[]];

const GUAC_JS = resolve(import.meta.dirname, '../../node_modules/guacamole-common-js/dist/cjs/guacamole-common.js');

/** Protocol text -> instructions; a warning fails the test (the corpus and our preludes are well formed). */
export function parseAll(text: string): Ins[] {
  const out: Ins[] = [];
  const stop = parseGuacText(
    text,
    (i) => out.push([i.opcode, i.args]),
    (message) => {
      throw new Error(`protocol text does not parse: ${message}`);
    },
  );
  if (stop !== text.length) throw new Error(`protocol text cut at ${stop} of ${text.length}`);
  return out;
}

export async function installGuacamole(page: Page): Promise<void> {
  await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
  // The CommonJS build ends with module.exports; give it a module object so it runs as a plain script.
  await page.addScriptTag({ content: `var module = { exports: {} };\n${readFileSync(GUAC_JS, 'utf8')}` });
  await page.evaluate(() => {
    type Client = { getDisplay(): { flush(cb: () => void): void; flatten(): HTMLCanvasElement; getElement(): HTMLElement }; connect(): void };
    const G = (window as unknown as { Guacamole: Record<string, new (...a: unknown[]) => unknown> }).Guacamole;
    const clients = new Map<string, { client: Client; tunnel: { oninstruction: (op: string, args: string[]) => void } }>();
    const pixels = (id: string) => {
      const canvas = clients.get(id)!.client.getDisplay().flatten();
      if (!canvas.width || !canvas.height) return { width: canvas.width, height: canvas.height, data: new Uint8ClampedArray(0) };
      return { width: canvas.width, height: canvas.height, data: canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data };
    };
    (window as unknown as { H: unknown }).H = {
      create(id: string) {
        const tunnel = new G.Tunnel!() as { connect(): void; sendMessage(): void; disconnect(): void; oninstruction: (op: string, args: string[]) => void };
        tunnel.connect = () => {};
        tunnel.sendMessage = () => {};
        tunnel.disconnect = () => {};
        const client = new G.Client!(tunnel) as Client;
        client.connect();
        const holder = document.createElement('div');
        holder.style.isolation = 'isolate';
        holder.appendChild(client.getDisplay().getElement());
        document.body.appendChild(holder);
        clients.set(id, { client, tunnel });
      },
      drop(id: string) {
        clients.get(id)?.client.getDisplay().getElement().parentElement?.remove();
        clients.delete(id);
      },
      feed(id: string, list: [string, string[]][]) {
        const t = clients.get(id)!.tunnel;
        for (const [op, args] of list) t.oninstruction(op, args);
      },
      /** Resolves once every frame queued so far is drawn (a frame of our own after them, flushed in order). */
      flushed(id: string) {
        return new Promise<void>((r) => clients.get(id)!.client.getDisplay().flush(r));
      },
      digest(id: string) {
        const p = pixels(id);
        // about:blank is no secure context (no crypto.subtle): the same small hash as pixelHash() in Node.
        const words = new Uint32Array(p.data.buffer, p.data.byteOffset, p.data.length >> 2);
        let h1 = 0x811c9dc5;
        let h2 = 0x01000193;
        for (let i = 0; i < words.length; i++) {
          h1 = Math.imul(h1 ^ words[i]!, 0x01000193);
          h2 = Math.imul(h2 + words[i]!, 0x9e3779b1) ^ (h2 >>> 15);
        }
        return { width: p.width, height: p.height, hash: `${(h1 >>> 0).toString(16)}:${(h2 >>> 0).toString(16)}:${words.length}` };
      },
      compare(a: string, b: string) {
        const pa = pixels(a);
        const pb = pixels(b);
        if (pa.width !== pb.width || pa.height !== pb.height) return { sizeA: [pa.width, pa.height], sizeB: [pb.width, pb.height], differing: -1, first: null };
        let differing = 0;
        let first: unknown = null;
        for (let i = 0; i < pa.data.length; i += 4) {
          if (pa.data[i] !== pb.data[i] || pa.data[i + 1] !== pb.data[i + 1] || pa.data[i + 2] !== pb.data[i + 2] || pa.data[i + 3] !== pb.data[i + 3]) {
            differing++;
            first ??= { x: (i / 4) % pa.width, y: Math.floor(i / 4 / pa.width), a: Array.from(pa.data.slice(i, i + 4)), b: Array.from(pb.data.slice(i, i + 4)) };
          }
        }
        return { sizeA: [pa.width, pa.height], sizeB: [pb.width, pb.height], differing, first };
      },
      /** The cursor layer (not part of flatten): hotspot, position and pixels. */
      cursor(id: string) {
        const d = clients.get(id)!.client.getDisplay() as unknown as { cursorHotspotX: number; cursorHotspotY: number; cursorX: number; cursorY: number; getCursorLayer(): { width: number; height: number; toCanvas(): HTMLCanvasElement } };
        const layer = d.getCursorLayer();
        // toCanvas() of a 0x0 layer throws (drawImage of an empty canvas).
        const canvas = layer.width && layer.height ? layer.toCanvas() : null;
        const data = canvas ? Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data) : [];
        return JSON.stringify({ hotspot: [d.cursorHotspotX, d.cursorHotspotY], at: [d.cursorX, d.cursorY], size: [layer.width, layer.height], data });
      },
      base64(id: string) {
        const p = pixels(id);
        let s = '';
        for (let i = 0; i < p.data.length; i += 0x8000) s += String.fromCharCode(...p.data.subarray(i, i + 0x8000));
        return btoa(s);
      },
    };
  });
}

interface PageHelpers {
  create(id: string): void;
  drop(id: string): void;
  feed(id: string, list: Ins[]): void;
  flushed(id: string): Promise<void>;
  digest(id: string): { width: number; height: number; hash: string };
  compare(a: string, b: string): { sizeA: number[]; sizeB: number[]; differing: number; first: unknown };
  base64(id: string): string;
  cursor(id: string): string;
}

/** Node-side handle on one page client. */
export class PageClient {
  constructor(
    private readonly page: Page,
    readonly id: string,
  ) {}

  static async create(page: Page, id: string): Promise<PageClient> {
    await page.evaluate((i) => (window as unknown as { H: PageHelpers }).H.create(i), id);
    return new PageClient(page, id);
  }

  /** Feeds instructions in slices (one evaluate per ~2 MB) and waits until the display has drawn them. */
  async feed(list: Ins[]): Promise<void> {
    let start = 0;
    while (start < list.length) {
      let size = 0;
      let end = start;
      while (end < list.length && size < 2_000_000) size += list[end++]![1].reduce((n, a) => n + a.length + 4, 8);
      await this.page.evaluate(([i, l]) => (window as unknown as { H: PageHelpers }).H.feed(i, l), [this.id, list.slice(start, end)] as const);
      start = end;
    }
    await this.page.evaluate((i) => (window as unknown as { H: PageHelpers }).H.flushed(i), this.id);
  }

  digest(): Promise<{ width: number; height: number; hash: string }> {
    return this.page.evaluate((i) => (window as unknown as { H: PageHelpers }).H.digest(i), this.id);
  }

  compare(other: PageClient): Promise<{ sizeA: number[]; sizeB: number[]; differing: number; first: unknown }> {
    return this.page.evaluate(([a, b]) => (window as unknown as { H: PageHelpers }).H.compare(a, b), [this.id, other.id] as const);
  }

  async pixels(): Promise<Buffer> {
    return Buffer.from(await this.page.evaluate((i) => (window as unknown as { H: PageHelpers }).H.base64(i), this.id), 'base64');
  }

  cursor(): Promise<string> {
    return this.page.evaluate((i) => (window as unknown as { H: PageHelpers }).H.cursor(i), this.id);
  }

  drop(): Promise<void> {
    return this.page.evaluate((i) => (window as unknown as { H: PageHelpers }).H.drop(i), this.id);
  }
}

/** The page's digest() hash, computed in Node. */
export function pixelHash(bytes: Uint8Array | Uint8ClampedArray): string {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < words.length; i++) {
    h1 = Math.imul(h1 ^ words[i]!, 0x01000193);
    h2 = Math.imul(h2 + words[i]!, 0x9e3779b1) ^ (h2 >>> 15);
  }
  return `${(h1 >>> 0).toString(16)}:${(h2 >>> 0).toString(16)}:${words.length}`;
}

/** Differing pixels between two RGBA buffers of the same size, and the first one. */
export function diffRgba(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray, width: number): { differing: number; first: string | null } {
  let differing = 0;
  let first: string | null = null;
  for (let i = 0; i < Math.min(a.length, b.length); i += 4) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) {
      differing++;
      first ??= `(${(i / 4) % width}, ${Math.floor(i / 4 / width)}): chromium ${[...a.subarray(i, i + 4)]} vs soft ${[...b.subarray(i, i + 4)]}`;
    }
  }
  return { differing, first };
}

/** Encoded images a synthetic scene draws: base64 with their mimetype. */
export interface SceneImage {
  mimetype: string;
  base64: string;
}

/**
 * A random but valid drawing session beyond what the corpus holds: every channel mask (the unmapped ones
 * too), translucent fills and images, copies and transfers between layers and buffers, resizes inside and
 * across the 64-pixel canvas steps, a layer tree with moves, z ties, shading and disposal, pattern fills,
 * rectilinear paths, clips inside push/pop, and the cursor. Integer, axis-aligned geometry only: that is
 * the part meant to be exact.
 */
export function syntheticScene(rng: () => number, images: readonly SceneImage[], frames: number): Ins[] {
  const out: Ins[] = [];
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const s = (...v: (string | number)[]) => v.map(String);
  const layers = [0, 1, 2, 3, -1, -2, -3];
  const alpha = () => pick([0, 255, 255, int(256), int(256)]);
  let stream = 1;
  // guacd sizes a layer as it creates it; a layer's initial size otherwise depends on when frames flush.
  const sizeOf = (l: number) => ['size', s(l, 20 + int(130), 20 + int(100))] as Ins;
  out.push(['size', s(0, 150, 110)], ['size', s(-1, 40, 30)], sizeOf(1), sizeOf(2), sizeOf(3));
  for (let f = 0; f < frames; f++) {
    for (let n = 1 + int(8); n > 0; n--) {
      const kind = int(15);
      const layer = pick(layers);
      const x = int(170) - 20;
      const y = int(130) - 20;
      if (kind <= 2) out.push(['rect', s(layer, x, y, int(90) - 5, int(70) - 5)], ['cfill', s(int(16), layer, int(256), int(256), int(256), alpha())]);
      else if (kind <= 4) {
        const img = pick(images);
        const chunks = img.base64.match(/.{1,400}/g) ?? [];
        out.push(['img', s(stream, int(16), layer, img.mimetype, x, y)], ...chunks.map((c) => ['blob', s(stream, c)] as Ins), ['end', s(stream)]);
        stream = (stream % 5) + 1;
      } else if (kind === 5) out.push(['copy', s(pick(layers), int(80), int(60), int(100), int(80), int(16), layer, x, y)]);
      else if (kind === 6) out.push(['transfer', s(pick(layers), int(80), int(60), int(60), int(50), int(16), layer, x, y)]);
      else if (kind === 7) out.push(['size', s(layer, layer === 0 ? 100 + int(100) : 1 + int(139), layer === 0 ? 80 + int(60) : 1 + int(139))]);
      else if (kind === 8) {
        // Parents have lower indices: a layer moved under itself or a descendant makes the DOM throw.
        const child = 1 + int(3);
        out.push(['move', s(child, int(child), int(60) - 10, int(50) - 10, int(3) - 1)]);
      }
      else if (kind === 9) out.push(['shade', s(int(4), pick([0, 255, int(256)]))]);
      else if (kind === 10 && rng() < 0.3) {
        const gone = pick([1, 2, 3, -2, -3]);
        out.push(['dispose', s(gone)]);
        if (gone > 0) out.push(sizeOf(gone));
      }
      else if (kind === 11) out.push(['cursor', s(int(5), int(5), pick(layers), int(20), int(20), 1 + int(24), 1 + int(24))], ['mouse', s(int(150), int(110), 0, 0)]);
      else if (kind === 12 && layer >= 0) {
        // (Not on buffers: a buffer growing under a path clears it, leaving slanted edges Skia anti-aliases.)
        const w = 2 * (3 + int(20));
        const h = 2 * (3 + int(20));
        out.push(['start', s(layer, x, y)], ['line', s(layer, x + w, y)], ['line', s(layer, x + w, y + h)], ['line', s(layer, x + w / 2, y + h)], ['line', s(layer, x + w / 2, y + h / 2)], ['line', s(layer, x, y + h / 2)], ['close', s(layer)]);
        out.push(['cfill', s(pick([14, 14, 12, 4, 10]), layer, int(256), int(256), int(256), alpha())]);
      } else if (kind === 13) {
        out.push(['push', s(layer)], ['rect', s(layer, x, y, 30 + int(60), 30 + int(40))], ['clip', s(layer)], ['rect', s(layer, 0, 0, 200, 200)]);
        out.push(['cfill', s(int(16), layer, int(256), int(256), int(256), alpha())], ['pop', s(layer)]);
      } else if (kind === 14) out.push(['rect', s(layer, x, y, int(90), int(70))], ['lfill', s(pick([14, 12, 6]), layer, -1)]);
    }
    out.push(['sync', s(1000 + f)]);
  }
  return out;
}

/** Translucent, palette and opaque test images, encoded by Chromium itself (PNG, lossy and lossless WebP, JPEG). */
export async function chromiumImages(page: Page, seed: number): Promise<SceneImage[]> {
  return page.evaluate((seedValue) => {
    let a = seedValue >>> 0;
    const rnd = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const out: { mimetype: string; base64: string }[] = [];
    const make = (w: number, h: number, translucent: boolean) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const x = c.getContext('2d')!;
      const data = new ImageData(w, h);
      for (let i = 0; i < w * h; i++) {
        const smooth = Math.floor(((i % w) * 255) / w);
        data.data[i * 4] = rnd() < 0.5 ? smooth : Math.floor(rnd() * 256);
        data.data[i * 4 + 1] = Math.floor(((i / w) * 255) / h);
        data.data[i * 4 + 2] = Math.floor(rnd() * 256);
        data.data[i * 4 + 3] = translucent ? [0, 255, Math.floor(rnd() * 256)][Math.floor(rnd() * 3)]! : 255;
      }
      x.putImageData(data, 0, 0);
      return c;
    };
    for (let k = 0; k < 3; k++) {
      const w = 7 + Math.floor(rnd() * 50);
      const h = 5 + Math.floor(rnd() * 40);
      const tr = make(w, h, true);
      const op = make(w, h, false);
      const b64 = (url: string) => url.slice(url.indexOf(',') + 1);
      out.push({ mimetype: 'image/png', base64: b64(tr.toDataURL('image/png')) });
      out.push({ mimetype: 'image/png', base64: b64(op.toDataURL('image/png')) });
      out.push({ mimetype: 'image/jpeg', base64: b64(op.toDataURL('image/jpeg', 0.8)) });
      out.push({ mimetype: 'image/webp', base64: b64(tr.toDataURL('image/webp', 0.8)) });
      out.push({ mimetype: 'image/webp', base64: b64(tr.toDataURL('image/webp', 1)) });
      out.push({ mimetype: 'image/webp', base64: b64(op.toDataURL('image/webp', 0.7)) });
    }
    return out;
  }, seed);
}
