/**
 * A big dump (hashed on its own thread while it is indexed): the same summary and chunks as a small
 * file gets, and a second open from the cache.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { REPO_ROOT } from '../core/helpers/corpus';
import { inlineCore, tempDir } from '../core/helpers/temp';

const DIR = resolve(REPO_ROOT, '../shared/corpus/guacamole');
const HAVE = existsSync(DIR);

describe.skipIf(!HAVE)('a big Guacamole dump (over 16 MiB)', () => {
  const core = inlineCore();
  afterAll(() => core.dispose());
  // The VNC recording ~160 times over: sync times go back at each repeat (warnings) but it is valid protocol.
  const one = readFileSync(resolve(DIR, 'guacd160-vnc-xterm-keys.guac'));
  const path = join(tempDir(), 'big.guac');
  writeFileSync(path, Buffer.concat(Array.from({ length: 160 }, () => one)));

  it('opens with its SHA-256 as the id, indexes every frame, and reopens from the cache', async () => {
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    const s = await core.whenIndexed((await core.open(path)).id);
    expect(s.sha256).toBe(sha);
    expect(s.id).toBe(sha.slice(0, 16));
    expect(s.index.state).toBe('ready');
    if (s.kind !== 'display') throw new Error('not a display recording');
    expect(s.display.frames).toBe(160 * (one.toString('latin1').match(/4\.sync,/g) ?? []).length);
    await core.close(s.id);
    const again = await core.open(path);
    expect(again.index.fromCache).toBe(true);
    expect(again.sha256).toBe(sha);
    const c = await core.chunk(again.id, { chunkIndex: 0 });
    expect(c.kind).toBe('display');
  }, 120_000);
});
