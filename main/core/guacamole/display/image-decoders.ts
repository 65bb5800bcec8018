/**
 * Image decoding the way Chromium does it, in Node without native code: PNG in JS (./png), WebP with
 * libwebp and JPEG with libjpeg-turbo's decoder (mozjpeg), both WebAssembly builds from @jsquash, which
 * Chromium's own decoders are. The type is sniffed from the bytes, as Chromium's ImageDecoder does, not
 * taken from the stream's mimetype. Results are PREMULTIPLIED, with each decoder's own rounding.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { decodePng, isPng } from './png';
import { premulWebp, premultiplyInPlace } from './pixel-math';

export interface DecodedImage {
  width: number;
  height: number;
  /** Premultiplied RGBA8. */
  data: Uint8Array;
  /** Every pixel has alpha 255 (drawing it is a plain copy). */
  opaque: boolean;
}

interface RawImageData {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
interface WasmDecoderModule {
  decode(data: Uint8Array, preserveOrientation?: boolean): RawImageData | null;
}
interface WasmInstance {
  exports: unknown;
}
type ModuleFactory = (opts: { noInitialRun: boolean; instantiateWasm: (imports: unknown, done: (instance: WasmInstance) => void) => unknown }) => Promise<WasmDecoderModule>;
/** The WebAssembly global (Node has it; this project's type libraries do not declare it). */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown>; Instance: new (module: unknown, imports: unknown) => WasmInstance } }).WebAssembly;

export interface ImageDecoders {
  /**
   * Null when the bytes are no image Chromium would draw (it then draws nothing). With `transient`, the
   * pixels live in a buffer the next transient decode overwrites: draw them before decoding again.
   */
  decode(bytes: Uint8Array, opts?: { transient?: boolean }): DecodedImage | null;
}

/** A transient image larger than this gets its own buffer rather than growing the shared one. */
const MAX_SCRATCH_BYTES = 16 * 1024 * 1024;

export async function loadImageDecoders(): Promise<ImageDecoders> {
  const [webp, jpeg] = await Promise.all([
    loadWasm('@jsquash/webp/codec/dec/webp_dec.js', '@jsquash/webp/codec/dec/webp_dec.wasm'),
    loadWasm('@jsquash/jpeg/codec/dec/mozjpeg_dec.js', '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'),
  ]);
  // Every image drawn is decoded, drawn and dropped: one reused buffer spares allocating (and collecting)
  // a fresh one per image, which cost about as much as expanding the pixels.
  let scratch = new Uint8Array(0);
  const transientBuffer = (n: number): Uint8Array => {
    if (n > MAX_SCRATCH_BYTES) return new Uint8Array(n);
    if (scratch.length < n) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
    return scratch.subarray(0, n);
  };
  return {
    decode(bytes, opts = {}) {
      const into = opts.transient ? transientBuffer : (n: number) => new Uint8Array(n);
      try {
        if (isPng(bytes)) return decodePng(bytes, { premultiply: true, into });
        if (isWebp(bytes)) return fromWasm(webp.decode(bytes), true, into);
        if (bytes[0] === 0xff && bytes[1] === 0xd8) return fromWasm(jpeg.decode(bytes, false), false, into);
      } catch {
        // A corrupt image: Chromium's decode fails and nothing is drawn.
      }
      return null;
    },
  };
}

function isWebp(b: Uint8Array): boolean {
  return b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50;
}

function fromWasm(img: RawImageData | null, webp: boolean, into: (bytes: number) => Uint8Array): DecodedImage | null {
  if (!img || img.width === 0 || img.height === 0) return null;
  const data = into(img.data.byteLength);
  // Same element type on both sides: a Uint8ClampedArray source would be copied element by element.
  data.set(new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength));
  if (!webp) return { width: img.width, height: img.height, data, opaque: premultiplyInPlace(data) };
  let opaque = true;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    if (a === 255) continue;
    opaque = false;
    data[i] = premulWebp(data[i]!, a);
    data[i + 1] = premulWebp(data[i + 1]!, a);
    data[i + 2] = premulWebp(data[i + 2]!, a);
  }
  return { width: img.width, height: img.height, data, opaque };
}

/** Emscripten factories with the wasm read from node_modules, so a bundled worker needs no fetch. */
async function loadWasm(jsSpecifier: string, wasmSpecifier: string): Promise<WasmDecoderModule> {
  const require = createRequire(import.meta.url);
  const [factoryModule, wasmBytes] = await Promise.all([import(/* @vite-ignore */ jsSpecifier) as Promise<{ default: ModuleFactory }>, readFile(require.resolve(wasmSpecifier))]);
  const compiled = await wasmApi.compile(wasmBytes);
  return factoryModule.default({
    noInitialRun: true,
    instantiateWasm(imports, done) {
      const instance = new wasmApi.Instance(compiled, imports);
      done(instance);
      return instance.exports;
    },
  });
}
