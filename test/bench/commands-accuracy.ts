/**
 * Accuracy of the command and transfer timelines on the labelled set (test/fixtures/commands: recordings
 * made with real shells by recorder.py, synthetic prompts, and the corpus with hand-written truth).
 * Every recording goes through the real core (inline worker): open, index, commands(), transfers().
 * Prints precision and recall per source group and overall; `npm run bench -- --only commands`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore } from '../../main/core/core';
import { add, EMPTY, precision, recall, score, type Score, type TrueCommand, type TrueTransfer } from './commands-score';

interface Truth {
  file: string;
  /** For corpus truth: the recording's path relative to the repo root. */
  corpus?: string;
  source: string;
  synthetic?: boolean;
  commands: TrueCommand[];
  transfers: TrueTransfer[];
}

export interface AccuracyResult {
  groups: { group: string; files: number; commands: Score; transfers: Score }[];
  overall: { commands: Score; transfers: Score };
}

function groupOf(t: Truth): string {
  if (t.corpus) return t.corpus.includes('guacamole') ? 'corpus guacamole (keys)' : 'corpus asciicast';
  const kind = t.synthetic ? 'synthetic' : 'real';
  return `${kind} ${t.source === 'screen' ? 'output only (screen)' : t.source === 'marks' ? 'marks' : 'keys (input)'}`;
}

export async function measureCommandAccuracy(root: string, log: (s: string) => void = () => undefined): Promise<AccuracyResult> {
  const dir = join(root, 'test/fixtures/commands');
  const truths: Truth[] = [];
  for (const sub of ['', 'corpus']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.truth.json')) truths.push(JSON.parse(readFileSync(join(d, f), 'utf8')) as Truth);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tv-cmd-acc-'));
  const core = createCore({ dataDir, worker: 'inline' });
  const groups = new Map<string, { files: number; commands: Score; transfers: Score }>();
  try {
    for (const t of truths) {
      const path = t.corpus ? resolve(root, t.corpus) : join(dir, t.file);
      if (!existsSync(path)) {
        log(`skip ${t.file}: ${path} is absent`);
        continue;
      }
      const opened = await core.open(path);
      await core.whenIndexed(opened.id);
      const { commands } = await core.commands(opened.id);
      const { transfers } = await core.transfers(opened.id);
      await core.close(opened.id);
      const c = score(t.commands, commands, (x) => x.command, (x) => x.command);
      const x = score(t.transfers, transfers, (y) => y.name, (y) => y.name);
      const g = groupOf(t);
      const prev = groups.get(g) ?? { files: 0, commands: EMPTY, transfers: EMPTY };
      groups.set(g, { files: prev.files + 1, commands: add(prev.commands, c), transfers: add(prev.transfers, x) });
      for (const m of c.missed) log(`${t.file}: missed command ${m}`);
      for (const m of c.extra) log(`${t.file}: extra command ${m}`);
      for (const m of x.missed) log(`${t.file}: missed transfer ${m}`);
      for (const m of x.extra) log(`${t.file}: extra transfer ${m}`);
    }
  } finally {
    await core.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const list = [...groups.entries()].map(([group, v]) => ({ group, ...v }));
  return {
    groups: list,
    overall: { commands: list.reduce((a, g) => add(a, g.commands), EMPTY), transfers: list.reduce((a, g) => add(a, g.transfers), EMPTY) },
  };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function accuracyTable(r: AccuracyResult): string {
  const rows = [...r.groups.map((g) => ({ ...g })), { group: 'OVERALL', files: r.groups.reduce((a, g) => a + g.files, 0), ...r.overall }];
  const head = ['source', 'files', 'commands P', 'commands R', '(matched/true/found)', 'transfers P', 'transfers R', '(matched/true/found)', 'target >= 95%'];
  const body = rows.map((g) => {
    const figures = [precision(g.commands), recall(g.commands), precision(g.transfers), recall(g.transfers)];
    return [
      g.group,
      String(g.files),
      pct(figures[0]!),
      pct(figures[1]!),
      `${g.commands.matched}/${g.commands.truth}/${g.commands.found}`,
      pct(figures[2]!),
      pct(figures[3]!),
      `${g.transfers.matched}/${g.transfers.truth}/${g.transfers.found}`,
      figures.every((f) => f >= 0.95) ? 'met' : 'MISSED',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export async function runCommandsBench(root: string, verbose = true): Promise<AccuracyResult> {
  const result = await measureCommandAccuracy(root, verbose ? (s) => console.log(`  ${s}`) : undefined);
  console.log('\nCommand and transfer timelines: precision/recall (exact text, start within 2 s)\n');
  console.log(accuracyTable(result));
  return result;
}
