/**
 * Where the built indexing worker is. Hosts pass it to the core explicitly because shared code may be
 * bundled into out/main/chunks/, where "next to this file" is the wrong folder. In a packaged app the
 * worker and what it imports are unpacked beside app.asar (electron-builder asarUnpack), since
 * worker_threads cannot be relied on to load modules from inside an asar archive.
 */
import { join, sep } from 'node:path';

export function builtWorkerPath(appRoot: string): string {
  const inAsar = `${sep}app.asar${sep}`;
  const path = join(appRoot, 'out', 'main', 'worker.js');
  return path.includes(inAsar) || appRoot.endsWith(`${sep}app.asar`) ? path.replace(`${sep}app.asar`, `${sep}app.asar.unpacked`) : path;
}
