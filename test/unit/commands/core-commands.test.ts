import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/core';
import { commandStorePath } from '../../../main/core/commands/terminal-run';

const root = join(import.meta.dirname, '../../..');
const temps: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tv-cmd-core-'));
  temps.push(d);
  return d;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Core.commands / Core.transfers', () => {
  it('answers from the indexed chunks, flags risks, and keeps the result by content hash', async () => {
    const dir = temp();
    const file = join(dir, 'session.cast');
    copyFileSync(join(root, 'test/fixtures/commands/bash-editing.cast'), file);
    const dataDir = join(dir, 'data');
    const core = createCore({ dataDir, worker: 'inline' });
    try {
      const s = await core.whenIndexed((await core.open(file)).id);
      const first = await core.commands(s.id);
      expect(first.partial).toBe(false);
      expect(first.commands.find((c) => c.command === 'history -c')?.risk).toEqual(['history-tampering']);
      expect(first.commands.find((c) => c.command === 'pwd')?.risk).toBeUndefined();
      expect(existsSync(commandStorePath(dataDir, s.sha256))).toBe(true);
      expect((await core.transfers(s.id)).transfers).toEqual([]);
      await core.close(s.id);
      const again = await core.whenIndexed((await core.open(file)).id);
      expect((await core.commands(again.id)).commands).toEqual(first.commands);
    } finally {
      await core.dispose();
    }
  });

  /** The bash-editing fixture opened and indexed in an inline core, handed to `fn`. */
  async function withIndexed(fn: (core: ReturnType<typeof createCore>, id: string) => Promise<void>): Promise<void> {
    const dir = temp();
    const file = join(dir, 'session.cast');
    copyFileSync(join(root, 'test/fixtures/commands/bash-editing.cast'), file);
    const core = createCore({ dataDir: join(dir, 'data'), worker: 'inline' });
    try {
      await fn(core, (await core.whenIndexed((await core.open(file)).id)).id);
    } finally {
      await core.dispose();
    }
  }

  it('extraction waits while someone seeks or searches, not while playback fetches chunks by index', () =>
    withIndexed(async (core, id) => {
      // A seek just now: the extraction started next waits until 300 ms have passed without another.
      await core.chunk(id, { atMs: 500 });
      const seekAt = performance.now();
      expect((await core.commands(id)).partial).toBe(false);
      expect(performance.now() - seekAt).toBeGreaterThanOrEqual(290);
    }));

  it('extraction also waits right after indexing ends, as after a seek', () =>
    withIndexed(async (core, id) => {
      const readyAt = performance.now();
      expect((await core.commands(id)).partial).toBe(false);
      // Ready came a moment before whenIndexed answered: most of the 300 ms is still to wait.
      expect(performance.now() - readyAt).toBeGreaterThanOrEqual(200);
    }));

  it('gives Guacamole typed lines with the window title as context', async () => {
    const guac = join(root, '../shared/corpus/guacamole/guacd160-ssh-unicode-name.guac');
    if (!existsSync(guac)) return void console.warn(`skipped: ${guac} is absent`);
    const core = createCore({ dataDir: temp(), worker: 'inline' });
    try {
      const s = await core.whenIndexed((await core.open(guac)).id);
      const { commands, partial } = await core.commands(s.id);
      expect(partial).toBe(false);
      expect(commands.map((c) => [c.command, c.context, c.source])).toEqual([
        ["printf '\\033]0;T\\303\\251st \\360\\237\\230\\200 title\\007'; echo d\\303\\251j\\303\\240 vu\\nls -la /", undefined, 'keys'],
        ['seq 1 200', 'Tést 😀 title', 'keys'],
        ['exit', 'Tést 😀 title', 'keys'],
      ]);
    } finally {
      await core.dispose();
    }
  });
});
