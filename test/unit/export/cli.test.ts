/**
 * The BUILT command line's export and verify: exit codes, what is written, a tampered bundle named.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'out/main/cli.js');
const SOURCE = resolve(ROOT, '../shared/corpus/guacamole/guacd160-ssh-keys.guac');
const skipWhy = !existsSync(CLI) ? `export CLI tests skipped: ${CLI} is missing (run npm run build)` : !existsSync(SOURCE) ? `export CLI tests skipped: ${SOURCE} is missing` : null;
if (skipWhy) console.warn(skipWhy);

describe.skipIf(skipWhy !== null)('trailview export / verify (built CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'tv-export-cli-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const source = join(work, 'session.guac');
  copyFileSync(SOURCE, source);
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, TRAILVIEW_DATA_DIR: join(work, 'data') }, timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('exports a Guacamole clip and a bundle, verifies the bundle, and fails naming a changed member', async () => {
    const clip = run(['export', source, '--from', '2000', '--to', '6000', '-o', join(work, 'clip.guac')]);
    expect(clip.code, clip.err).toBe(0);
    expect(readFileSync(join(work, 'clip.guac'), 'utf8')).toMatch(/4\.sync,1\.0;/);

    const bundle = run(['export', source, '--from', '2000', '--to', '6000', '-o', join(work, 'evidence.zip'), '--notes', 'case 12']);
    expect(bundle.code, bundle.err).toBe(0);
    expect(bundle.out).toMatch(/evidence\.zip: bundle, \d+ bytes, SHA-256 [0-9a-f]{64}/);
    const ok = run(['verify', join(work, 'evidence.zip')]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('OK        clip.guac');

    const zip = await JSZip.loadAsync(readFileSync(join(work, 'evidence.zip')));
    const text = await zip.file('transcript.txt')!.async('string');
    zip.file('transcript.txt', text.replace('session.guac', 'other.guac'));
    writeFileSync(join(work, 'tampered.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
    const bad = run(['verify', join(work, 'tampered.zip')]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^CHANGED\s+transcript\.txt: /m);
    expect(bad.err).toMatch(/NOT verified: transcript\.txt changed/);

    // `info` on a bundle plays its clip and says whether it verified.
    const infoOk = run(['info', join(work, 'evidence.zip')]);
    expect(infoOk.code, infoOk.err).toBe(0);
    expect(infoOk.out).toMatch(/^evidence bundle: verified, \d+ files match its manifest$/m);
    const infoBad = run(['info', join(work, 'tampered.zip')]);
    expect(infoBad.out).toMatch(/^evidence bundle: CHANGED transcript\.txt: /m);
  });

  it('OUT ending in .csv writes the typed lines of the range as one CSV of commands and transfers', () => {
    const r = run(['export', source, '--from', '0', '--to', '999999', '-o', join(work, 'typed.csv')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/typed\.csv: csv, \d+ bytes, SHA-256 [0-9a-f]{64}/);
    const lines = readFileSync(join(work, 'typed.csv'), 'utf8').split('\r\n');
    expect(lines[0]).toBe('type,timeMs,endMs,text,exitCode,risk,context,direction,sizeBytes,tool,ok');
    // The same commands `trailview commands --csv` lists, each as a row of type command.
    const listed = run(['commands', source, '--csv']).out.split('\r\n').slice(1).filter(Boolean);
    expect(lines.slice(1).filter((l) => l.startsWith('command,'))).toHaveLength(listed.length);
    expect(listed.length).toBeGreaterThan(0);
  });

  it('usage errors exit 2; a range outside the recording exits 1 and writes nothing', () => {
    for (const args of [['export', source, '--to', '10', '-o', 'x.cast'], ['export', source, '--from', '5', '--to', '1', '-o', 'x.cast'], ['export', source, '--from', '0', '--to', '1'], ['export', source, '--from', '0', '--to', '1', '-o', 'x', '--format', 'gif'], ['export', source, '--from', '0', '--to', '1', '-o', 'x.guac', '--caption'], ['verify']]) {
      expect(run(args).code, args.join(' ')).toBe(2);
    }
    const out = join(work, 'late.guac');
    const late = run(['export', source, '--from', '999999', '--to', '1000000', '-o', out]);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/^trailview: .*session\.guac: .*empty/);
    expect(existsSync(out)).toBe(false);
  });
});
