/** Reading recording files: hashing, chunking, tolerant gunzip, size limit, cancellation. */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { appendFileSync } from 'node:fs';
import { fileStamp, readSource, READ_CHUNK_BYTES } from '../../../main/core/source';
import { writeTemp } from './helpers/temp';

async function readAll(path: string, opts: { maxDecompressedBytes?: number; signal?: AbortSignal } = {}) {
  const parts: Buffer[] = [];
  const progress: number[] = [];
  const result = await readSource(path, { onData: (b) => parts.push(Buffer.from(b)), onProgress: (r) => progress.push(r), ...opts });
  return { result, data: Buffer.concat(parts), calls: parts.length, progress };
}

const text = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `[${i}, "o", "line ${i}\\r\\n"]`).join('\n'));

describe('readSource', () => {
  it('hash: false reads every byte without hashing; the stamp matches the file after the read', async () => {
    const big = randomBytes(3 * READ_CHUNK_BYTES);
    const path = writeTemp('unhashed.bin', big);
    const parts: Buffer[] = [];
    const result = await readSource(path, { onData: (b) => parts.push(Buffer.from(b)), hash: false });
    expect(Buffer.concat(parts).equals(big)).toBe(true);
    expect(result.sha256).toBe('');
    expect(result.stamp).not.toBeNull();
    expect(await fileStamp(path)).toBe(result.stamp);
  });

  it('recycle: a plain file comes in a few buffers used in turn, each read only after the last was handled', async () => {
    const big = randomBytes(10 * READ_CHUNK_BYTES + 123);
    const path = writeTemp('recycled.bin', big);
    const copies: Buffer[] = [];
    const backings = new Set<ArrayBufferLike>();
    let handling = false;
    let overlapped = false;
    await readSource(path, {
      hash: false,
      recycle: true,
      onData: (b) => {
        overlapped ||= handling;
        handling = true;
        copies.push(Buffer.from(b));
        backings.add(b.buffer);
        // The caller holds the bytes until between() resolves: a read into the same buffer before then
        // would change them under it.
        const view = b;
        const before = Buffer.from(view);
        setImmediate(() => expect(Buffer.from(view).equals(before), 'the bytes changed before between() resolved').toBe(true));
      },
      between: async () => {
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        handling = false;
      },
    });
    expect(Buffer.concat(copies).equals(big)).toBe(true);
    expect(overlapped).toBe(false);
    // The first read is fresh (gzip or not is not known yet), the rest go round three buffers.
    expect(backings.size).toBeLessThanOrEqual(4);
  });

  it('recycle: gzip input and a caller without between() still get a fresh buffer per read', async () => {
    const big = randomBytes(4 * READ_CHUNK_BYTES);
    const plain = writeTemp('no-between.bin', big);
    const seen = new Set<ArrayBufferLike>();
    await readSource(plain, { hash: false, recycle: true, onData: (b) => void seen.add(b.buffer) });
    expect(seen.size).toBe(4);
    const gz = writeTemp('recycled.gz', gzipSync(big, { level: 0 }));
    const parts: Buffer[] = [];
    await readSource(gz, { hash: false, recycle: true, onData: (b) => void parts.push(Buffer.from(b)), between: () => Promise.resolve() });
    expect(Buffer.concat(parts).equals(big)).toBe(true);
  });

  it('a file that grows while it is read has no stamp (it changed), and its stamp differs afterwards', async () => {
    const path = writeTemp('growing.bin', randomBytes(3 * READ_CHUNK_BYTES));
    let appended = false;
    const result = await readSource(path, {
      onData: () => {
        if (!appended) appendFileSync(path, 'more');
        appended = true;
      },
      hash: false,
    });
    expect(result.stamp).toBeNull();
    expect(await fileStamp(path)).not.toBeNull();
  });

  it('plain files: every byte in ~256 KiB reads, SHA-256 of the raw bytes, progress to the size', async () => {
    const big = randomBytes(4 * READ_CHUNK_BYTES + 123);
    const { result, data, calls, progress } = await readAll(writeTemp('plain.bin', big));
    expect(data.equals(big)).toBe(true);
    expect(calls).toBe(5);
    expect(result).toMatchObject({ compression: 'none', truncated: false, sizeBytes: big.length, decompressedBytes: big.length });
    expect(result.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(progress.at(-1)).toBe(big.length);
  });

  it('gzip: decompressed on the fly, the hash is of the compressed bytes', async () => {
    const gz = gzipSync(text);
    const { result, data } = await readAll(writeTemp('x.gz', gz));
    expect(data.equals(text)).toBe(true);
    expect(result).toMatchObject({ compression: 'gzip', truncated: false, sizeBytes: gz.length, decompressedBytes: text.length });
    expect(result.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
  });

  it('gzip: concatenated members are read one after the other', async () => {
    const { data } = await readAll(writeTemp('two.gz', Buffer.concat([gzipSync(text), gzipSync('tail\n')])));
    expect(data.toString()).toBe(`${text.toString()}tail\n`);
  });

  it('gzip: a cut stream gives everything before the cut and says truncated', async () => {
    const gz = gzipSync(text);
    const { result, data } = await readAll(writeTemp('cut.gz', gz.subarray(0, Math.floor(gz.length / 2))));
    expect(result.truncated).toBe(true);
    expect(data.length).toBeGreaterThan(text.length / 3);
    expect(text.subarray(0, data.length).equals(data)).toBe(true);
  });

  it('gzip: a stream missing only its trailer is complete but truncated', async () => {
    const gz = gzipSync(text);
    const { result, data } = await readAll(writeTemp('notrailer.gz', gz.subarray(0, gz.length - 5)));
    expect(result.truncated).toBe(true);
    expect(data.equals(text)).toBe(true);
  });

  it('gzip: junk after the end is ignored', async () => {
    const { result, data } = await readAll(writeTemp('junk.gz', Buffer.concat([gzipSync(text), Buffer.from('this is not gzip')])));
    expect(result.truncated).toBe(false);
    expect(data.equals(text)).toBe(true);
  });

  it('gzip: damaged compressed data is CORRUPT', async () => {
    const gz = gzipSync(text);
    gz.fill(0xff, 40, 200);
    await expect(readAll(writeTemp('bad.gz', gz))).rejects.toMatchObject({ code: 'CORRUPT' });
  });

  it('refuses to decompress beyond the limit (TOO_LARGE), plain or gzip', async () => {
    await expect(readAll(writeTemp('big.gz', gzipSync(text)), { maxDecompressedBytes: 10_000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(readAll(writeTemp('big.txt', text), { maxDecompressedBytes: 10_000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(readAll(writeTemp('c.txt', text), { signal: abort.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
