// Parser throughput, measured (not a test: timings on a shared machine are not pass/fail material).
// Run: node test/unit/formats/guacamole/throughput.mjs
// Bundles shared/formats/guacamole/parser.ts with Vite into a temp dir, then parses in-memory dumps in
// 64 KiB and 1 MiB chunks with a sink that reads every sync's timestamp, best of 5 runs:
//   corpus     the real guacd dumps repeated to 256 MiB (small drawing instructions + PNG blobs)
//   base64     img/blob/end/sync frames with 1-8 KiB base64 blobs (what long RDP dumps mostly are)
//   non-ASCII  the base64 frames with a 'name' holding é and an emoji every 64 frames (counting path)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../../../..');
const outDir = mkdtempSync(join(tmpdir(), 'guac-throughput-'));
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'shared/formats/guacamole/parser.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'parser.js' } },
  },
});
const { createGuacParser } = await import(pathToFileURL(join(outDir, 'parser.js')).href);
rmSync(outDir, { recursive: true, force: true });

const TARGET_BYTES = 256 * 1024 * 1024;
const encoder = new TextEncoder();

function repeatTo(parts, target) {
  const out = new Uint8Array(target);
  let at = 0;
  for (;;) {
    for (const p of parts) {
      if (at + p.length > target) return out.subarray(0, at);
      out.set(p, at);
      at += p.length;
    }
  }
}

/** An instruction with code-point lengths (written out here rather than imported: this file is plain JS). */
const ins = (...elements) => `${elements.map((e) => `${[...e].length}.${e}`).join(',')};`;

function frames(withName) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let seed = 1;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const parts = [];
  for (let i = 0; i < 256; i++) {
    const size = 1024 + Math.floor(rnd() * 7 * 1024);
    let data = '';
    for (let k = 0; k < size; k++) data += alphabet[Math.floor(rnd() * 64)];
    const layer = String(i % 8);
    const name = withName && i % 64 === 0 ? ins('name', 'Tést 😀 title') : '';
    const img = ins('img', layer, '14', '0', 'image/png', String(i), String(2 * i));
    parts.push(encoder.encode(`${name}${img}${ins('blob', layer, data)}${ins('end', layer)}${ins('sync', String(700000 + 40 * i), '0')}`));
  }
  return parts;
}

const corpusDir = resolve(root, '../shared/corpus/guacamole');
const inputs = {
  base64: repeatTo(frames(false), TARGET_BYTES),
  'non-ASCII': repeatTo(frames(true), TARGET_BYTES),
};
try {
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.guac')).sort();
  inputs.corpus = repeatTo(files.map((f) => new Uint8Array(readFileSync(join(corpusDir, f)))), TARGET_BYTES);
} catch {
  console.log(`corpus folder ${corpusDir} is absent: corpus input skipped`);
}

for (const [name, bytes] of Object.entries(inputs)) {
  for (const chunkBytes of [64 * 1024, 1024 * 1024]) {
    let bestMs = Infinity;
    let instructions = 0;
    let warnings = 0;
    let lastSync = 0;
    for (let run = 0; run < 5; run++) {
      instructions = 0;
      const parser = createGuacParser({
        instruction(ins) {
          instructions++;
          if (ins.opcode === 'sync') lastSync = ins.num(0);
        },
        warning() {
          warnings++;
        },
      });
      const t0 = performance.now();
      for (let at = 0; at < bytes.length; at += chunkBytes) parser.push(bytes.subarray(at, at + chunkBytes));
      parser.end();
      bestMs = Math.min(bestMs, performance.now() - t0);
    }
    const mbPerS = bytes.length / 1e6 / (bestMs / 1000);
    console.log(
      `${name.padEnd(9)} ${String(chunkBytes / 1024).padStart(4)} KiB chunks: ${mbPerS.toFixed(0).padStart(5)} MB/s` +
        ` (${(bytes.length / 1e6).toFixed(0)} MB, ${instructions} instructions, ${warnings} warnings, last sync ${lastSync})`,
    );
  }
}
