import { describe, expect, it } from 'vitest';
import { CsvReader } from '../../../shared/formats/command-log/csv';
import { JumpServerCsvLog, parseJumpServerJson, parseLogTime } from '../../../shared/formats/command-log/jumpserver-logs';
import { mergeCommandLog, mergeTransferLog } from '../../../main/core/commands/merge';
import type { CommandEntry } from '../../../shared/model';

const CSV = '\ufeffinput,output,risk_level,timestamp,session\r\n"ls -la","total 8\r\ndrwx",0,1760000012,sid-1\r\n"rm -rf ""/tmp/x""",,5,1760000030,sid-1\r\nwhoami,root,0,1760000040,sid-2\r\n';

function readCsv(text: string, step: number): string[][] {
  const rows: string[][] = [];
  const r = new CsvReader((f) => rows.push(f));
  for (let i = 0; i < text.length; i += step) r.push(text.slice(i, i + step));
  r.end();
  return rows;
}

describe('JumpServer log exports', () => {
  it('reads CSV the same whatever the chunking (quotes, CRLF inside quotes, BOM)', () => {
    const whole = readCsv(CSV, CSV.length);
    expect(whole[1]).toEqual(['ls -la', 'total 8\r\ndrwx', '0', '1760000012', 'sid-1']);
    expect(whole[2]![0]).toBe('rm -rf "/tmp/x"');
    for (const step of [1, 2, 3, 5, 11]) expect(readCsv(CSV, step)).toEqual(whole);
  });

  it('parses a command-record export', () => {
    const log = new JumpServerCsvLog();
    log.push(CSV);
    const parsed = log.end();
    expect(parsed.kind).toBe('commands');
    expect(parsed.commands.map((c) => [c.input, c.epochMs, c.riskLevel, c.session])).toEqual([
      ['ls -la', 1760000012000, 0, 'sid-1'],
      ['rm -rf "/tmp/x"', 1760000030000, 5, 'sid-1'],
      ['whoami', 1760000040000, 0, 'sid-2'],
    ]);
  });

  it('parses an FTP-log JSON export and its dates', () => {
    const parsed = parseJumpServerJson({ results: [{ operate: 'Upload', filename: '/tmp/a.sql', is_success: true, date_start: '2025-10-09 08:53:40 +0800', session: 'sid-1' }, { nope: 1 }] });
    expect(parsed.kind).toBe('transfers');
    expect(parsed.transfers).toEqual([{ epochMs: Date.UTC(2025, 9, 9, 0, 53, 40), operate: 'Upload', filename: '/tmp/a.sql', ok: true, session: 'sid-1' }]);
    expect(parsed.problems[0]!.message).toMatch(/row 2/);
    expect(parseLogTime('2025-10-09T00:53:40Z')).toBe(Date.UTC(2025, 9, 9, 0, 53, 40));
    expect(parseLogTime('soon')).toBeUndefined();
  });

  it('merges by session id and wall-clock time: matches enrich, the rest are added', () => {
    const log = new JumpServerCsvLog();
    log.push(CSV);
    const derived: CommandEntry[] = [{ timeMs: 12_500, command: 'ls -la', source: 'screen' }];
    const clock = { sessionId: 'sid-1', startEpochMs: 1760000000000, durationMs: 60_000 };
    const merged = mergeCommandLog(derived, log.end().commands, clock);
    expect(merged.map((c) => [c.timeMs, c.command, c.source, c.risk])).toEqual([
      [12_500, 'ls -la', 'screen', undefined],
      [30_000, 'rm -rf "/tmp/x"', 'log', ['log-flagged']],
    ]);
    // Without a session id on our side, the time span decides (whoami at 40 s belongs then).
    expect(mergeCommandLog([], log.end().commands, { startEpochMs: 1760000000000, durationMs: 60_000 })).toHaveLength(3);
    expect(mergeCommandLog([], log.end().commands, { startEpochMs: 1760000000000 + 3_600_000, durationMs: 60_000 })).toHaveLength(0);
  });

  it('merges FTP-log transfers with the ones seen in the recording', () => {
    const start = Date.UTC(2025, 9, 9, 0, 53, 0);
    const rows = [
      { epochMs: start + 40_000, operate: 'Upload', filename: '/tmp/a.sql', ok: false, session: 'sid-1' },
      { epochMs: start + 50_000, operate: 'Download', filename: 'b.txt', ok: true, session: 'sid-1' },
      { epochMs: start + 55_000, operate: 'Delete', filename: 'c.txt', ok: true, session: 'sid-1' },
    ];
    const merged = mergeTransferLog([{ timeMs: 39_000, name: 'a.sql', tool: 'zmodem', direction: 'upload' }], rows, { sessionId: 'sid-1', startEpochMs: start, durationMs: 60_000 });
    expect(merged).toEqual([
      { timeMs: 39_000, name: 'a.sql', tool: 'zmodem', direction: 'upload', ok: false },
      { timeMs: 50_000, name: 'b.txt', tool: 'log', direction: 'download', ok: true },
    ]);
  });
});
