/**
 * Escape sequences that set the terminal "pen" (SGR attributes, DECSCA protection, OSC 8 link) from
 * xterm's raw attribute words. Always a full reset + set: incremental SGR diffs get `22` (clears bold
 * AND faint) and underline styles wrong, and keyframes are not size critical.
 */
import { Attr, type AttrData, type OscLinkService } from './xterm-internals';

/** Raw `_ext` word (the public getter hides the underline style when a link is set). */
export function rawExt(attr: AttrData): number {
  return (attr.extended as unknown as { _ext: number })._ext;
}

function colorParams(word: number, base: number, brightBase: number, extBase: number): string {
  const mode = word & Attr.CM_MASK;
  const v = word & Attr.RGB_MASK;
  if (mode === Attr.CM_P16) return v < 8 ? `;${base + v}` : `;${brightBase + (v & 7)}`;
  if (mode === Attr.CM_P256) return `;${extBase};5;${v}`;
  if (mode === Attr.CM_RGB) return `;${extBase};2;${(v >>> 16) & 0xff};${(v >>> 8) & 0xff};${v & 0xff}`;
  return '';
}

/** `CSI 0;...m` reproducing fg, bg and (when present) underline style + colour exactly. */
export function sgrFor(fg: number, bg: number, ext: number, hasExtended: boolean): string {
  let s = '\x1b[0';
  if (fg & Attr.FG_BOLD) s += ';1';
  if (bg & Attr.BG_DIM) s += ';2';
  if (bg & Attr.BG_ITALIC) s += ';3';
  if (fg & Attr.FG_UNDERLINE) {
    const style = hasExtended ? (ext & Attr.EXT_UNDERLINE_STYLE) >>> 26 : 1;
    s += style > 1 ? `;4:${style}` : ';4';
  }
  if (fg & Attr.FG_BLINK) s += ';5';
  if (fg & Attr.FG_INVERSE) s += ';7';
  if (fg & Attr.FG_INVISIBLE) s += ';8';
  if (fg & Attr.FG_STRIKETHROUGH) s += ';9';
  if (bg & Attr.BG_OVERLINE) s += ';53';
  s += colorParams(fg, 30, 90, 38);
  s += colorParams(bg, 40, 100, 48);
  if (hasExtended) {
    const mode = ext & Attr.CM_MASK;
    const v = ext & Attr.RGB_MASK;
    if (mode === Attr.CM_P256) s += `;58;5;${v}`;
    else if (mode === Attr.CM_RGB) s += `;58;2;${(v >>> 16) & 0xff};${(v >>> 8) & 0xff};${v & 0xff}`;
  }
  return s + 'm';
}

export function oscLink(links: OscLinkService, urlId: number): string {
  if (!urlId) return '\x1b]8;;\x1b\\';
  const data = links.getLinkData(urlId);
  if (!data) return '\x1b]8;;\x1b\\';
  return `\x1b]8;${data.id !== undefined ? `id=${data.id}` : ''};${data.uri}\x1b\\`;
}

/**
 * Tracks the pen of the terminal being written to, so the serializer only emits a change when the
 * next cell needs a different one. Starts at the state of a freshly reset terminal.
 */
export class PenWriter {
  private fg = 0;
  private bg = 0;
  private ext = 0;
  private _urlId = 0;
  private forced = true;

  constructor(private readonly links: OscLinkService) {}

  /** Sequences to make the pen equal `attr` (empty when it already is). */
  set(attr: AttrData): string {
    const hasExt = (attr.bg & Attr.BG_HAS_EXTENDED) !== 0;
    const ext = hasExt ? rawExt(attr) : 0;
    const urlId = hasExt ? attr.extended.urlId : 0;
    return this.setRaw(attr.fg, attr.bg, ext, urlId);
  }

  setRaw(fg: number, bg: number, ext: number, urlId: number): string {
    let out = '';
    const sgrBg = bg & ~(Attr.BG_PROTECTED | Attr.BG_HAS_EXTENDED);
    const sgrExt = ext & ~0xe0000000;
    if (this.forced || fg !== this.fg || sgrBg !== (this.bg & ~(Attr.BG_PROTECTED | Attr.BG_HAS_EXTENDED)) || sgrExt !== this.ext) {
      out += sgrFor(fg, bg, sgrExt, sgrExt !== 0);
      // SGR 0 clears the protection bit too.
      if (bg & Attr.BG_PROTECTED) out += '\x1b[1"q';
    } else if ((bg & Attr.BG_PROTECTED) !== (this.bg & Attr.BG_PROTECTED)) {
      out += bg & Attr.BG_PROTECTED ? '\x1b[1"q' : '\x1b[0"q';
    }
    if (urlId !== this._urlId) out += oscLink(this.links, urlId);
    this.fg = fg;
    this.bg = bg;
    this.ext = sgrExt;
    this._urlId = urlId;
    this.forced = false;
    return out;
  }

  /** After something outside the writer changed the pen (DECRC): emit the next one in full. */
  invalidate(): void {
    this.forced = true;
  }

  /** The hyperlink currently open in the target terminal (0 = none). */
  get urlId(): number {
    return this._urlId;
  }

  get hasBackground(): boolean {
    return this.forced || (this.bg & Attr.CM_MASK) !== 0;
  }
}
