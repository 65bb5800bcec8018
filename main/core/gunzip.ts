/**
 * Streaming gunzip that keeps everything it can: Node's Gunzip throws away the last decoded bytes when
 * a file is cut short or has junk after the end, so we parse the gzip framing ourselves and inflate
 * each member with InflateRaw (finishing with a sync flush, so a truncated stream still yields all
 * decodable output). Concatenated members are supported; bytes after the last member are ignored.
 */
import zlib from 'node:zlib';
import { TrailviewError } from '../../shared/errors';

type State = 'header' | 'inflate' | 'trailer' | 'between' | 'ignore';

const FTEXT_FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

/** Length of a complete gzip member header at the start of `b`, 0 if more bytes are needed. */
function headerLength(b: Uint8Array, name: string): number {
  if (b.length < 10) return 0;
  if (b[0] !== 0x1f || b[1] !== 0x8b) throw new TrailviewError('CORRUPT', `${name}: not gzip data (starts with bytes ${hex(b)})`);
  if (b[2] !== 8) throw new TrailviewError('CORRUPT', `${name}: unsupported gzip compression method ${b[2]}`);
  const flags = b[3]!;
  let at = 10;
  if (flags & FEXTRA) {
    if (b.length < at + 2) return 0;
    at += 2 + (b[at]! | (b[at + 1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const zero = b.indexOf(0, at);
      if (zero < 0) return 0;
      at = zero + 1;
    }
  }
  if (flags & FTEXT_FHCRC) at += 2;
  return b.length >= at ? at : 0;
}

function hex(b: Uint8Array): string {
  return Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** Runs a write/end on the inflater and waits for its callback, or for an error (which skips it). */
function settle(inflater: zlib.InflateRaw, start: (done: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      inflater.off('error', stop);
      inflater.off('close', stop);
      resolve();
    };
    inflater.once('error', stop);
    inflater.once('close', stop);
    start(stop);
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class GunzipDecoder {
  private state: State = 'header';
  private pending: Uint8Array = new Uint8Array(0);
  private inflater: zlib.InflateRaw | undefined;
  private fedToInflater = 0;
  private inflaterEnded = false;
  private failure: unknown;
  private members = 0;
  private memberCrc = 0;
  private memberBytes = 0;
  /** Members whose CRC-32 or length in the gzip trailer does not match what they decompressed to. */
  checksumMismatches = 0;
  outputBytes = 0;

  /** `onData` gets decompressed bytes synchronously; if it throws, decoding stops with that error. */
  constructor(
    private readonly name: string,
    private readonly onData: (bytes: Uint8Array) => void,
    private readonly maxOutputBytes = Number.MAX_SAFE_INTEGER,
  ) {}

  async push(chunk: Uint8Array): Promise<void> {
    let data = concat(this.pending, chunk);
    this.pending = new Uint8Array(0);
    while (data.length > 0 && this.state !== 'ignore') {
      if (this.state === 'header' || this.state === 'between') {
        if (this.state === 'between') {
          // Another member follows only if it starts like one; anything else is trailing junk.
          if (data.length < 2) break;
          if (data[0] !== 0x1f || data[1] !== 0x8b) {
            this.state = 'ignore';
            break;
          }
          this.state = 'header';
        }
        const len = headerLength(data, this.name);
        if (len === 0) break;
        data = data.subarray(len);
        this.startMember();
      } else if (this.state === 'inflate') {
        data = await this.inflate(data);
      } else if (this.state === 'trailer') {
        if (data.length < 8) break;
        const view = new DataView(data.buffer, data.byteOffset, 8);
        if (view.getUint32(0, true) !== this.memberCrc >>> 0 || view.getUint32(4, true) !== this.memberBytes % 2 ** 32) this.checksumMismatches++;
        data = data.subarray(8);
        this.state = 'between';
      }
    }
    if (this.state !== 'ignore' && data.length > 0) this.pending = data.slice();
    this.check();
  }

  /** Input is complete. Returns whether it was cut short (a TRUNCATED warning for the caller). */
  async end(): Promise<{ truncated: boolean }> {
    if (this.state === 'inflate' && this.inflater) {
      const inflater = this.inflater;
      await settle(inflater, (done) => inflater.end(done));
      this.check();
      return { truncated: true };
    }
    if (this.members === 0) throw new TrailviewError('CORRUPT', `${this.name}: the gzip data ends inside its header (${this.pending.length} bytes)`);
    return { truncated: this.state === 'header' || this.state === 'trailer' };
  }

  private startMember(): void {
    this.members++;
    this.state = 'inflate';
    this.fedToInflater = 0;
    this.inflaterEnded = false;
    this.memberCrc = 0;
    this.memberBytes = 0;
    const inflater = zlib.createInflateRaw({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 256 * 1024 });
    inflater.on('data', (out: Buffer) => {
      if (this.failure) return;
      try {
        this.outputBytes += out.length;
        this.memberBytes += out.length;
        this.memberCrc = zlib.crc32(out, this.memberCrc);
        if (this.outputBytes > this.maxOutputBytes) {
          throw new TrailviewError('TOO_LARGE', `${this.name}: decompresses to more than ${Math.floor(this.maxOutputBytes / 2 ** 20)} MiB`);
        }
        this.onData(out);
      } catch (e) {
        this.failure = e;
        inflater.destroy();
      }
    });
    inflater.on('end', () => (this.inflaterEnded = true));
    inflater.on('error', (e: NodeJS.ErrnoException) => {
      this.failure ??= new TrailviewError('CORRUPT', `${this.name}: the gzip data is damaged (${e.message})`);
    });
    this.inflater = inflater;
  }

  /** Feed the current member; returns the bytes after its end (trailer, next member) if it ended. */
  private async inflate(data: Uint8Array): Promise<Uint8Array> {
    const inflater = this.inflater!;
    this.fedToInflater += data.length;
    await settle(inflater, (done) => inflater.write(data, () => done()));
    this.check();
    const unused = this.fedToInflater - inflater.bytesWritten;
    if (!this.inflaterEnded && unused === 0) return new Uint8Array(0);
    // The deflate stream ended inside this chunk: what it did not consume is the trailer and beyond.
    if (!this.inflaterEnded) await settle(inflater, (done) => inflater.end(done));
    this.check();
    this.inflater = undefined;
    this.state = 'trailer';
    return data.subarray(data.length - unused);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
