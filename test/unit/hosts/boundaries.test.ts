/** Electron stays in the five glue files: the shared host code, browser mode and the CLI never import it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const tsFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe('host boundaries', () => {
  it('main/host, main/web and main/cli.ts do not import electron or electron-store', () => {
    const offenders = [...tsFiles('main/host'), ...tsFiles('main/web'), 'main/cli.ts'].filter((f) =>
      /from\s+['"]electron(-store)?(\/[^'"]*)?['"]|require\(\s*['"]electron/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('the preload talks only through the two contract channels', () => {
    const preload = readFileSync(join(ROOT, 'main/preload.ts'), 'utf8');
    const channels = [...preload.matchAll(/ipcRenderer\.\w+\(\s*([^,)]+)/g)].map((m) => m[1]!.trim());
    expect(new Set(channels)).toEqual(new Set(['IPC_INVOKE', 'IPC_EVENT']));
  });
});
