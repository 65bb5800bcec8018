import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLogFile } from '../../../main/core/commands/read-log';
import { createLogStore } from '../../../main/host/log-store';

const temps: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tv-attach-'));
  temps.push(d);
  return d;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const START = 1_760_000_000_000;

// Row 2's output spans three lines, so "line" and "row" differ from there on: the header is line 1, row 1
// is line 2, row 2 starts on line 3 and ends on line 5, row 3 is line 6, row 4 is line 7.
const COMMANDS_CSV = [
  'input,output,risk_level,timestamp,session',
  'pwd,/root,0,1760000006,s1',
  'cat notes,"alpha\nbeta\ngamma",0,1760000008,s1',
  'sudo cat /etc/shadow,,5,1760000020,s1',
  'whoami,root,0,1760099999,s1',
  '',
].join('\r\n');

function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('readLogFile', () => {
  it('tells a command record from an FTP log by content, not by name', async () => {
    const dir = temp();
    const cmds = await readLogFile(write(dir, 'export.txt', COMMANDS_CSV), 'export.txt');
    expect(cmds.kind).toBe('commands');
    expect(cmds.rows).toBe(4);
    expect(cmds.commands[1]).toMatchObject({ input: 'cat notes', output: 'alpha\nbeta\ngamma', epochMs: 1_760_000_008_000 });
    expect(cmds.sha256).toBe(sha(COMMANDS_CSV));

    const ftpJson = JSON.stringify({ count: 2, results: [
      { id: 1, operate: 'Upload', filename: '/tmp/a.sql', is_success: true, date_start: '2025-10-09 08:53:40 +0800', session: 's1' },
      { id: 2, operate: 'Download', filename: '/tmp/b.txt', is_success: false, date_start: '2025-10-09 08:54:00 +0800', session: 's1' },
    ] });
    const ftp = await readLogFile(write(dir, 'commands.csv', ftpJson), 'commands.csv');
    expect(ftp.kind).toBe('transfers');
    expect(ftp.transfers.map((t) => [t.filename, t.ok, t.epochMs])).toEqual([
      ['/tmp/a.sql', true, Date.UTC(2025, 9, 9, 0, 53, 40)],
      ['/tmp/b.txt', false, Date.UTC(2025, 9, 9, 0, 54, 0)],
    ]);
    const ftpCsv = await readLogFile(write(dir, 'ftp.csv', '\ufeff操作,文件名,成功,开始日期\nUpload,x.bin,是,2025-10-09 08:53:40\n'), 'ftp.csv');
    expect(ftpCsv).toMatchObject({ kind: 'transfers', rows: 1 });
  });

  it('reads a log bigger than one chunk the same as the rows it holds', async () => {
    const dir = temp();
    const rows = Array.from({ length: 3000 }, (_, i) => `"echo ${'x'.repeat(40)} ${i}","out ""${i}""",0,${1760000000 + i},s1`);
    const text = ['input,output,risk_level,timestamp,session', ...rows].join('\n');
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    const log = await readLogFile(write(dir, 'big.csv', text), 'big.csv');
    expect(log.rows).toBe(3000);
    expect(log.commands[2999]).toMatchObject({ input: `echo ${'x'.repeat(40)} 2999`, output: 'out "2999"', epochMs: (1760000000 + 2999) * 1000 });
  });

  it('names the file, line and field of a bad row', async () => {
    const dir = temp();
    const bad = COMMANDS_CSV.replace('1760000020', 'yesterday');
    const p = write(dir, 'commands.csv', bad);
    await expect(readLogFile(p, 'commands.csv')).rejects.toMatchObject({ code: 'CORRUPT', line: 6, message: 'commands.csv line 6: "timestamp" "yesterday" is not a date' });
    const json = write(dir, 'ftp.json', '[\n{"operate":"Upload","filename":"a","date_start":"2025-10-09 08:00:00"},\n{"operate":"Upload","filename":"b","date_start":"later"}\n]');
    await expect(readLogFile(json, 'ftp.json')).rejects.toMatchObject({ code: 'CORRUPT', message: 'ftp.json row 2: "date_start" "later" is not a date' });
    const broken = write(dir, 'broken.json', '[\n{"input": "ls",\n "timestamp": }\n]');
    // V8 names no position for this kind of JSON error; the file and the parser's own words still come out.
    await expect(readLogFile(broken, 'broken.json')).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/^broken\.json: not valid JSON \(Unexpected token/) });
  });

  it('refuses files that are not log exports, empty or too big', async () => {
    const dir = temp();
    await expect(readLogFile(write(dir, 'people.csv', 'name,age\nann,3\n'), 'people.csv')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringMatching(/^people\.csv line 1: the columns \(name, age\)/) });
    await expect(readLogFile(write(dir, 'meta.json', '{"id":"x","version":2}'), 'meta.json')).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    await expect(readLogFile(write(dir, 'empty.csv', ''), 'empty.csv')).rejects.toMatchObject({ code: 'EMPTY_FILE' });
    await expect(readLogFile(write(dir, 'big.csv', COMMANDS_CSV), 'big.csv', { maxBytes: 100 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(readLogFile(join(dir, 'missing.csv'), 'missing.csv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('log store', () => {
  const recording = 'a'.repeat(64);
  const clock = { startEpochMs: START, durationMs: 30_000 };

  it('keeps a copy per log hash and a list per recording hash, and finds them again after a restart', async () => {
    const dir = temp();
    const original = write(dir, 'commands.csv', COMMANDS_CSV);
    const before = statSync(original);
    const store = createLogStore({ dir: join(dir, 'logs'), now: () => 42 });
    const { log, attached } = await store.attach(recording, clock, { path: original, fileName: 'commands.csv', originalPath: original });
    // Three rows fall in the 30 s recording (+ a minute of slack); the fourth is a day later.
    expect({ attached, log }).toEqual({ attached: true, log: { logId: sha(COMMANDS_CSV), fileName: 'commands.csv', kind: 'commands', rows: 4, matched: 3, attachedAtEpochMs: 42 } });
    // The original is evidence: same bytes, same modification time.
    expect(readFileSync(original, 'utf8')).toBe(COMMANDS_CSV);
    expect(statSync(original).mtimeMs).toBe(before.mtimeMs);
    expect(readdirSync(join(dir, 'logs', 'files'))).toEqual([`${sha(COMMANDS_CSV)}.csv`]);
    expect(readFileSync(join(dir, 'logs', 'files', `${sha(COMMANDS_CSV)}.csv`), 'utf8')).toBe(COMMANDS_CSV);
    const index = JSON.parse(readFileSync(join(dir, 'logs', `${recording}.json`), 'utf8'));
    expect(index.logs).toHaveLength(1);
    expect(index.logs[0].originalPath).toBe(original);

    // A new store (the app started again), the original gone: the rows come from the copy.
    rmSync(original);
    const again = createLogStore({ dir: join(dir, 'logs') });
    expect(again.list(recording)).toEqual([log]);
    const rows = await again.rows(recording);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.commands.map((c) => c.input)).toEqual(['pwd', 'cat notes', 'sudo cat /etc/shadow', 'whoami']);
    // Attaching the same content again does not list it twice.
    copyFileSync(join(dir, 'logs', 'files', `${sha(COMMANDS_CSV)}.csv`), join(dir, 'copy.csv'));
    await again.attach(recording, clock, { path: join(dir, 'copy.csv'), fileName: 'copy.csv' });
    expect(again.list(recording).map((l) => l.fileName)).toEqual(['copy.csv']);
    expect(again.detach(recording, log.logId)).toBe(true);
    expect(again.detach(recording, log.logId)).toBe(false);
    expect(await again.rows(recording)).toEqual([]);
  });

  it('leaves a copy that changed out, and attaches nothing when asked only for a match that is not there', async () => {
    const dir = temp();
    const store = createLogStore({ dir: join(dir, 'logs') });
    const p = write(dir, 'commands.csv', COMMANDS_CSV);
    const far = { startEpochMs: START + 86_400_000 * 30, durationMs: 30_000 };
    expect(await store.attach(recording, far, { path: p, fileName: 'commands.csv' }, { onlyIfMatching: true })).toMatchObject({ attached: false, log: { matched: 0, rows: 4 } });
    expect(store.list(recording)).toEqual([]);
    await store.attach(recording, clock, { path: p, fileName: 'commands.csv' });
    writeFileSync(join(dir, 'logs', 'files', `${sha(COMMANDS_CSV)}.csv`), COMMANDS_CSV.replace('pwd', 'rm -rf /'));
    expect(await createLogStore({ dir: join(dir, 'logs') }).rows(recording)).toEqual([]);
  });
});
