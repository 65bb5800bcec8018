/** JumpServer session metadata into SessionFacts: real shapes, odd shapes, never a throw. */
import { describe, expect, it } from 'vitest';
import { formatWallClock, sessionFactRows } from '../../../shared/formats/jumpserver/facts-text';
import { looksLikeSessionMetadata, parseJumpServerDate, parseJumpServerDuration, sessionFacts } from '../../../shared/formats/jumpserver/session-facts';

describe('JumpServer dates', () => {
  it('reads the session JSON and lion forms with their offsets', () => {
    // 2023-06-01 10:20:30 at +08:00 is 02:20:30 UTC.
    const utc = Date.UTC(2023, 5, 1, 2, 20, 30);
    expect(parseJumpServerDate('2023/06/01 10:20:30 +0800')).toEqual({ epochMs: utc, utcOffsetMinutes: 480 });
    expect(parseJumpServerDate('2023-06-01 10:20:30 +0800')).toEqual({ epochMs: utc, utcOffsetMinutes: 480 });
    expect(parseJumpServerDate('2023-06-01T10:20:30.250+08:00')).toEqual({ epochMs: utc + 250, utcOffsetMinutes: 480 });
    expect(parseJumpServerDate('2023-06-01 02:20:30 Z')).toEqual({ epochMs: utc, utcOffsetMinutes: 0 });
    expect(parseJumpServerDate('2023/05/31 21:50:30 -0430')).toEqual({ epochMs: utc, utcOffsetMinutes: -270 });
  });

  it('leaves out what it cannot place in time', () => {
    for (const bad of ['2023/06/01 10:20:30', '2023/13/01 10:20:30 +0800', '2023/02/30 10:20:30 +0800', '2023/06/01 24:00:00 +0800', '2023/06/01 10:20:30 +1500', 'yesterday', '', 1685586030, null, {}, ['2023/06/01 10:20:30 +0800']]) {
      expect(parseJumpServerDate(bad), JSON.stringify(bad)).toBeUndefined();
    }
    expect(parseJumpServerDate('2024/02/29 00:00:00 +0000')?.epochMs).toBe(Date.UTC(2024, 1, 29));
    expect(parseJumpServerDate('2023/02/29 00:00:00 +0000')).toBeUndefined();
  });

  it('durations: H:MM:SS, MM:SS, seconds', () => {
    expect(parseJumpServerDuration('0:05:07')).toBe(307_000);
    expect(parseJumpServerDuration('26:00:01')).toBe(93_601_000);
    expect(parseJumpServerDuration('05:07')).toBe(307_000);
    expect(parseJumpServerDuration(12.5)).toBe(12_500);
    for (const bad of ['1:60:00', '-0:01:00', 'abc', -3, Number.NaN, true, null]) expect(parseJumpServerDuration(bad), String(bad)).toBeUndefined();
  });

  it('wall clock text in the source offset and UTC', () => {
    const utc = Date.UTC(2023, 5, 1, 2, 20, 30);
    expect(formatWallClock(utc, 480)).toBe('2023-06-01 10:20:30 +08:00');
    expect(formatWallClock(utc, -270)).toBe('2023-05-31 21:50:30 -04:30');
    expect(formatWallClock(utc)).toBe('2023-06-01 02:20:30 UTC');
  });
});

describe('session facts', () => {
  const koko = {
    id: '5d0a4f3e-8a8c-4d0e-9d3b-0b1b6c0c2a11',
    user: 'Alice(alice)',
    asset: 'db-01(10.0.0.5)',
    account: 'root(root)',
    protocol: 'ssh',
    remote_addr: '192.168.1.20',
    login_from: { value: 'WT', label: 'Web Terminal' },
    date_start: '2023/06/01 10:20:30 +0800',
    date_end: '2023/06/01 10:25:37 +0800',
    duration: '0:05:07',
    terminal: { name: 'koko-01', type: 'koko' },
    org_name: 'Default',
    command_amount: 12,
    is_success: true,
    error_reason: '',
  };

  it('reads every well-known field of a session JSON', () => {
    expect(looksLikeSessionMetadata(koko)).toBe(true);
    expect(sessionFacts(koko)).toEqual({
      sessionId: koko.id,
      user: 'Alice(alice)',
      asset: 'db-01(10.0.0.5)',
      account: 'root(root)',
      protocol: 'ssh',
      remoteAddr: '192.168.1.20',
      loginFrom: 'Web Terminal',
      startEpochMs: Date.UTC(2023, 5, 1, 2, 20, 30),
      endEpochMs: Date.UTC(2023, 5, 1, 2, 25, 37),
      utcOffsetMinutes: 480,
      durationMs: 307_000,
      org: 'Default',
      terminal: 'koko-01 (koko)',
      commandCount: 12,
      success: true,
    });
  });

  it("lion's replay.json: dashes in dates, no duration: the span between start and end", () => {
    const facts = sessionFacts({ id: 'x', user: 'bob', asset: 'win-01', protocol: 'rdp', date_start: '2024-01-02 03:04:05 +0000', date_end: '2024-01-02 04:04:05 +0000', files: [] });
    expect(facts).toMatchObject({ user: 'bob', protocol: 'rdp', durationMs: 3_600_000, utcOffsetMinutes: 0 });
  });

  it('odd inputs: wrong types and bad values are left out, never thrown', () => {
    for (const doc of [null, undefined, 42, 'text', [], [koko]]) expect(sessionFacts(doc)).toEqual({});
    const facts = sessionFacts({
      user: { name: 'x' },
      asset: 17,
      login_from: 'ST',
      date_start: '2023/99/01 10:20:30 +0800',
      date_end: 12345,
      duration: '??',
      terminal: 'lion',
      command_amount: -1,
      is_success: 'maybe',
      error_reason: { value: 'connect_failed', label: 'Connect failed' },
      system_user: 'web',
    });
    expect(facts).toEqual({ asset: '17', loginFrom: 'ST', terminal: 'lion', error: 'Connect failed', account: 'web' });
    expect(sessionFacts({ command_amount: '7', is_success: 'false' })).toEqual({ commandCount: 7, success: false });
  });

  it('labelled rows for people, only for facts present', () => {
    const rows = sessionFactRows(sessionFacts(koko));
    expect(rows.map((r) => r[0])).toEqual(['session', 'user', 'asset', 'account', 'protocol', 'remote address', 'login from', 'start', 'end', 'session length', 'organisation', 'recorded by', 'commands', 'outcome']);
    expect(Object.fromEntries(rows).start).toBe('2023-06-01 10:20:30 +08:00 (2023-06-01 02:20:30 UTC)');
    expect(sessionFactRows({})).toEqual([]);
  });

  it('only documents with a few session fields look like metadata', () => {
    expect(looksLikeSessionMetadata({ user: 'a' })).toBe(false);
    expect(looksLikeSessionMetadata({ '0.1': 'ls\r\n', '0.5': 'x' })).toBe(false);
    expect(looksLikeSessionMetadata({ user: 'a', asset: 'b' })).toBe(true);
  });
});
