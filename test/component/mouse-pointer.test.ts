/**
 * The pointer burned into exported frames: drawn at its place (hotspot applied by the source), clipped
 * to the picture, and when it moves the picture under its old place comes back, on an output that is
 * only ever drawn over (as the exporter's canvas is). Checked on a grid of labelled pixels.
 */
import { describe, expect, it } from 'vitest';
import { clipRect, PointerPainter, type PointerContext, type PointerSprite } from '../../renderer/export/mouse-pointer';

/** An image: a grid of one-letter pixels ('.' transparent). */
class Grid {
  readonly px: string[];
  constructor(
    readonly width: number,
    readonly height: number,
    fill: string,
  ) {
    this.px = Array.from({ length: width * height }, () => fill);
  }
  at(x: number, y: number): string {
    return this.px[y * this.width + x]!;
  }
  rows(): string[] {
    return Array.from({ length: this.height }, (_, y) => this.px.slice(y * this.width, (y + 1) * this.width).join(''));
  }
}

/** The calls the painter makes, on a Grid: fillRect with one-letter colours, 9-argument drawImage of Grids. */
function gridContext(out: Grid): PointerContext & { calls: number } {
  const ctx = {
    fillStyle: '' as string | CanvasGradient | CanvasPattern,
    calls: 0,
    fillRect(x: number, y: number, w: number, h: number) {
      ctx.calls++;
      const colour = ctx.fillStyle === '#000' ? 'k' : String(ctx.fillStyle);
      for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) if (i >= 0 && j >= 0 && i < out.width && j < out.height) out.px[j * out.width + i] = colour;
    },
    drawImage(...a: unknown[]) {
      ctx.calls++;
      if (a.length !== 9) throw new Error('the painter copies exact rectangles');
      const [img, sx, sy, sw, sh, dx, dy, dw, dh] = a as [Grid, number, number, number, number, number, number, number, number];
      expect([dw, dh]).toEqual([sw, sh]);
      expect(sx >= 0 && sy >= 0 && sx + sw <= img.width && sy + sh <= img.height, `source ${sx},${sy} ${sw}x${sh} inside ${img.width}x${img.height}`).toBe(true);
      for (let j = 0; j < sh; j++) {
        for (let i = 0; i < sw; i++) {
          const p = img.at(sx + i, sy + j);
          const x = dx + i;
          const y = dy + j;
          if (p !== '.' && x >= 0 && y >= 0 && x < out.width && y < out.height) out.px[y * out.width + x] = p;
        }
      }
    },
  };
  return ctx as unknown as PointerContext & { calls: number };
}

/** A 10x6 picture of 'p' with one 'q' column, drawn (the exporter's way) on an output with 2 strip rows. */
function setup() {
  const picture = new Grid(10, 6, 'p');
  for (let y = 0; y < 6; y++) picture.px[y * 10 + 7] = 'q';
  const out = new Grid(10, 8, 's');
  const ctx = gridContext(out);
  const repaint = () => {
    for (let i = 0; i < 60; i++) out.px[i] = picture.px[i]!;
  };
  repaint();
  return { picture, out, ctx, repaint, painter: new PointerPainter(ctx, 10, 6) };
}

/** A 3x2 arrow-ish image with a transparent pixel: 'A' 'A' '.' / 'A' 'B' 'A'. */
function arrow(): Grid {
  const g = new Grid(3, 2, 'A');
  g.px[2] = '.';
  g.px[4] = 'B';
  return g;
}

const sprite = (image: Grid, x: number, y: number, imageVersion = 0): PointerSprite => ({ image: image as unknown as CanvasImageSource, x, y, width: image.width, height: image.height, imageVersion });

describe('PointerPainter (the mouse pointer in exported video frames)', () => {
  it('draws the pointer over a repainted picture at its place, transparent pixels showing the picture', () => {
    const { out, painter, picture } = setup();
    expect(painter.draw(picture as never, sprite(arrow(), 2, 1), true)).toBe(true);
    expect(out.rows()).toEqual(['pppppppqpp', 'ppAApppqpp', 'ppABAppqpp', 'pppppppqpp', 'pppppppqpp', 'pppppppqpp', 'ssssssssss', 'ssssssssss']);
  });

  it('a move puts the picture back under the old place (over black) and draws at the new one', () => {
    const { out, painter, picture } = setup();
    painter.draw(picture as never, sprite(arrow(), 2, 1), true);
    expect(painter.draw(picture as never, sprite(arrow(), 6, 3), false)).toBe(true);
    expect(out.rows()).toEqual(['pppppppqpp', 'pppppppqpp', 'pppppppqpp', 'ppppppAApp', 'ppppppABAp', 'pppppppqpp', 'ssssssssss', 'ssssssssss']);
  });

  it('unchanged pointer and picture: nothing is drawn and the frame does not count as changed', () => {
    const { painter, picture, ctx } = setup();
    // The display's cursor layer: one canvas, whatever it shows.
    const image = arrow();
    painter.draw(picture as never, sprite(image, 2, 1), true);
    const calls = ctx.calls;
    expect(painter.draw(picture as never, sprite(image, 2, 1), false)).toBe(false);
    expect(ctx.calls).toBe(calls);
  });

  it('a new image at the same place counts as a change and replaces the old one (no trace of it)', () => {
    const { out, painter, picture } = setup();
    painter.draw(picture as never, sprite(arrow(), 2, 1), true);
    const dot = new Grid(1, 1, 'D');
    expect(painter.draw(picture as never, sprite(dot, 3, 2, 1), false)).toBe(true);
    expect(out.rows().slice(0, 3)).toEqual(['pppppppqpp', 'pppppppqpp', 'pppDpppqpp']);
  });

  it('hidden (null) after shown: the picture comes back; hidden while hidden: no change', () => {
    const { out, painter, picture } = setup();
    painter.draw(picture as never, sprite(arrow(), 2, 1), true);
    expect(painter.draw(picture as never, null, false)).toBe(true);
    expect(out.rows().slice(0, 6).join('')).toBe(picture.rows().join(''));
    expect(painter.draw(picture as never, null, false)).toBe(false);
  });

  it('clipped to the picture: never over the strip below it, never reading outside the image', () => {
    const { out, painter, picture } = setup();
    painter.draw(picture as never, sprite(arrow(), 8, 5), true);
    expect(out.rows().slice(4)).toEqual(['pppppppqpp', 'pppppppqAA', 'ssssssssss', 'ssssssssss']);
    painter.draw(picture as never, sprite(arrow(), -2, -1), false);
    expect(out.rows()).toEqual(['Appppppqpp', 'pppppppqpp', 'pppppppqpp', 'pppppppqpp', 'pppppppqpp', 'pppppppqpp', 'ssssssssss', 'ssssssssss']);
  });

  it('a pointer wholly off the picture draws nothing and a move from there to there is no change', () => {
    const { painter, picture, ctx } = setup();
    const image = arrow();
    expect(painter.draw(picture as never, sprite(image, 20, 20), false)).toBe(false);
    const calls = ctx.calls;
    expect(painter.draw(picture as never, sprite(image, -9, 2), false)).toBe(false);
    expect(ctx.calls).toBe(calls);
  });
});

describe('clipRect', () => {
  it('keeps the part inside, or null', () => {
    expect(clipRect({ x: -2, y: 3, width: 5, height: 5 }, 10, 6)).toEqual({ x: 0, y: 3, width: 3, height: 3 });
    expect(clipRect({ x: 10, y: 0, width: 5, height: 5 }, 10, 6)).toBeNull();
    expect(clipRect({ x: 1, y: 1, width: 0, height: 5 }, 10, 6)).toBeNull();
  });
});
