/**
 * `--format csv` / the dialog's "Commands and transfers (.csv)": the commands and file transfers of the
 * range, one CSV in time order, with a `type` column. Checked against the recording's own command and
 * transfer lists (the core's answers), on a real bash session with a ZMODEM transfer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTimeline } from '../../../main/core/commands/cli-format';
import { REPO_ROOT } from '../core/helpers/corpus';
import { inlineCore, tempDir } from '../core/helpers/temp';

const core = inlineCore();
afterAll(() => core.dispose());

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('commands and transfers as one CSV', () => {
  it('merges both lists in time order with a type column; a column that does not apply is empty', () => {
    const csv = formatTimeline(
      [
        { timeMs: 5000, endMs: 6000, command: 'rz', exitCode: 0, source: 'input' },
        { timeMs: 1000, command: 'echo "a, b"', risk: ['privilege'], context: 'ssh db1', source: 'input' },
      ],
      [{ timeMs: 5500, endMs: 5900, name: 'backup.tgz', direction: 'upload', sizeBytes: 1234, tool: 'zmodem', ok: true }],
    );
    expect(parseCsv(csv)).toEqual([
      ['type', 'timeMs', 'endMs', 'text', 'exitCode', 'risk', 'context', 'direction', 'sizeBytes', 'tool', 'ok'],
      ['command', '1000', '', 'echo "a, b"', '', 'privilege', 'ssh db1', '', '', '', ''],
      ['command', '5000', '6000', 'rz', '0', '', '', '', '', '', ''],
      ['transfer', '5500', '5900', 'backup.tgz', '', '', '', 'upload', '1234', 'zmodem', 'true'],
    ]);
  });

  it('exports the range of a real session: exactly the commands and transfers the core lists there', async () => {
    const source = join(REPO_ROOT, 'test/fixtures/commands/bash-zmodem.cast');
    const summary = await core.whenIndexed((await core.open(source)).id);
    const { commands } = await core.commands(summary.id);
    const { transfers } = await core.transfers(summary.id);
    expect(transfers.length).toBeGreaterThan(0);
    // From just before the first transfer to the end: some commands fall before the range.
    const fromMs = Math.max(0, Math.floor(transfers[0]!.timeMs) - 1);
    const toMs = summary.durationMs;
    const outPath = join(tempDir('tv-csv-'), 'timeline.csv');
    const result = await core.exportClip(summary.id, { fromMs, toMs, format: 'csv', outPath, appVersion: 'test' });
    expect(result.path).toBe(outPath);
    const rows = parseCsv(readFileSync(outPath, 'utf8'));
    const inRange = <T extends { timeMs: number }>(list: T[]) => list.filter((e) => e.timeMs >= fromMs && e.timeMs <= toMs);
    const body = rows.slice(1);
    expect(body.filter((r) => r[0] === 'command').map((r) => r[3])).toEqual(inRange(commands).map((c) => c.command));
    expect(body.filter((r) => r[0] === 'transfer').map((r) => r[3])).toEqual(inRange(transfers).map((t) => t.name));
    expect(inRange(commands).length).toBeLessThan(commands.length);
    const times = body.map((r) => Number(r[1]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
