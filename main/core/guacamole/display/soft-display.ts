/**
 * A software Guacamole display for the worker: applies a recording's drawing instructions to RGBA
 * buffers with guacamole-common-js 1.5.0's semantics (Guacamole.Client's handlers, Display, Layer) and
 * Chromium's pixel arithmetic, so that at any frame boundary it can write a prelude (protocol text that
 * rebuilds the same display in a fresh Guacamole.Client) and flatten the screen like Display.flatten().
 *
 * Left out or approximate (guacd sends none of these for RDP, VNC, SSH or telnet): anti-aliased edges of
 * non-integer, slanted or curved paths and of strokes (pixel-centre coverage here), drawImage under a
 * transform other than an integer translation (nearest pixel here), `lstroke` (1.5.0 calls strokeLayer
 * with missing arguments and throws, so it draws nothing), video/audio streams.
 */
import { OP_COPY } from './compositing';
import { loadImageDecoders, type ImageDecoders } from './image-decoders';
import { floatArg, intArg, type InstructionView } from './instruction';
import { Layer } from './layer';
import { flattenLayers } from './flatten';
import { buildPrelude, type PreludeOptions } from './prelude';
import { LayerPngCaches } from './prelude-layers';
import { TRANSFER_FUNCTIONS } from './transfer-functions';

export { viewOf, type InstructionView } from './instruction';

const LINE_CAP = ['butt', 'round', 'square'];
const LINE_JOIN = ['bevel', 'miter', 'round'];

export interface ImageStream {
  index: number;
  layer: Layer;
  mask: number;
  mimetype: string;
  x: number;
  y: number;
  /** The base64 blobs as received (a prelude re-opens a stream that is still open). */
  blobs: string[];
  bytes: number;
}

export class SoftDisplay {
  readonly layers = new Map<number, Layer>();
  readonly defaultLayer = new Layer(0, 0, true);
  /** Guacamole.Display's cursor layer: SRC, resized and copied into by `cursor`. */
  readonly cursor = new Layer(0, 0, true);
  cursorHotspotX = 0;
  cursorHotspotY = 0;
  cursorSet = false;
  mouse: { x: number; y: number } | null = null;
  readonly streams = new Map<number, ImageStream>();
  /** PNGs of layers' bands as last encoded for a prelude, reused while their pixels are unchanged. */
  readonly pngCache = new LayerPngCaches();
  private appendSeq = 0;
  /**
   * The display's size as a new layer gets it: Display updates it when the resize task runs, at the frame's
   * flush, so a layer first named in the same frame as a `size` of layer 0 still gets the old size.
   * Frames are taken to flush before the next one arrives (real-time playback).
   */
  private flushedWidth = 0;
  private flushedHeight = 0;

  private constructor(private readonly decoders: ImageDecoders) {
    this.layers.set(0, this.defaultLayer);
    this.cursor.setChannelMask(OP_COPY);
  }

  /** Loads the WebAssembly image decoders once. */
  static async create(): Promise<SoftDisplay> {
    return new SoftDisplay(await loadImageDecoders());
  }

  /** Several displays can share one set of decoders. */
  static withDecoders(decoders: ImageDecoders): SoftDisplay {
    return new SoftDisplay(decoders);
  }

  get memoryBytes(): number {
    let bytes = this.cursor.pixelBytes;
    for (const layer of this.layers.values()) bytes += layer.pixelBytes;
    for (const s of this.streams.values()) bytes += s.bytes * 2;
    return bytes;
  }

  /** Client.getLayer: created on first reference (visible layers under the default one, buffers autosized). */
  layer(index: number): Layer {
    let layer = this.layers.get(index);
    if (!layer) {
      if (index > 0) {
        layer = new Layer(this.flushedWidth, this.flushedHeight, true);
        layer.move(this.defaultLayer, 0, 0, 0, ++this.appendSeq);
      } else {
        layer = new Layer(0, 0, false);
        layer.autosize = true;
      }
      this.layers.set(index, layer);
    }
    return layer;
  }

  apply(ins: InstructionView): void {
    const int = (i: number) => intArg(ins, i);
    switch (ins.opcode) {
      case 'size':
        return this.withLayer(int(0), (l) => l.resize(int(1), int(2)));
      case 'rect':
        return this.withLayer(int(0), (l) => l.rect(int(1), int(2), int(3), int(4)));
      case 'start':
        return this.withLayer(int(0), (l) => l.moveTo(int(1), int(2)));
      case 'line':
        return this.withLayer(int(0), (l) => l.lineTo(int(1), int(2)));
      case 'arc':
        return this.withLayer(int(0), (l) => l.arc(int(1), int(2), int(3), floatArg(ins, 4), floatArg(ins, 5), int(6) !== 0));
      case 'curve':
        return this.withLayer(int(0), (l) => l.curveTo(int(1), int(2), int(3), int(4), int(5), int(6)));
      case 'close':
        return this.withLayer(int(0), (l) => l.close());
      case 'clip':
        return this.withLayer(int(0), (l) => l.clip());
      case 'push':
        return this.withLayer(int(0), (l) => l.push());
      case 'pop':
        return this.withLayer(int(0), (l) => l.pop());
      case 'reset':
        return this.withLayer(int(0), (l) => l.reset());
      case 'identity':
        return this.withLayer(int(0), (l) => l.setTransform(1, 0, 0, 1, 0, 0));
      case 'transform':
        return this.withLayer(int(0), (l) => l.transform(floatArg(ins, 1), floatArg(ins, 2), floatArg(ins, 3), floatArg(ins, 4), floatArg(ins, 5), floatArg(ins, 6)));
      case 'cfill':
        return this.withLayer(int(1), (l) => {
          l.setChannelMask(int(0));
          l.fillColor(int(2), int(3), int(4), int(5));
        });
      case 'cstroke':
        return this.withLayer(int(1), (l) => {
          l.setChannelMask(int(0));
          l.strokeColor(LINE_CAP[int(2)] ?? 'butt', LINE_JOIN[int(3)] ?? 'miter', int(4), int(5), int(6), int(7), int(8));
        });
      case 'lfill':
        return this.withLayer(int(1), (l) => {
          const src = this.layerOrNull(int(2));
          l.setChannelMask(int(0));
          if (src) l.fillLayer(src);
        });
      case 'lstroke':
        return this.withLayer(int(1), (l) => l.setChannelMask(int(0)));
      case 'copy':
        return this.copyLike(ins, false);
      case 'transfer':
        return this.copyLike(ins, true);
      case 'img':
        return this.openImage(ins);
      case 'blob':
        return this.blob(int(0), ins.arg(1));
      case 'end':
        return this.endStream(int(0));
      case 'png':
      case 'jpeg':
        return this.withLayer(int(1), (l) => {
          l.setChannelMask(int(0));
          this.drawEncoded(l, int(2), int(3), [ins.arg(4)]);
        });
      case 'move':
        return this.move(int(0), int(1), int(2), int(3), int(4));
      case 'shade':
        if (int(0) >= 0) this.withLayer(int(0), (l) => (l.alpha = int(1)));
        return;
      case 'distort':
        if (int(0) >= 0) this.withLayer(int(0), (l) => (l.distortion = [1, 2, 3, 4, 5, 6].map((i) => floatArg(ins, i)) as Layer['distortion']));
        return;
      case 'dispose':
        return this.dispose(int(0));
      case 'cursor':
        return this.setCursor(int(0), int(1), int(2), int(3), int(4), int(5), int(6));
      case 'mouse':
        this.mouse = { x: int(0), y: int(1) };
        return;
      case 'sync':
        this.flushedWidth = this.defaultLayer.width;
        this.flushedHeight = this.defaultLayer.height;
        return;
      default:
        return;
    }
  }

  prelude(options: PreludeOptions = {}): string {
    return buildPrelude(this, options);
  }

  flatten(): { width: number; height: number; rgba: Uint8ClampedArray } {
    return flattenLayers(this.defaultLayer);
  }

  private withLayer(index: number, fn: (layer: Layer) => void): void {
    if (Number.isNaN(index)) return;
    fn(this.layer(index));
  }

  private layerOrNull(index: number): Layer | null {
    return Number.isNaN(index) ? null : this.layer(index);
  }

  private copyLike(ins: InstructionView, transfer: boolean): void {
    const int = (i: number) => intArg(ins, i);
    const src = this.layerOrNull(int(0));
    const dst = this.layerOrNull(int(6));
    if (!src || !dst) return;
    const [sx, sy, sw, sh, dx, dy] = [int(1), int(2), int(3), int(4), int(7), int(8)];
    if (!transfer) {
      dst.setChannelMask(int(5));
      dst.copy(src, sx, sy, sw, sh, dx, dy);
      return;
    }
    const fn = int(5);
    if (fn === 0x3) dst.transfer(src, sx, sy, sw, sh, dx, dy, null);
    else if (fn !== 0x5 && TRANSFER_FUNCTIONS[fn]) dst.transfer(src, sx, sy, sw, sh, dx, dy, TRANSFER_FUNCTIONS[fn]!);
  }

  private openImage(ins: InstructionView): void {
    const index = intArg(ins, 0);
    const layer = this.layerOrNull(intArg(ins, 2));
    if (Number.isNaN(index) || !layer) return;
    const mask = intArg(ins, 1);
    layer.setChannelMask(mask);
    this.streams.set(index, { index, layer, mask, mimetype: ins.arg(3), x: intArg(ins, 4), y: intArg(ins, 5), blobs: [], bytes: 0 });
  }

  private blob(index: number, base64: string): void {
    const s = this.streams.get(index);
    if (!s) return;
    s.blobs.push(base64);
    s.bytes += base64.length;
  }

  private endStream(index: number): void {
    const s = this.streams.get(index);
    if (!s) return;
    this.streams.delete(index);
    this.drawEncoded(s.layer, s.x, s.y, s.blobs);
  }

  /** Each blob is decoded on its own (BlobReader calls atob per blob), then the bytes are joined. */
  private drawEncoded(layer: Layer, x: number, y: number, blobs: readonly string[]): void {
    const parts = blobs.map((b) => Buffer.from(b, 'base64'));
    const image = this.decoders.decode(parts.length === 1 ? parts[0]! : Buffer.concat(parts), { transient: true });
    if (image) layer.drawImage(x, y, image);
  }

  private move(index: number, parentIndex: number, x: number, y: number, z: number): void {
    if (!(index > 0 && parentIndex >= 0)) return;
    const layer = this.layer(index);
    const parent = this.layer(parentIndex);
    // A layer cannot go under itself: the DOM refuses (and flatten would recurse forever).
    for (let p: Layer | null = parent; p; p = p.parent) if (p === layer) return;
    layer.move(parent, x, y, z, ++this.appendSeq);
  }

  private dispose(index: number): void {
    if (index > 0) {
      this.layers.get(index)?.dispose();
      this.layers.delete(index);
    } else if (index < 0) {
      this.layers.get(index)?.dispose();
      this.layers.delete(index);
    }
  }

  private setCursor(hotspotX: number, hotspotY: number, srcIndex: number, sx: number, sy: number, w: number, h: number): void {
    const src = this.layerOrNull(srcIndex);
    if (!src) return;
    this.cursorHotspotX = hotspotX;
    this.cursorHotspotY = hotspotY;
    this.cursor.resize(w, h);
    this.cursor.copy(src, sx, sy, w, h, 0, 0);
    this.cursorSet = true;
  }

  /** Tests: the next sibling order stamp (a prelude reuses the display's own counter semantics). */
  get lastAppendSeq(): number {
    return this.appendSeq;
  }
}
