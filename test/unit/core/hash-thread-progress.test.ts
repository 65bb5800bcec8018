/** The hash thread (big Guacamole dumps) reports how far it is and stops when the open is cancelled. */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashInThread } from '../../../main/core/hash-thread';
import { tempDir, writeTemp } from './helpers/temp';

describe('hashInThread with an open job', () => {
  const data = randomBytes(24 * 2 ** 20);
  const path = writeTemp('big.guac', data, tempDir());

  it('reports bytes hashed of the size, up to the whole file, and the right hash', async () => {
    const seen: [string, number, number][] = [];
    const job = hashInThread(path, 'big.guac', { onProgress: (phase, done, total) => seen.push([phase, done, total]) });
    const { sha256, sizeBytes } = await job.done;
    expect(sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(sizeBytes).toBe(data.length);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([phase, , total]) => phase === 'hashing' && total === data.length)).toBe(true);
    expect(seen.at(-1)?.[1]).toBe(data.length);
  });

  it('does not run for an open already cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    const job = hashInThread(path, 'big.guac', { signal: abort.signal });
    await expect(job.done).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
