/**
 * Reads a Guacamole recording's content into the fast-pass indexer: one dump, or a part recording's parts
 * in order (each through its own parser, offsets moved into the concatenated content), keeping the
 * decompressed copy the cache needs, with progress, cancellation and checks that nothing changed.
 */
import { isAscii } from 'node:buffer';
import { TrailviewError } from '../../../shared/errors';
import { createGuacParser } from '../../../shared/formats/guacamole/parser';
import type { GuacSink, RawInstruction } from '../../../shared/formats/guacamole/types';
import { SlicedFeeder } from '../sliced-feed';
import { readSource, type FileStamp } from '../source';
import type { GuacCacheWriter } from './cache';
import type { GuacIndexer } from './indexer';

export interface ContentSource {
  name: string;
  path: string;
  /** As hashed at open, when known: the read must find the same bytes (else the caller compares). */
  sha256?: string;
  /** Being hashed on another thread while it is read here: not hashed again; the caller compares stamps. */
  hashedAlongside?: boolean;
  sizeBytes: number;
}

export interface ReadContentOptions {
  fileName: string;
  sources: ContentSource[];
  multiPart: boolean;
  indexer: GuacIndexer;
  writer: GuacCacheWriter;
  signal: AbortSignal;
  progress(fraction: number): void;
}

/**
 * Feeds every source to the indexer (not finished); returns the content's length in bytes and each
 * source's file stamp (null if it changed while it was read).
 */
export async function readContent(o: ReadContentOptions): Promise<{ contentBytes: number; stamps: (FileStamp | null)[] }> {
  const stamps: (FileStamp | null)[] = [];
  const { indexer, writer } = o;
  let parser = createGuacParser(indexer, { isAscii });
  const feeder = new SlicedFeeder((bytes) => parser.push(bytes), o.signal, o.fileName);
  const totalBytes = o.sources.reduce((n, s) => n + s.sizeBytes, 0) || 1;
  let doneBytes = 0;
  let contentBytes = 0;
  for (const source of o.sources) {
    if (o.multiPart) {
      // Each part is a dump of its own: a new parser, so a cut-off end cannot swallow the next start.
      await feeder.fed();
      parser.end();
      parser = createGuacParser(offsetSink(indexer, contentBytes), { isAscii });
      indexer.beginPart(source.name, contentBytes);
    }
    const name = o.multiPart ? `${o.fileName}: part ${source.name}` : o.fileName;
    const result = await readSource(source.path, {
      onData: (bytes) => {
        writer.appendSegment(bytes);
        feeder.enqueue(bytes);
      },
      onProgress: (read) => o.progress((doneBytes + read) / totalBytes),
      between: () => feeder.fed(),
      // The parser copies an instruction cut by a read's end; nothing else keeps the bytes.
      recycle: true,
      signal: o.signal,
      name: source.name,
      hash: !source.hashedAlongside,
    });
    doneBytes += source.sizeBytes;
    stamps.push(result.stamp);
    if (source.sha256 !== undefined && result.sha256 !== source.sha256) throw new TrailviewError('CORRUPT', `${name}: the file changed while it was being read (SHA-256 differs from the first read)`);
    await feeder.fed();
    if (result.truncated) indexer.warning({ code: 'TRUNCATED', message: `${name}: the gzip stream is cut short after ${result.decompressedBytes} decompressed bytes; the rest is missing`, offsetBytes: contentBytes + result.decompressedBytes });
    if (result.checksumMismatch) indexer.warning({ code: 'BAD_DATA', message: `${name}: the gzip checksum does not match the decompressed data: part of the recording is damaged` });
    contentBytes += result.decompressedBytes;
  }
  parser.end();
  return { contentBytes, stamps };
}

/** A sink for one part's parser: offsets move from the part's own bytes to the concatenated content's. */
function offsetSink(sink: GuacIndexer, baseBytes: number): GuacSink {
  if (baseBytes === 0) return sink;
  let current: RawInstruction | undefined;
  const shifted: RawInstruction = {
    get opcode() {
      return current!.opcode;
    },
    get argCount() {
      return current!.argCount;
    },
    arg: (i) => current!.arg(i),
    num: (i) => current!.num(i),
    argBytes: (i) => current!.argBytes(i),
    get offsetBytes() {
      return current!.offsetBytes + baseBytes;
    },
    get lengthBytes() {
      return current!.lengthBytes;
    },
  };
  return {
    instruction(ins) {
      current = ins;
      sink.instruction(shifted);
    },
    warning(w) {
      sink.warning(w.offsetBytes !== undefined ? { ...w, offsetBytes: w.offsetBytes + baseBytes } : w);
    },
  };
}
