/**
 * The drawing side of the Guacamole player: a Guacamole.Client fed by hand through a tunnel that goes
 * nowhere, so guacamole-common-js's own instruction handlers do the drawing (img/blob/end streams, copy,
 * transfer, cursor, mouse ...). The engine talks to it through GuacScreen, which tests replace.
 */
import Guacamole from 'guacamole-common-js';

export interface CursorState {
  x: number;
  y: number;
  /** Whether a `mouse` instruction has shown the software cursor yet. */
  visible: boolean;
}

/** The pointer's image as the display holds it (guacamole-common-js's cursor layer). */
export interface CursorImage {
  /** Its pixels are at (0, 0, width, height); the canvas may be bigger. */
  canvas: HTMLCanvasElement;
  width: number;
  height: number;
  /** The point of the image that sits at the mouse position. */
  hotspotX: number;
  hotspotY: number;
}

/** The pointer as the display shows it: its image's top-left corner is the mouse position minus the hotspot. */
export interface PlacedPointer {
  /** Read from (0, 0, width, height). */
  image: HTMLCanvasElement;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where `img` shows with the mouse at `at`, or null when no pointer is shown. */
export function placePointer(at: CursorState, img: CursorImage | null): PlacedPointer | null {
  if (!at.visible || !img) return null;
  return { image: img.canvas, x: at.x - img.hotspotX, y: at.y - img.hotspotY, width: img.width, height: img.height };
}

/** One display being drawn: the live one, or one built off-screen by a seek. */
export interface GuacScreen {
  /** The display's own element (guacamole-common-js's bounds div). */
  readonly element: HTMLElement;
  /** One instruction. Never `sync`: the engine decides when a frame is complete and calls flush. */
  instruction(opcode: string, args: string[]): void;
  /** Calls `done` once everything fed so far is drawn, images decoded included. */
  flush(done: () => void): void;
  /** The default layer's size (the remote screen). */
  readonly width: number;
  readonly height: number;
  setScale(scale: number): void;
  /** Called when the default layer changes size. */
  onResize: (() => void) | null;
  /** Every layer composited onto one canvas, as the display shows it (the mouse cursor excepted). */
  flatten(): HTMLCanvasElement | null;
  cursor(): CursorState;
  /** The image the last drawn `cursor` instruction set, or null before any (or an empty one). */
  cursorImage(): CursorImage | null;
  dispose(): void;
}

/** A tunnel that carries nothing: the client's replies (sync acks, keep-alive nops) go nowhere. */
class SilentTunnel extends Guacamole.Tunnel {
  constructor() {
    super();
    // The library's Tunnel assigns its methods in its constructor, so overrides go on the instance.
    this.sendMessage = () => undefined;
    this.connect = () => undefined;
    this.disconnect = () => undefined;
  }
}

/** Methods of Guacamole.Display the typings leave out. */
interface DisplayInternals {
  drawStream(layer: Guacamole.Layer, x: number, y: number, stream: Guacamole.InputStream, mimetype: string): void;
  draw(layer: Guacamole.Layer, x: number, y: number, url: string): void;
  cancel?(): void;
}

/** Audio and video streams are dropped: a recording is watched, and guacd does not record sound anyway. */
const SILENT_PLAYER = { sync: () => undefined } as unknown as Guacamole.AudioPlayer & Guacamole.VideoPlayer;

export function createGuacScreen(): GuacScreen {
  const tunnel = new SilentTunnel();
  const client = new Guacamole.Client(tunnel);
  const display = client.getDisplay();
  const internals = display as unknown as DisplayInternals;
  client.onaudio = () => SILENT_PLAYER;
  client.onvideo = () => SILENT_PLAYER;
  // The stock drawStream decodes through createImageBitmap without a rejection handler: one corrupt
  // image would block every later frame for good. An Image that fails to load unblocks its frame.
  internals.drawStream = (layer, x, y, stream, mimetype) => {
    const parts: string[] = [];
    let padded = false;
    stream.onblob = (data) => {
      // Each blob is base64 on its own; padding inside the joined text would break the data URI.
      if (parts.length > 0 && parts[parts.length - 1]!.endsWith('=')) padded = true;
      parts.push(data);
    };
    stream.onend = () => internals.draw(layer, x, y, `data:${mimetype};base64,${joinBase64(parts, padded)}`);
  };
  // Every layer and buffer the client creates gets the cheaper copy (see fastCopies).
  const scratch = document.createElement('canvas');
  const createLayer = display.createLayer.bind(display);
  const createBuffer = display.createBuffer.bind(display);
  display.createLayer = () => fastCopies(createLayer(), scratch);
  display.createBuffer = () => fastCopies(createBuffer(), scratch);
  fastCopies(display.getDefaultLayer(), scratch);
  // The pointer stays hidden until a `mouse` instruction says where it is (the library's `mouse` handler
  // shows it), as in guacamole-common-js's own SessionRecording; otherwise the first `cursor` would
  // show it in the top-left corner, where the user never put it.
  display.showCursor(false);
  let cursorShown = false;
  const screen: GuacScreen = {
    element: display.getElement(),
    instruction(opcode, args) {
      if (opcode === 'mouse') cursorShown = true;
      try {
        tunnel.oninstruction?.(opcode, args);
      } catch {
        // A malformed instruction the library chokes on is skipped (the core reported it as a warning);
        // the rest of the recording still plays.
      }
    },
    flush(done) {
      display.flush(done);
    },
    get width() {
      return display.getWidth();
    },
    get height() {
      return display.getHeight();
    },
    setScale(scale) {
      display.scale(scale);
    },
    onResize: null,
    flatten() {
      return display.getWidth() > 0 && display.getHeight() > 0 ? display.flatten() : null;
    },
    cursor() {
      return { x: display.cursorX, y: display.cursorY, visible: cursorShown };
    },
    cursorImage() {
      const layer = display.getCursorLayer();
      if (layer.width <= 0 || layer.height <= 0) return null;
      return { canvas: layer.getCanvas(), width: layer.width, height: layer.height, hotspotX: display.cursorHotspotX, hotspotY: display.cursorHotspotY };
    },
    dispose() {
      internals.cancel?.();
      client.disconnect();
      display.getElement().remove();
    },
  };
  display.onresize = () => screen.onResize?.();
  return screen;
}

function joinBase64(parts: string[], padded: boolean): string {
  if (!padded) return parts.join('');
  try {
    return btoa(parts.map((p) => atob(p)).join(''));
  } catch {
    return parts.join('');
  }
}

/**
 * A copy of a small rectangle out of a big canvas, without drawImage(canvas): in a software-rendered
 * canvas (no GPU) that snapshots the whole source, and the next write to the source then copies all of
 * its pixels (~2.6 ms for 1024x768; VNC recordings copy into guacd's buffer every frame). The pixels are
 * read with getImageData and drawn from a scratch canvas instead, with the destination's own compositing
 * and clip. The first copy into a layer goes the library's way, which marks the layer as not empty; so do
 * copies of half-transparent pixels, which ImageData (un-premultiplied) could change by a rounding step.
 */
function fastCopies<L extends Guacamole.Layer>(layer: L, scratch: HTMLCanvasElement): L {
  const original = layer.copy.bind(layer);
  let marked = false;
  layer.copy = (srcLayer, srcx, srcy, srcw, srch, x, y) => {
    const src = srcLayer.getCanvas();
    const small = srcw * srch * 8 <= src.width * src.height;
    if (!marked || !small || srcx < 0 || srcy < 0) {
      marked = true;
      return original(srcLayer, srcx, srcy, srcw, srch, x, y);
    }
    // The library's own clipping, then its autosize (fitRect).
    if (srcx >= src.width || srcy >= src.height) return;
    const w = Math.min(srcw, src.width - srcx);
    const h = Math.min(srch, src.height - srcy);
    if (w <= 0 || h <= 0) return;
    if ((layer as { autosize?: unknown }).autosize) layer.resize(Math.max(layer.width, x + w), Math.max(layer.height, y + h));
    const pixels = src.getContext('2d')!.getImageData(srcx, srcy, w, h);
    // Half-transparent pixels would not survive the trip through un-premultiplied ImageData exactly.
    if (!opaqueOrClear(pixels.data)) return original(srcLayer, srcx, srcy, srcw, srch, x, y);
    // A fresh bitmap of just this size every time (setting the size resets it, even to the same size):
    // the destination still holds the last drawImage's snapshot of the scratch canvas, so writing into
    // the old bitmap would first copy all of it (a scratch grown to 1024x768 by one big copy made every
    // later small copy cost ~3 ms instead of ~0.13).
    scratch.width = w;
    scratch.height = h;
    scratch.getContext('2d')!.putImageData(pixels, 0, 0);
    layer.getCanvas().getContext('2d')!.drawImage(scratch, 0, 0, w, h, x, y, w, h);
  };
  return layer;
}

function opaqueOrClear(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) {
    const a = rgba[i]!;
    if (a !== 0 && a !== 255) return false;
  }
  return true;
}
