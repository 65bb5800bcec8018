/**
 * Canvas paths (rect, moveTo, lineTo, arc, bezierCurveTo, closePath) in device coordinates, and their
 * rasterisation into spans. Pixels are covered when their centre is inside (non-zero winding): exact for
 * what guacd draws (integer, axis-aligned rectangles, where Chromium's anti-aliasing covers whole pixels),
 * an approximation for slanted or fractional edges, curves and strokes (Skia anti-aliases those).
 */
export type Matrix = [number, number, number, number, number, number];
export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

interface Subpath {
  /** x, y pairs in device pixels. */
  points: number[];
  closed: boolean;
}

const CURVE_STEPS = 16;

export class Path {
  subpaths: Subpath[] = [];

  clear(): void {
    this.subpaths = [];
  }

  get isEmpty(): boolean {
    return this.subpaths.every((s) => s.points.length < 4);
  }

  moveTo(m: Matrix, x: number, y: number): void {
    this.subpaths.push({ points: apply(m, x, y), closed: false });
  }

  lineTo(m: Matrix, x: number, y: number): void {
    const cur = this.subpaths[this.subpaths.length - 1];
    if (!cur) this.moveTo(m, x, y);
    else cur.points.push(...apply(m, x, y));
  }

  rect(m: Matrix, x: number, y: number, w: number, h: number): void {
    this.subpaths.push({ points: [...apply(m, x, y), ...apply(m, x + w, y), ...apply(m, x + w, y + h), ...apply(m, x, y + h)], closed: true });
    this.moveTo(m, x, y);
  }

  closePath(): void {
    const cur = this.subpaths[this.subpaths.length - 1];
    if (!cur || cur.closed) return;
    cur.closed = true;
    this.subpaths.push({ points: cur.points.slice(0, 2), closed: false });
  }

  arc(m: Matrix, cx: number, cy: number, r: number, start: number, end: number, anticlockwise: boolean): void {
    let sweep = end - start;
    const full = 2 * Math.PI;
    if (!anticlockwise && sweep >= full) sweep = full;
    else if (anticlockwise && -sweep >= full) sweep = -full;
    else {
      sweep %= full;
      if (!anticlockwise && sweep < 0) sweep += full;
      if (anticlockwise && sweep > 0) sweep -= full;
    }
    const steps = Math.max(4, Math.ceil((Math.abs(sweep) / full) * 64));
    for (let i = 0; i <= steps; i++) {
      const t = start + (sweep * i) / steps;
      const px = cx + r * Math.cos(t);
      const py = cy + r * Math.sin(t);
      if (i === 0 && !this.subpaths.length) this.moveTo(m, px, py);
      else this.lineTo(m, px, py);
    }
  }

  bezierCurveTo(m: Matrix, c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number, inverse: Matrix): void {
    if (!this.subpaths.length) this.moveTo(m, c1x, c1y);
    const cur = this.subpaths[this.subpaths.length - 1]!;
    // The start point is in device space; bring it back to user space to interpolate with the controls.
    const [sx, sy] = apply(inverse, cur.points[cur.points.length - 2]!, cur.points[cur.points.length - 1]!) as [number, number];
    for (let i = 1; i <= CURVE_STEPS; i++) {
      const t = i / CURVE_STEPS;
      const u = 1 - t;
      const px = u * u * u * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x;
      const py = u * u * u * sy + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y;
      cur.points.push(...apply(m, px, py));
    }
  }

  /**
   * The path as one integer, axis-aligned rectangle [x, y, w, h] (what guacd's rect + cfill make), else
   * null. The subpath `rect` leaves open after itself (a single point) does not count.
   */
  singleRect(): [number, number, number, number] | null {
    const subpaths = this.subpaths.filter((sp) => sp.points.length > 2);
    if (subpaths.length !== 1 || !subpaths[0]!.closed) return null;
    const p = subpaths[0]!.points;
    if (p.length !== 8 || !p.every(Number.isInteger)) return null;
    const [x0, y0, x1, y1, x2, y2, x3, y3] = p as [number, number, number, number, number, number, number, number];
    if (!(y0 === y1 && x1 === x2 && y2 === y3 && x3 === x0)) return null;
    return [Math.min(x0, x1), Math.min(y0, y2), Math.abs(x1 - x0), Math.abs(y2 - y0)];
  }

  /** Polygons to fill: every subpath closed implicitly. */
  polygons(): number[][] {
    return this.subpaths.filter((s) => s.points.length >= 6).map((s) => s.points);
  }

  /** Outline polygons of a stroke (each segment a quad, square/round caps and joins as extra quads/discs). */
  strokePolygons(width: number, cap: string, join: string): number[][] {
    const half = width / 2;
    const out: number[][] = [];
    for (const s of this.subpaths) {
      const p = s.points;
      const n = p.length / 2;
      const segments = s.closed ? n : n - 1;
      for (let i = 0; i < segments; i++) {
        const x0 = p[2 * i]!;
        const y0 = p[2 * i + 1]!;
        const x1 = p[(2 * i + 2) % p.length]!;
        const y1 = p[(2 * i + 3) % p.length]!;
        const len = Math.hypot(x1 - x0, y1 - y0);
        if (len === 0) continue;
        const nx = (-(y1 - y0) / len) * half;
        const ny = ((x1 - x0) / len) * half;
        const ext = !s.closed && cap === 'square' ? half / len : 0;
        const ex0 = i === 0 ? ext : 0;
        const ex1 = i === segments - 1 ? ext : 0;
        const ax = x0 - (x1 - x0) * ex0;
        const ay = y0 - (y1 - y0) * ex0;
        const bx = x1 + (x1 - x0) * ex1;
        const by = y1 + (y1 - y0) * ex1;
        out.push(oriented([ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny]));
      }
      // Joins and round caps: a disc at each vertex covers bevel, miter (approximately) and round alike.
      if (join !== 'bevel' || cap === 'round') {
        for (let i = 0; i < n; i++) {
          const atEnd = !s.closed && (i === 0 || i === n - 1);
          if (atEnd ? cap !== 'round' : join === 'bevel') continue;
          out.push(disc(p[2 * i]!, p[2 * i + 1]!, half));
        }
      }
    }
    return out;
  }
}

export function apply(m: Matrix, x: number, y: number): number[] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export function multiply(m: Matrix, a: number, b: number, c: number, d: number, e: number, f: number): Matrix {
  return [m[0] * a + m[2] * b, m[1] * a + m[3] * b, m[0] * c + m[2] * d, m[1] * c + m[3] * d, m[0] * e + m[2] * f + m[4], m[1] * e + m[3] * f + m[5]];
}

export function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  if (det === 0) return [...IDENTITY];
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}

function oriented(poly: number[]): number[] {
  let area = 0;
  for (let i = 0; i < poly.length; i += 2) {
    const j = (i + 2) % poly.length;
    area += poly[i]! * poly[j + 1]! - poly[j]! * poly[i + 1]!;
  }
  if (area >= 0) return poly;
  const out: number[] = [];
  for (let i = poly.length - 2; i >= 0; i -= 2) out.push(poly[i]!, poly[i + 1]!);
  return out;
}

function disc(cx: number, cy: number, r: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 24; i++) out.push(cx + r * Math.cos((i * Math.PI) / 12), cy + r * Math.sin((i * Math.PI) / 12));
  return out;
}

/**
 * Spans [y, x0, x1) covered by the polygons (non-zero winding, pixel centres), clipped to width x height.
 * Returns a flat array of triples.
 */
export function rasterize(polygons: number[][], width: number, height: number): Int32Array {
  interface Edge {
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    dir: number;
  }
  const edges: Edge[] = [];
  let minY = Infinity;
  let maxY = -Infinity;
  for (const poly of polygons) {
    for (let i = 0; i < poly.length; i += 2) {
      const j = (i + 2) % poly.length;
      const ax = poly[i]!;
      const ay = poly[i + 1]!;
      const bx = poly[j]!;
      const by = poly[j + 1]!;
      if (ay === by || !Number.isFinite(ax + ay + bx + by)) continue;
      const e = ay < by ? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1 } : { x0: bx, y0: by, x1: ax, y1: ay, dir: -1 };
      edges.push(e);
      minY = Math.min(minY, e.y0);
      maxY = Math.max(maxY, e.y1);
    }
  }
  const spans: number[] = [];
  if (!edges.length) return new Int32Array(0);
  const yStart = Math.max(0, Math.ceil(minY - 0.5));
  const yEnd = Math.min(height, Math.ceil(maxY - 0.5));
  edges.sort((a, b) => a.y0 - b.y0);
  let next = 0;
  let active: Edge[] = [];
  const crossings: { x: number; dir: number }[] = [];
  for (let y = yStart; y < yEnd; y++) {
    const yc = y + 0.5;
    while (next < edges.length && edges[next]!.y0 <= yc) active.push(edges[next++]!);
    active = active.filter((e) => e.y1 > yc);
    crossings.length = 0;
    for (const e of active) {
      if (e.y0 > yc) continue;
      crossings.push({ x: e.x0 + ((yc - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
    }
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let k = 0; k < crossings.length - 1; k++) {
      winding += crossings[k]!.dir;
      if (winding === 0) continue;
      const x0 = Math.max(0, Math.ceil(crossings[k]!.x - 0.5));
      const x1 = Math.min(width, Math.ceil(crossings[k + 1]!.x - 0.5));
      if (x1 > x0) {
        const last = spans.length - 3;
        if (last >= 0 && spans[last] === y && spans[last + 2] === x0) spans[last + 2] = x1;
        else spans.push(y, x0, x1);
      }
    }
  }
  return Int32Array.from(spans);
}
