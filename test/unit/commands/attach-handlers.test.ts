/**
 * attachLog, logs, detachLog and risk rules from settings, through the host's handler table and the real
 * (inline) core on a recorded bash session (bash-editing.cast: asciicast timestamp 1760000000, so wall
 * clock = 1760000000000 + timeMs; its true commands are in bash-editing.truth.json).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../../shared/api';
import { DEFAULT_RISK_RULES } from '../../../shared/risk-rules';
import type { CommandEntry } from '../../../shared/model';
import { createCore } from '../../../main/core/core';
import type { Core } from '../../../main/core/types';
import { dispatch } from '../../../main/host/dispatch';
import { createHandlers } from '../../../main/host/handlers';
import { createBookmarkStore } from '../../../main/host/bookmark-store';
import { createLogStore } from '../../../main/host/log-store';
import { createRecentStore, jsonFileBackend } from '../../../main/host/recent-store';
import { DisplayNames } from '../../../main/host/display-names';

const root = join(import.meta.dirname, '../../..');
const truth = JSON.parse(readFileSync(join(root, 'test/fixtures/commands/bash-editing.truth.json'), 'utf8')) as { commands: { timeMs: number; command: string }[] };
const at = (command: string) => truth.commands.find((c) => c.command === command)!.timeMs;

let dir = '';
let core: Core;
let handlers: ReturnType<typeof createHandlers>;
let id = '';
const summaries: Events['summary'][] = [];
const call = async (method: string, req: unknown) => dispatch(handlers, method, req);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tv-attach-h-'));
  copyFileSync(join(root, 'test/fixtures/commands/bash-editing.cast'), join(dir, 'session.cast'));
  core = createCore({ dataDir: join(dir, 'data'), worker: 'inline' });
  handlers = createHandlers(core, {
    mode: 'web',
    version: '0.0.0-test',
    names: new DisplayNames(),
    recent: createRecentStore(jsonFileBackend(join(dir, 'recent.json'))),
    bookmarks: createBookmarkStore(join(dir, 'bookmarks')),
    logs: createLogStore({ dir: join(dir, 'data', 'logs') }),
    emit: (event, payload) => {
      if (event === 'summary') summaries.push(payload as Events['summary']);
    },
  });
  const opened = await call('open', { source: { kind: 'path', path: join(dir, 'session.cast') } });
  if (!opened.ok) throw new Error(opened.error.message);
  id = (opened.value as { id: string }).id;
  await core.whenIndexed(id);
});
afterAll(async () => {
  await core.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const commands = async (): Promise<CommandEntry[]> => {
  const r = await call('commands', { id });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { commands: CommandEntry[] }).commands;
};

describe('attached logs through the handlers', () => {
  it('merges a command-record export: a logged command the recording shows is enriched, the others are added', async () => {
    const before = await commands();
    expect(before.map((c) => c.command)).toEqual(truth.commands.map((c) => c.command));
    // "pwd" as the log saw it 0.4 s from where the recording shows it (two clocks), flagged by the server;
    // a command the recording never shows; one from another day.
    const pwdEpoch = 1_760_000_000_000 + at('pwd') - 400;
    const csv = `input,output,risk_level,timestamp,session\npwd,/home/ops,5,${pwdEpoch / 1000},sid-9\nsudo cat /etc/shadow,,0,1760000020,sid-9\nls,,0,1760090000,sid-9\n`;
    writeFileSync(join(dir, 'commands.csv'), csv);
    const r = await call('attachLog', { id, source: { kind: 'path', path: join(dir, 'commands.csv') } });
    expect(r).toMatchObject({ ok: true, value: { kind: 'commands', rows: 3, matched: 2, fileName: 'commands.csv', attached: true } });
    expect(summaries.some((s) => s.id === id)).toBe(true);

    const after = await commands();
    expect(after).toHaveLength(before.length + 1);
    const pwd = after.filter((c) => c.command === 'pwd');
    expect(pwd.map((c) => c.source)).toEqual(['input', 'input']);
    expect(pwd.find((c) => Math.abs(c.timeMs - at('pwd')) < 1)!.risk).toEqual(['log-flagged']);
    expect(after.find((c) => c.command === 'sudo cat /etc/shadow')).toMatchObject({ timeMs: 20_000, source: 'log', risk: ['privilege', 'credentials'] });

    const list = await call('logs', { id });
    expect(list).toMatchObject({ ok: true, value: [{ fileName: 'commands.csv', kind: 'commands', rows: 3, matched: 2 }] });
  });

  it('refuses a bad log naming the file, line and field, and attaches nothing', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'input,timestamp\nls,1760000001\nwho,yesterday\n');
    const r = await call('attachLog', { id, source: { kind: 'path', path: join(dir, 'bad.csv') } });
    expect(r).toEqual({ ok: false, error: { code: 'CORRUPT', message: 'bad.csv line 3: "timestamp" "yesterday" is not a date', line: 3 } });
    expect(((await call('logs', { id })) as { value: unknown[] }).value).toHaveLength(1);
  });

  it('answers commands with the risk rules in the settings', async () => {
    expect((await commands()).find((c) => c.command === 'history -c')?.risk).toEqual(['history-tampering']);
    const withoutHistory = DEFAULT_RISK_RULES.map((r) => (r.id === 'history-clear' ? { ...r, enabled: false } : r));
    const custom = [...withoutHistory, { id: 'grep', risk: 'searching', pattern: '^grep\\b' }];
    expect(await call('settingsSet', { patch: { riskRules: custom } })).toMatchObject({ ok: true });
    const now = await commands();
    expect(now.find((c) => c.command === 'history -c')?.risk).toBeUndefined();
    expect(now.find((c) => c.command === 'grep beta notes.txt')?.risk).toEqual(['searching']);
    // The log's own flag stays whatever the rules say.
    expect(now.find((c) => c.source === 'log')?.risk).toEqual(['privilege', 'credentials']);

    const bad = await call('settingsSet', { patch: { riskRules: [...custom, { id: 'oops', risk: 'destructive', pattern: '(unclosed' }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('rule "oops" (number 23): "pattern" does not compile') } });
    expect(await call('settingsSet', { patch: { riskRules: null } })).toMatchObject({ ok: true, value: { riskRules: null } });
    expect((await commands()).find((c) => c.command === 'history -c')?.risk).toEqual(['history-tampering']);
  });

  it('detaches a log: its rows leave the answers', async () => {
    const [log] = ((await call('logs', { id })) as { value: { logId: string }[] }).value;
    expect(await call('detachLog', { id, logId: log!.logId })).toEqual({ ok: true, value: { detached: true } });
    expect((await commands()).map((c) => c.command)).toEqual(truth.commands.map((c) => c.command));
  });
});
