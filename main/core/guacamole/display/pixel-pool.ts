/**
 * Canvas buffers handed back by layers that were resized or disposed, for the next canvas of the same
 * size: guacd recordings create, resize and dispose full-screen layers and buffers all the time, and a
 * fresh 3 MB buffer (allocation, first-touch page faults, collection) cost ~1 ms where zeroing a pooled
 * one costs ~0.1 ms. A buffer is handed back only by the layer that owns it, once it no longer uses it.
 */

/** Most bytes kept for reuse (a few full screens); the rest is left to the collector. */
const MAX_POOLED_BYTES = 24 * 1024 * 1024;

const pooled: Uint8Array[] = [];
let pooledBytes = 0;

/** A zeroed buffer of exactly `bytes`. */
export function takePixels(bytes: number): Uint8Array {
  for (let i = pooled.length - 1; i >= 0; i--) {
    const buffer = pooled[i]!;
    if (buffer.length !== bytes) continue;
    pooled.splice(i, 1);
    pooledBytes -= bytes;
    return buffer.fill(0);
  }
  return new Uint8Array(bytes);
}

export function releasePixels(buffer: Uint8Array): void {
  if (buffer.length === 0 || buffer.length > MAX_POOLED_BYTES) return;
  pooled.push(buffer);
  pooledBytes += buffer.length;
  while (pooledBytes > MAX_POOLED_BYTES) pooledBytes -= pooled.shift()!.length;
}
