/** Streaming behaviour the core relies on, and the header fields it shows. */
import { describe, expect, it } from 'vitest';
import { createTerminalParser } from '../../../shared/formats/asciicast';
import type { Call } from './helpers';
import { run, utf8 } from './helpers';

function collecting() {
  const calls: Call[] = [];
  const parser = createTerminalParser({
    header: (h) => calls.push(['header', h]),
    event: (e) => calls.push(['event', e]),
    warning: (w) => calls.push(['warning', w]),
  });
  return { calls, parser };
}

describe('streaming', () => {
  it('emits the header and complete lines before end(), as bytes arrive', () => {
    const { calls, parser } = collecting();
    parser.push(utf8('{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "a"]\n[1.0, "o", "b'));
    expect(calls.map((c) => c[0])).toEqual(['header', 'event']);
    parser.push(utf8('c"]\n'));
    expect(calls.at(-1)).toEqual(['event', { timeMs: 1000, code: 'o', data: 'bc' }]);
    parser.end();
    expect(calls).toHaveLength(3);
  });

  it('emits v1 frames one by one while the document is still open', () => {
    const { calls, parser } = collecting();
    parser.push(utf8('{\n  "version": 1,\n  "width": 80,\n  "height": 24,\n  "stdout": [\n    [0.5, "a"],\n    [0.5, "b"]'));
    expect(calls.map((c) => c[0])).toEqual(['header', 'event', 'event']);
  });

  it('does not keep a reference to the caller\'s buffer', () => {
    const { calls, parser } = collecting();
    const buffer = utf8('{"version": 2, "width": 80, "height": 24}\n[0.5, "o", "held across chunks');
    parser.push(buffer);
    buffer.fill(0x20); // the caller reuses its buffer
    parser.push(utf8('"]\n'));
    parser.end();
    expect(calls.at(-1)).toEqual(['event', { timeMs: 500, code: 'o', data: 'held across chunks' }]);
  });
});

describe('header fields', () => {
  it('v3: term type, version and theme, tags, env without null values, no declared duration', () => {
    const header = {
      version: 3,
      term: { cols: 120, rows: 35, type: 'xterm-256color', version: 'VTE(7802)', theme: { fg: '#d0d0d0', bg: '#212121', palette: '#000000:#111111:#222222:#333333:#444444:#555555:#666666:#777777' } },
      timestamp: 1504467315,
      idle_time_limit: 1.5,
      command: 'bash',
      title: 'T',
      env: { SHELL: '/bin/zsh', EDITOR: null },
      tags: ['demo', 7, 'prod'],
    };
    const r = run(`${JSON.stringify(header)}\n`);
    expect(r.header).toEqual({
      format: 'asciicast',
      version: 3,
      tags: ['demo', 'prod'],
      terminal: {
        cols: 120,
        rows: 35,
        termType: 'xterm-256color',
        termVersion: 'VTE(7802)',
        theme: { foreground: '#d0d0d0', background: '#212121', palette: ['#000000', '#111111', '#222222', '#333333', '#444444', '#555555', '#666666', '#777777'] },
        startedAtEpochMs: 1504467315000,
        idleTimeLimitMs: 1500,
        command: 'bash',
        title: 'T',
        env: { SHELL: '/bin/zsh' },
        shell: '/bin/zsh',
      },
    });
  });

  it('v2: a palette that is not 8 or 16 colours is left out, the rest of the theme kept', () => {
    const r = run('{"version": 2, "width": 80, "height": 24, "theme": {"fg": "#ffffff", "bg": "not a colour", "palette": "#000000:#111111"}}\n');
    expect(r.header?.terminal.theme).toEqual({ foreground: '#ffffff' });
  });

  it('v2: optional fields of the wrong type are ignored rather than fatal', () => {
    const r = run('{"version": 2, "width": 80, "height": 24, "timestamp": "yesterday", "title": 5, "env": "x", "idle_time_limit": -1, "duration": "long"}\n[1, "o", "a"]\n');
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([]);
    expect(r.header).toEqual({ format: 'asciicast', version: 2, terminal: { cols: 80, rows: 24 } });
  });
});
