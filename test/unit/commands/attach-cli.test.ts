/** `trailview commands FILE --log LOG` through the built CLI (npm run build first; skipped without it). */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'out/main/cli.js');
const skip = existsSync(CLI) ? null : `CLI --log tests skipped: ${CLI} is missing (run npm run build)`;
if (skip) console.warn(skip);
const dir = mkdtempSync(join(tmpdir(), 'tv-attach-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args, '--data-dir', join(dir, 'data')], { encoding: 'utf8' });

describe.skipIf(skip !== null)('trailview commands --log', () => {
  it('merges the log rows that fall in the recording, and names a bad row', () => {
    copyFileSync(join(ROOT, 'test/fixtures/commands/bash-editing.cast'), join(dir, 's.cast'));
    writeFileSync(join(dir, 'c.csv'), 'input,output,risk_level,timestamp,session\nsudo cat /etc/shadow,,5,1760000020,s\nuptime,,0,1760090000,s\n');
    const plain = JSON.parse(run(['commands', join(dir, 's.cast'), '--json']).stdout) as { command: string }[];
    const merged = run(['commands', join(dir, 's.cast'), '--json', '--log', join(dir, 'c.csv')]);
    expect(merged.status).toBe(0);
    const rows = JSON.parse(merged.stdout) as { timeMs: number; command: string; risk?: string[] }[];
    expect(rows).toHaveLength(plain.length + 1);
    expect(rows.find((r) => r.command === 'sudo cat /etc/shadow')).toEqual({ timeMs: 20_000, command: 'sudo cat /etc/shadow', risk: ['log-flagged', 'privilege', 'credentials'] });

    writeFileSync(join(dir, 'bad.csv'), 'input,timestamp\nls,1760000001\nls,yesterday\n');
    const bad = run(['commands', join(dir, 's.cast'), '--log', join(dir, 'bad.csv')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bad.csv line 3: "timestamp" "yesterday" is not a date');
  });
});
