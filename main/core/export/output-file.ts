/**
 * An export's output: written under a temp name in the destination folder, hashed and counted as it is
 * written, renamed to the chosen name only when complete. A failed or cancelled export removes the temp
 * file, so nothing half-written ever carries the chosen name. Never opens anything for writing that is
 * not its own fresh temp file (`wx`): a source recording cannot be touched through it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, readSync, renameSync, rmSync, statSync, type Stats, type WriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { TrailviewError } from '../../../shared/errors';

export interface WrittenFile {
  path: string;
  sizeBytes: number;
  sha256: string;
}

/** The temp name next to `finalPath`: hidden, recognisable, unique. */
export function tempNameFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.trailview-part`);
}

/**
 * Refuses, before anything is written, an output that is the source itself, a copy of it (the same
 * content opened from elsewhere is one recording to the core, so its path alone does not tell), or a folder.
 */
export function checkDestination(finalPath: string, sourcePaths: readonly string[], source: { sizeBytes: number; sha256: string }): void {
  const target = resolve(finalPath);
  const refuse = () => new TrailviewError('BAD_REQUEST', `${basename(finalPath)}: the export would overwrite the recording itself; choose another name`);
  for (const path of sourcePaths) if (resolve(path) === target) throw refuse();
  let st: Stats | undefined;
  try {
    st = statSync(target);
  } catch {
    // Not there yet: the usual case.
  }
  if (st?.isDirectory()) throw new TrailviewError('BAD_REQUEST', `${finalPath} is a folder; give a file name to export to`);
  if (st?.isFile() && st.size === source.sizeBytes && sha256OfFile(target) === source.sha256) throw refuse();
  try {
    if (!statSync(dirname(target)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new TrailviewError('NOT_FOUND', `the folder ${dirname(target)} does not exist; create it first or choose another`);
  }
}

function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export class OutputFile {
  readonly tempPath: string;
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private sizeBytes = 0;
  private error: Error | undefined;
  private settled = false;

  constructor(readonly finalPath: string) {
    this.tempPath = tempNameFor(finalPath);
    this.stream = createWriteStream(this.tempPath, { flags: 'wx' });
    this.stream.on('error', (e) => (this.error ??= e));
  }

  get bytesWritten(): number {
    return this.sizeBytes;
  }

  /** Writes and waits only when the stream's buffer is full (back-pressure). */
  async write(data: string | Uint8Array): Promise<void> {
    if (this.error) throw this.failure();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length === 0) return;
    this.hash.update(bytes);
    this.sizeBytes += bytes.length;
    if (!this.stream.write(bytes)) await this.drained();
    if (this.error) throw this.failure();
  }

  /** The stream's buffer emptied (or it failed: the error is kept and thrown by the caller). */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
    });
  }

  /** Flushes and closes the temp file, so what it holds can be checked before it takes the chosen name. */
  async finishWriting(): Promise<void> {
    if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close').catch(() => undefined);
    }
    if (this.error) {
      this.discardSync();
      throw this.failure();
    }
  }

  /** Flushes, closes and renames into place. */
  async commit(): Promise<WrittenFile> {
    await this.finishWriting();
    try {
      renameSync(this.tempPath, this.finalPath);
    } catch (e) {
      this.discardSync();
      throw new TrailviewError('NOT_READABLE', `could not put the export in place as ${this.finalPath}: ${(e as Error).message}`);
    }
    this.settled = true;
    return { path: this.finalPath, sizeBytes: this.sizeBytes, sha256: this.hash.digest('hex') };
  }

  /** Closes and removes the temp file (failure or cancel). Safe to call more than once. */
  async discard(): Promise<void> {
    if (this.settled) return;
    if (!this.stream.closed) {
      this.stream.destroy();
      await once(this.stream, 'close').catch(() => undefined);
    }
    this.discardSync();
  }

  private discardSync(): void {
    this.settled = true;
    rmSync(this.tempPath, { force: true });
  }

  private failure(): TrailviewError {
    const e = this.error as NodeJS.ErrnoException;
    const why = e.code === 'ENOSPC' ? 'the disk is full' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message;
    return new TrailviewError('NOT_READABLE', `could not write the export next to ${this.finalPath}: ${why}`);
  }
}
