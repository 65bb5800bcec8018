/**
 * The keyframe pass through the core: with keyframes at every chunk, every prelude, followed by the
 * recording's own instructions from its chunk on, gives the display the whole recording gives (checked
 * with the software display; the same check with guacamole-common-js pixels runs in Chromium).
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGuacText } from '../../../shared/formats/guacamole/text-parser';
import type { DisplayChunk, RecordingSummary } from '../../../shared/model';
import { SoftDisplay, viewOf } from '../../../main/core/guacamole/display/soft-display';
import { SessionRouter } from '../../../main/core/session-router';
import { REPO_ROOT } from '../core/helpers/corpus';
import { inlineCore, tempDir } from '../core/helpers/temp';
import { writeSyntheticGuac } from '../../../main/core/testing/synthetic-guac';

const DIR = resolve(REPO_ROOT, '../shared/corpus/guacamole');
const HAVE = existsSync(DIR);
const core = inlineCore();

beforeAll(() => {
  SessionRouter.guacLayout = { chunkBytes: 16 * 1024, keyframeBytes: 16 * 1024 };
});
afterAll(async () => {
  SessionRouter.guacLayout = undefined;
  await core.dispose();
});

async function feed(display: SoftDisplay, text: string): Promise<void> {
  parseGuacText(text, (ins) => display.apply(viewOf(ins.opcode, ins.args)));
}

describe.skipIf(!HAVE)('keyframes made by the core', () => {
  for (const name of ['guacd160-vnc-xterm-keys.guac', 'guacd160-ssh-keys.guac']) {
    it(`${name}: every prelude + the rest equals the whole recording`, async () => {
      const path = join(tempDir(), name);
      copyFileSync(resolve(DIR, name), path);
      const keyframed = (x: RecordingSummary): boolean => x.kind === 'display' && x.index.state === 'ready' && x.display.seekableUntilMs === x.durationMs;
      let off = (): void => undefined;
      const done = new Promise<RecordingSummary>((resolve) => {
        off = core.on('summary', (x) => keyframed(x) && resolve(x));
      });
      const opened = await core.open(path);
      const s = keyframed(core.summary(opened.id)) ? core.summary(opened.id) : await done;
      off();
      if (s.kind !== 'display') throw new Error('not a display recording');
      expect(s.display.seekableUntilMs).toBe(s.durationMs);
      const chunks: DisplayChunk[] = [];
      for (let i = 0, last = false; !last; i++) {
        const c = await core.chunk(s.id, { chunkIndex: i });
        if (c.kind !== 'display') throw new Error('not a display chunk');
        chunks.push(c);
        last = c.last;
      }
      expect(chunks.length).toBeGreaterThan(3);
      const withPrelude = chunks.filter((c) => c.prelude);
      expect(withPrelude.length).toBe(chunks.length - 1);
      const whole = await SoftDisplay.create();
      for (const c of chunks) await feed(whole, c.instructions);
      const expected = whole.flatten();
      for (const k of withPrelude) {
        expect(k.keyframeChunk).toBe(k.chunkIndex);
        const d = await SoftDisplay.create();
        await feed(d, k.prelude!);
        for (const c of chunks.slice(k.chunkIndex)) await feed(d, c.instructions);
        const got = d.flatten();
        expect([got.width, got.height]).toEqual([expected.width, expected.height]);
        expect(Buffer.from(got.rgba).equals(Buffer.from(expected.rgba))).toBe(true);
      }
    }, 120_000);
  }

  it('the same recording opened again while its keyframe pass runs: the first session keeps reading its preludes', async () => {
    // ~6 MB repeated from the corpus: a keyframe pass long enough to open the copy in the middle of it.
    const a = join(tempDir(), 'long.guac');
    await writeSyntheticGuac(a, { targetBytes: 6_000_000, sources: ['guacd160-vnc-xterm-keys.guac'].map((n) => resolve(DIR, n)), seed: 3 });
    const b = join(tempDir(), 'copy.guac');
    copyFileSync(a, b);
    // A core of its own: nothing cached yet, so the first open runs the keyframe pass.
    const core = inlineCore();
    const seekable = (x: RecordingSummary): number => (x.kind === 'display' && x.index.state === 'ready' ? x.display.seekableUntilMs : 0);
    const when = (pred: (x: RecordingSummary) => boolean): Promise<RecordingSummary> =>
      new Promise((resolve) => {
        const off = core.on('summary', (x) => pred(x) && (off(), resolve(x)));
      });
    try {
      let passEnded = false;
      const keyframed = when((x) => seekable(x) === x.durationMs).finally(() => (passEnded = true));
      const first = await core.open(a);
      // The pass has started and not ended (not waiting for a summary halfway: one comes at most once a
      // second, and a fast pass is over before that).
      expect(passEnded).toBe(false);
      // The copy's session loads the cache, starts a pass of its own, and is closed again (same content).
      expect((await core.open(b)).id).toBe(first.id);
      expect(passEnded).toBe(false);
      const s = await keyframed;
      let withPrelude = 0;
      for (let i = 0, last = false; !last; i++) {
        const c = await core.chunk(s.id, { chunkIndex: i });
        if (c.kind !== 'display') throw new Error('not a display chunk');
        if (c.prelude) withPrelude++;
        last = c.last;
      }
      expect(withPrelude).toBeGreaterThan(20);
    } finally {
      await core.dispose();
    }
  }, 120_000);
});
