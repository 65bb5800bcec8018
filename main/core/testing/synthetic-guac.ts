/**
 * A large, valid Guacamole dump made of real guacd recordings: the corpus files are repeated one after the
 * other (order drawn from a seed) with their `sync`, `key` and `mouse` timestamps moved onto one rising
 * clock, so the result is one continuous recording of any size. Streamed to disk piece by piece; the facts
 * (bytes, frames, duration, events) are counted while writing so tests can hold an indexer to them.
 * Used by `npm run bench` and its unit test.
 */
import { createWriteStream, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { mulberry32 } from './synthetic-scenes';

export interface SyntheticGuacOptions {
  /** Uncompressed protocol bytes to reach; the last piece is written whole, so the result is a little larger. */
  targetBytes: number;
  /** Real recordings to repeat (all must have the same screen size). */
  sources: string[];
  gzip?: boolean;
  seed?: number;
  /** Pause between two pieces, in ms (default 1000). */
  gapMs?: number;
  /** The first sync's timestamp: guacd's clock does not start at 0, so an indexer must rebase (default 1e6). */
  startMs?: number;
}

export interface SyntheticGuacFacts {
  /** Uncompressed protocol bytes (UTF-8). */
  outputBytes: number;
  /** Bytes on disk (equals outputBytes unless gzip). */
  fileBytes: number;
  gzip: boolean;
  instructions: number;
  /** `sync` instructions. */
  frames: number;
  /** Last sync time minus first sync time. */
  durationMs: number;
  firstSyncMs: number;
  keyEvents: number;
  mouseEvents: number;
  pieces: number;
  /** The default layer's size (every piece sets the same). */
  width: number;
  height: number;
  /** How many pieces came from each source (by file name). */
  piecesBySource: Record<string, number>;
}

/** Corpus files stay small; a bigger one is a wrong argument, not something to load. */
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** Where each opcode carries a timestamp (element index after the opcode). */
const STAMP_ARG: Record<string, number> = { sync: 0, key: 2, mouse: 3 };
/** Where each opcode names a layer or buffer (element indexes after the opcode). */
const LAYER_ARGS: Record<string, number[]> = {
  size: [0], move: [0, 1], img: [2], copy: [0, 6], transfer: [0, 6], rect: [0], cfill: [1], cursor: [2],
  shade: [0], distort: [0], png: [1], jpeg: [1], arc: [0], cstroke: [1], lfill: [1], lstroke: [1], clip: [0],
};

/** One corpus recording, serialised once: `statics[i]` text, then timestamp `offsetsMs[i]`, ... then the last static. */
interface Piece {
  name: string;
  statics: string[];
  /** Timestamps relative to the piece's earliest one. */
  offsetsMs: number[];
  /** Relative time of the piece's first and last sync. */
  firstSyncMs: number;
  lastSyncMs: number;
  spanMs: number;
  width: number;
  height: number;
  /** Layers (> 0) and buffers (< 0) it draws on: disposed before the next piece starts. */
  layers: number[];
  instructions: number;
  frames: number;
  keyEvents: number;
  mouseEvents: number;
}

const element = (value: string): string => `${codePoints(value)}.${value}`;

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++; // a high surrogate and its partner count once
  }
  return n;
}

/** Split protocol text into instructions (element lists); lengths are code points. Throws on bad input. */
export function splitInstructions(text: string, where: string): string[][] {
  const out: string[][] = [];
  let i = 0;
  let current: string[] = [];
  while (i < text.length) {
    const dot = text.indexOf('.', i);
    const length = dot < 0 ? NaN : Number(text.slice(i, dot));
    if (!Number.isInteger(length) || length < 0 || dot === i) throw new Error(`${where}: bad element length at UTF-16 offset ${i}`);
    let end = dot + 1;
    for (let n = 0; n < length; n++) {
      const c = text.charCodeAt(end);
      end += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    current.push(text.slice(dot + 1, end));
    const terminator = text[end];
    if (terminator === ';') {
      out.push(current);
      current = [];
    } else if (terminator !== ',') {
      throw new Error(`${where}: expected ',' or ';' at UTF-16 offset ${end}, found ${JSON.stringify(terminator ?? 'end of file')}`);
    }
    i = end + 1;
  }
  if (current.length > 0) throw new Error(`${where}: the last instruction is cut off`);
  return out;
}

export function loadPiece(path: string): Piece {
  const name = basename(path);
  if (statSync(path).size > MAX_SOURCE_BYTES) throw new Error(`${name}: larger than ${MAX_SOURCE_BYTES} bytes, not a corpus sample`);
  const parsed = splitInstructions(readFileSync(path, 'utf8'), name);
  let origin = Infinity;
  for (const ins of parsed) {
    const at = STAMP_ARG[ins[0]!];
    if (at !== undefined) origin = Math.min(origin, Number(ins[at + 1]));
  }
  const piece: Piece = {
    name, statics: [], offsetsMs: [], firstSyncMs: NaN, lastSyncMs: NaN, spanMs: 0, width: 0, height: 0,
    layers: [], instructions: parsed.length, frames: 0, keyEvents: 0, mouseEvents: 0,
  };
  const layers = new Set<number>();
  let text = '';
  for (const ins of parsed) {
    const [opcode, ...args] = ins as [string, ...string[]];
    for (const a of LAYER_ARGS[opcode] ?? []) if (args[a] !== undefined && Number(args[a]) !== 0) layers.add(Number(args[a]));
    if (opcode === 'size' && args[0] === '0' && piece.width === 0) [piece.width, piece.height] = [Number(args[1]), Number(args[2])];
    if (opcode === 'sync') piece.frames++;
    if (opcode === 'key') piece.keyEvents++;
    if (opcode === 'mouse') piece.mouseEvents++;
    const at = STAMP_ARG[opcode];
    if (at === undefined || args[at] === undefined) {
      text += `${ins.map(element).join(',')};`;
      continue;
    }
    const offsetMs = Number(args[at]) - origin;
    if (!Number.isSafeInteger(offsetMs)) throw new Error(`${name}: ${opcode} has a timestamp that is not a whole number: ${args[at]}`);
    if (opcode === 'sync') {
      if (Number.isNaN(piece.firstSyncMs)) piece.firstSyncMs = offsetMs;
      piece.lastSyncMs = offsetMs;
    }
    piece.spanMs = Math.max(piece.spanMs, offsetMs);
    const before = [opcode, ...args.slice(0, at)].map(element).join(',');
    piece.statics.push(`${text}${before},`);
    piece.offsetsMs.push(offsetMs);
    const after = args.slice(at + 1).map(element);
    text = `${after.length > 0 ? `,${after.join(',')}` : ''};`;
  }
  piece.statics.push(text);
  if (piece.frames === 0) throw new Error(`${name}: no sync instruction, nothing to repeat`);
  if (piece.width === 0) throw new Error(`${name}: never sets the default layer's size`);
  piece.layers = [...layers].sort((a, b) => a - b);
  return piece;
}

/**
 * What goes between two pieces: the previous piece's layers and buffers are disposed and the screen is
 * cleared, so the next piece starts from the same state as its own recording did (an empty display).
 */
function glue(previous: Piece, width: number, height: number): string {
  const dispose = previous.layers.map((l) => `7.dispose,${element(String(l))};`).join('');
  return `${dispose}4.rect,1.0,1.0,1.0,${element(String(width))},${element(String(height))};5.cfill,2.14,1.0,1.0,1.0,1.0,3.255;`;
}

/** Every source, read and checked before anything is written. */
function loadPieces(sources: string[]): Piece[] {
  if (sources.length === 0) throw new Error('no source recordings given');
  const pieces = sources.map(loadPiece);
  const { name, width, height } = pieces[0]!;
  for (const p of pieces) {
    if (p.width !== width || p.height !== height) throw new Error(`${p.name} is ${p.width}x${p.height}, ${name} is ${width}x${height}: one screen size only`);
  }
  return pieces;
}

/** The dump's text, one piece per item (~100 KB each). `facts` is complete once it has ended. */
export function syntheticGuacPieces(opts: SyntheticGuacOptions, facts: SyntheticGuacFacts): Generator<string> {
  return piecesOf(loadPieces(opts.sources), opts, facts);
}

function* piecesOf(pieces: Piece[], opts: SyntheticGuacOptions, facts: SyntheticGuacFacts): Generator<string> {
  const { width, height } = pieces[0]!;
  const rng = mulberry32(opts.seed ?? 1);
  const gapMs = opts.gapMs ?? 1000;
  let clockMs = opts.startMs ?? 1_000_000;
  let previous: Piece | undefined;
  Object.assign(facts, { width, height, firstSyncMs: NaN });
  while (facts.outputBytes < opts.targetBytes) {
    const piece = pieces[Math.floor(rng() * pieces.length)]!;
    const prefix = previous ? glue(previous, width, height) : '';
    const parts: string[] = [prefix];
    for (let i = 0; i < piece.offsetsMs.length; i++) parts.push(piece.statics[i]!, element(String(clockMs + piece.offsetsMs[i]!)));
    parts.push(piece.statics[piece.statics.length - 1]!);
    const text = parts.join('');
    if (Number.isNaN(facts.firstSyncMs)) facts.firstSyncMs = clockMs + piece.firstSyncMs;
    facts.durationMs = clockMs + piece.lastSyncMs - facts.firstSyncMs;
    facts.outputBytes += Buffer.byteLength(text);
    facts.instructions += piece.instructions + (previous ? previous.layers.length + 2 : 0);
    facts.frames += piece.frames;
    facts.keyEvents += piece.keyEvents;
    facts.mouseEvents += piece.mouseEvents;
    facts.pieces++;
    facts.piecesBySource[piece.name] = (facts.piecesBySource[piece.name] ?? 0) + 1;
    yield text;
    clockMs += piece.spanMs + gapMs;
    previous = piece;
  }
}

export function emptyGuacFacts(gzip: boolean): SyntheticGuacFacts {
  return {
    outputBytes: 0, fileBytes: 0, gzip, instructions: 0, frames: 0, durationMs: 0, firstSyncMs: NaN,
    keyEvents: 0, mouseEvents: 0, pieces: 0, width: 0, height: 0, piecesBySource: {},
  };
}

async function write(sink: Writable, text: string): Promise<void> {
  if (!sink.write(text)) await once(sink, 'drain');
}

/**
 * Write the dump to `path` (gzip when asked), honouring back-pressure. It is written under a temporary
 * name and renamed at the end, so a cut-off run never leaves a file that looks complete.
 */
export async function writeSyntheticGuac(path: string, opts: SyntheticGuacOptions): Promise<SyntheticGuacFacts> {
  const facts = emptyGuacFacts(opts.gzip ?? false);
  const pieces = loadPieces(opts.sources);
  const partial = `${path}.partial-${process.pid}`;
  const file = createWriteStream(partial);
  const gzip = opts.gzip ? createGzip({ level: 6 }) : undefined;
  const sink = gzip ?? file;
  gzip?.pipe(file);
  const closed = once(file, 'close');
  try {
    for (const text of piecesOf(pieces, opts, facts)) await write(sink, text);
    sink.end();
    await closed;
    renameSync(partial, path);
  } catch (e) {
    sink.destroy();
    file.destroy();
    rmSync(partial, { force: true });
    throw e;
  }
  facts.fileBytes = statSync(path).size;
  return facts;
}
