import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, parsePort, UsageError } from '../../../main/host/args';
import { defaultDataDir, resolveDataDir } from '../../../main/host/data-dir';

describe('data dir', () => {
  it('follows XDG on Linux, the usual places elsewhere', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, 'linux', '/home/u')).toBe(join('/x/data', 'trailview'));
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe(join('/home/u', '.local', 'share', 'trailview'));
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe(join('/Users/u', 'Library', 'Application Support', 'Trailview'));
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32', 'C:/Users/u')).toBe(join('C:/Users/u/AppData/Roaming', 'Trailview'));
  });
  it('prefers --data-dir, then TRAILVIEW_DATA_DIR', () => {
    expect(resolveDataDir('/flag', { TRAILVIEW_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { TRAILVIEW_DATA_DIR: '/env' })).toBe('/env');
  });
});

describe('argument parsing', () => {
  const spec = { json: { type: 'boolean' as const }, at: { type: 'string' as const } };
  it('parses flags and positionals', () => {
    expect(parseArgs(['a.cast', '--json', '--at', '5'], spec)).toEqual({ positionals: ['a.cast'], flags: { json: true, at: '5' } });
  });
  it('turns unknown or malformed flags into one-line usage errors', () => {
    for (const args of [['--nope'], ['--at'], ['--json=1']]) {
      expect(() => parseArgs(args, spec)).toThrow(UsageError);
      try {
        parseArgs(args, spec);
      } catch (err) {
        expect((err as Error).message).not.toContain('\n');
      }
    }
  });
  it('checks ports', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort(undefined)).toBeUndefined();
    for (const bad of ['-1', '70000', 'http', '']) expect(() => parsePort(bad)).toThrow(UsageError);
  });
});

describe('worker path', () => {
  it('is out/main/worker.js, unpacked beside app.asar in a packaged app', async () => {
    const { builtWorkerPath } = await import('../../../main/host/worker-path');
    expect(builtWorkerPath(join('/', 'src', 'trailview'))).toBe(join('/', 'src', 'trailview', 'out', 'main', 'worker.js'));
    expect(builtWorkerPath(join('/', 'opt', 'Trailview', 'resources', 'app.asar'))).toBe(
      join('/', 'opt', 'Trailview', 'resources', 'app.asar.unpacked', 'out', 'main', 'worker.js'),
    );
  });
});
