/** Figures, percentiles and the printed table of `npm run bench`. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export interface Row {
  metric: string;
  trailview: number | null;
  reference: number | null;
  unit: string;
  /** Target for Trailview, e.g. '<= 300'. */
  target?: string;
  /** For "lower is better" metrics the ratio is reference / trailview (how many times faster). */
  better: 'lower' | 'higher';
  /** Shown instead of the reference figure, e.g. '> 180 s (gave up)'. */
  referenceText?: string;
  /** The reference figure is a lower bound (it gave up there): the ratio reads '>'. */
  referenceAtLeast?: boolean;
  /** Shown instead of Trailview's figure when there is none, e.g. 'failed'. */
  trailviewText?: string;
}

const fmt = (v: number | null, unit: string) =>
  v === null || Number.isNaN(v) ? '—' : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;

export function ratio(row: Row): string {
  if (row.trailview === null || row.reference === null || row.trailview <= 0 || row.reference <= 0) return '—';
  const r = row.better === 'lower' ? row.reference / row.trailview : row.trailview / row.reference;
  // "More than 0.4x" says nothing: a lower bound only makes a ratio when Trailview beats it.
  if (row.referenceAtLeast && r < 1) return '—';
  return `${row.referenceAtLeast ? '> ' : ''}${r >= 10 ? r.toFixed(0) : r.toFixed(1)}x`;
}

export function meetsTarget(row: Row): string {
  if (!row.target || row.trailview === null || Number.isNaN(row.trailview)) return '';
  const m = /^(<=|>=)\s*([\d.]+)$/.exec(row.target);
  if (!m) return '';
  const limit = Number(m[2]);
  const ok = m[1] === '<=' ? row.trailview <= limit : row.trailview >= limit;
  return ok ? 'met' : 'MISSED';
}

export function table(rows: Row[], referenceName = 'asciinema-player 3.17'): string {
  const head = ['metric', 'Trailview', referenceName, 'ratio', 'target', ''];
  const cell = (v: number | null, text: string | undefined, unit: string) => (text !== undefined ? text : fmt(v, unit));
  const body = rows.map((r) => [
    r.metric,
    cell(r.trailview, r.trailview === null ? r.trailviewText : undefined, r.unit),
    cell(r.reference, r.referenceText, r.unit),
    ratio(r),
    r.target ? `${r.target} ${r.unit}` : '',
    meetsTarget(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
