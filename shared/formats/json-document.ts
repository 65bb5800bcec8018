/**
 * What the two single-JSON-document formats (asciicast v1, koko) share: a JsonObjectScanner fed chunk by
 * chunk, and one policy for a document that stops being JSON — before anything playable it is CORRUPT,
 * after it what was read plays and the rest is ignored with one warning.
 */
import { TrailviewError } from '../errors';
import { describeWhere, type ParserLimits, type WarningGate, type Where } from './common';
import { JsonObjectScanner, JsonScanError, type MemberHandler, type ValueMode } from './json-scanner';
import type { ParserSink, StreamParser } from './types';

export abstract class JsonDocumentParser implements StreamParser, MemberHandler {
  protected readonly scanner: JsonObjectScanner;
  /** Set after the document broke once something playable had been read: the rest is ignored. */
  protected stopped = false;
  /** How messages name the document, e.g. "the koko recording". */
  protected abstract readonly documentName: string;

  constructor(
    protected readonly sink: ParserSink,
    protected readonly warnings: WarningGate,
    protected readonly limits: ParserLimits,
    startOffsetBytes: number,
  ) {
    this.scanner = new JsonObjectScanner(this, limits.maxItemBytes, startOffsetBytes);
  }

  /** True once anything playable has been read (then a broken document is a warning, not an error). */
  protected abstract hasPlayable(): boolean;

  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    try {
      this.scanner.push(chunk);
    } catch (e) {
      if (!(e instanceof JsonScanError)) throw e;
      const msg = `${describeWhere(e.where)}: ${this.documentName} is not valid JSON: ${e.message}`;
      if (!this.hasPlayable()) throw new TrailviewError('CORRUPT', msg, e.where);
      this.stopped = true;
      this.warnings.warn('BAD_EVENT', `${msg}; the rest is ignored`, e.where);
    }
  }

  abstract end(): void;
  abstract key(name: string, at: Where): ValueMode;
  abstract value(name: string, raw: string, at: Where): void;
  abstract element(name: string, raw: string, at: Where): void;
  abstract oversize(name: string, at: Where, sizeBytes: number): void;
}
