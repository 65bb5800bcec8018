/**
 * The text index: every line that was on screen, in time order, with the time it was complete on
 * screen. Lines are kept in sealed blocks of ~1 MB (text joined by "\n" plus line offsets), so a
 * search is a handful of native indexOf/RegExp scans instead of millions of small ones, and appending
 * while indexing never rebuilds what was already sealed. A complete big index can move half of its
 * blocks to a search helper thread (search-helper.ts).
 */
import { TrailviewError } from '../../../shared/errors';
import type { SearchHit, SearchRequest, SearchResult } from '../../../shared/model';
import { TextTail } from './text-tail';

/**
 * Under ~1 MiB on purpose: Node makes a longer Latin-1 string an external one (malloc memory outside
 * V8's heap), and the allocator keeps such memory after it is freed: blocks handed to the search
 * helper would stay in this thread's RSS as well.
 */
const BLOCK_CHARS = 1_000_000;
/**
 * Line times live in fixed pages, not one array grown by doubling: a doubling copies everything and,
 * at 2M+ lines, holds up to three times the 17 MB the times need while it does.
 */
const TIME_PAGE_SHIFT = 16;
const TIME_PAGE = 1 << TIME_PAGE_SHIFT;
export const DEFAULT_SEARCH_LIMIT = 500;
export const MAX_SEARCH_LIMIT = 5000;

/** A sealed run of lines (also what a search helper thread is given: see search-helper.ts). */
export interface TextBlock {
  firstLine: number;
  /** Lines joined with "\n", with a trailing "\n". */
  text: string;
  /** Offset of each line in `text`. */
  starts: Uint32Array;
}
type Block = TextBlock;

/** A hit before its time is looked up (a search helper thread has the text, not the times). */
export type LineHit = Omit<SearchHit, 'timeMs'>;

/** What scanning some blocks found: the first `limit` hits in order, and how many there are in all. */
export interface PartResult {
  hits: LineHit[];
  total: number;
}

/** Blocks [from, to) live in a search helper thread: this index keeps their line offsets, not their text. */
export interface HandedOff {
  from: number;
  to: number;
  /** The first line of block `from`. */
  firstLine: number;
}

/**
 * Lower-case without changing the length, so offsets in the lowered text are offsets in the original
 * (a few characters, e.g. U+0130, lower-case to two code units: those stay as they are).
 */
export function lowerSameLength(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  let out = '';
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return WORD_CHAR.test(String.fromCodePoint(s.codePointAt(i) ?? c));
}

export class TextIndex {
  private blocks: Block[] = [];
  private readonly tail = new TextTail();
  private timePages: Float64Array[] = [];
  private count = 0;
  private lastTime = 0;
  private handed: HandedOff | undefined;

  get lineCount(): number {
    return this.count;
  }

  get lastTimeMs(): number {
    return this.lastTime;
  }

  /** An empty index whose lines come after one whose last line was at `lastTimeMs` (same clamping). */
  static continuing(lastTimeMs: number): TextIndex {
    const index = new TextIndex();
    index.lastTime = lastTimeMs;
    return index;
  }

  /**
   * Lines joined with a "\n" after each (as exportText gives them) and their times, appended as if one
   * by one: they go into the blocks being filled, so many small pieces do not make many small blocks.
   */
  appendLines(joined: string, times: ArrayLike<number>): void {
    if (!joined) return;
    const text = joined.endsWith('\n') ? joined : `${joined}\n`;
    const lines = this.tail.appendJoined(text);
    for (let i = 0; i < lines; i++) this.pushTime(times[i] ?? this.lastTime);
    if (this.tail.chars >= BLOCK_CHARS) this.seal();
  }

  /** Lines must arrive in time order; a late one is placed at the last time (it was still on screen). */
  append(text: string, timeMs: number): void {
    this.tail.appendString(text);
    this.appended(timeMs);
  }

  /** The same for a line given as Latin-1 bytes `src[start, end)` (the indexer's, without a string). */
  appendLatin1(src: Uint8Array, start: number, end: number, timeMs: number): void {
    this.tail.appendLatin1(src, start, end);
    this.appended(timeMs);
  }

  /** Lines laid out back to back with a "\n" after each (see LineSink): copied in runs, not one by one. */
  appendLatin1Lines(src: Uint8Array, starts: number[], ends: number[], times: number[], from: number, to: number): void {
    while (from < to) {
      // As many lines as fit in the block being filled (the one that fills it included, as append does).
      let k = from;
      let chars = this.tail.chars;
      while (k < to && chars < BLOCK_CHARS) chars += ends[k]! - starts[k++]! + 1;
      this.tail.appendLatin1Lines(src, starts, ends, from, k);
      for (let i = from; i < k; i++) this.pushTime(times[i]!);
      if (this.tail.chars >= BLOCK_CHARS) this.seal();
      from = k;
    }
  }

  /**
   * Lines already joined, each followed by "\n" (as the cache stores them), with their times from
   * `times[from]` on: one block as it is, not split into a string per line. Returns how many lines.
   */
  appendJoined(joined: string, times: ArrayLike<number>, from: number): number {
    if (!joined) return 0;
    const text = joined.endsWith('\n') ? joined : `${joined}\n`;
    this.seal();
    const starts: number[] = [];
    for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1) starts.push(at);
    const firstLine = this.count;
    for (let i = 0; i < starts.length; i++) this.pushTime(times[from + i] ?? 0);
    this.blocks.push({ firstLine, text, starts: Uint32Array.from(starts) });
    return starts.length;
  }

  private appended(timeMs: number): void {
    this.pushTime(timeMs);
    if (this.tail.chars >= BLOCK_CHARS) this.seal();
  }

  private pushTime(timeMs: number): void {
    const at = this.count & (TIME_PAGE - 1);
    if (at === 0) this.timePages.push(new Float64Array(TIME_PAGE));
    const t = Math.max(timeMs, this.lastTime);
    this.timePages[this.timePages.length - 1]![at] = t;
    this.lastTime = t;
    this.count++;
  }

  private seal(): void {
    if (this.tail.lineCount === 0) return;
    // No lower-cased copy here: ASCII queries (nearly all) scan the text case-insensitively as it is, and
    // a copy of every block would double the index's memory. Other queries lower-case each block as they go.
    const firstLine = this.count - this.tail.lineCount;
    this.blocks.push({ firstLine, ...this.tail.seal() });
  }

  /** The unsealed lines as a block (searching them does not seal them). */
  private tailBlock(): Block {
    return { firstLine: this.count - this.tail.lineCount, ...this.tail.snapshot() };
  }

  timeAt(lineIndex: number): number {
    return this.timePages[lineIndex >> TIME_PAGE_SHIFT]?.[lineIndex & (TIME_PAGE - 1)] ?? 0;
  }

  /** Lines this index holds the text of (`textAt` works for them): all, unless some were handed off. */
  isLocal(lineIndex: number): boolean {
    const h = this.handed;
    return !h || lineIndex < h.firstLine || lineIndex >= this.blockFirstLine(h.to);
  }

  private blockFirstLine(i: number): number {
    return i < this.blocks.length ? this.blocks[i]!.firstLine : this.count - this.tail.lineCount;
  }

  textAt(lineIndex: number): string {
    if (!this.isLocal(lineIndex)) throw new Error(`line ${lineIndex} was handed to the search helper`);
    const tailStart = this.count - this.tail.lineCount;
    if (lineIndex >= tailStart) return this.tail.lineText(lineIndex - tailStart);
    const block = this.blockFor(lineIndex);
    const i = lineIndex - block.firstLine;
    return block.text.slice(block.starts[i]!, lineEnd(block, i));
  }

  private blockFor(lineIndex: number): Block {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.blocks[mid]!.firstLine <= lineIndex) lo = mid;
      else hi = mid - 1;
    }
    return this.blocks[lo]!;
  }

  *lines(from = 0): Generator<{ text: string; timeMs: number; lineIndex: number }> {
    for (let i = from; i < this.count; i++) yield { text: this.textAt(i), timeMs: this.timeAt(i), lineIndex: i };
  }

  /** All text as "\n"-terminated lines, and the times (for the cache files). */
  exportText(): { text: string; times: Float64Array } {
    const { parts, times } = this.exportParts();
    const all = new Float64Array(this.count);
    let at = 0;
    for (const page of times) {
      all.set(page, at);
      at += page.length;
    }
    return { text: parts.join(''), times: all };
  }

  /**
   * Like exportText, in pieces (~1 MiB of text, 64 Ki times), so writing the cache copies nothing big:
   * the blocks from `fromBlock` and the time pages from `fromPage` on. `sealedOnly`: only what will not
   * change any more (sealed blocks, full time pages), which the cache writes while indexing goes on.
   */
  exportParts(fromBlock = 0, fromPage = 0, sealedOnly = false): { parts: string[]; times: Float64Array[] } {
    if (this.handed) throw new Error('the text index was handed off in part and cannot be exported');
    const parts = this.blocks.slice(fromBlock).map((b) => b.text);
    if (!sealedOnly && this.tail.lineCount) parts.push(this.tail.snapshot().text);
    const pages = sealedOnly ? Math.floor(this.count / TIME_PAGE) : this.timePages.length;
    const times: Float64Array[] = [];
    for (let i = fromPage; i < pages; i++) times.push(this.timePages[i]!.subarray(0, Math.min(TIME_PAGE, this.count - i * TIME_PAGE)));
    return { parts, times };
  }

  static fromExport(text: string, times: Float64Array): TextIndex {
    const index = new TextIndex();
    let start = 0;
    let i = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      const stop = end < 0 ? text.length : end;
      index.append(text.slice(start, stop), times[i++] ?? 0);
      start = stop + 1;
    }
    return index;
  }

  /** Characters held, one "\n" per line included. */
  get chars(): number {
    let n = this.tail.chars;
    for (const b of this.blocks) n += b.text.length;
    return n;
  }

  /**
   * The index is complete: hands the blocks after its middle character to `post` (a search helper
   * thread) one by one and keeps only their line offsets, so the text is held once. Undefined (nothing
   * handed) when there are fewer than two blocks.
   */
  handOff(post: (block: TextBlock) => void): HandedOff | undefined {
    if (this.handed) throw new Error('the text index was handed off already');
    this.seal();
    const blocks = this.blocks;
    if (blocks.length < 2) return undefined;
    const half = this.chars / 2;
    let from = 0;
    for (let chars = 0; from < blocks.length - 1 && chars + blocks[from]!.text.length <= half; from++) chars += blocks[from]!.text.length;
    from = Math.max(1, from);
    for (let i = from; i < blocks.length; i++) {
      const b = blocks[i]!;
      post({ firstLine: b.firstLine, text: b.text, starts: b.starts });
      blocks[i] = { firstLine: b.firstLine, text: '', starts: b.starts };
    }
    this.handed = { from, to: blocks.length, firstLine: blocks[from]!.firstLine };
    return this.handed;
  }

  search(req: SearchRequest, partial: boolean): SearchResult {
    if (this.handed) throw new Error('the text index was handed off in part: search with searchSplit');
    const t0 = performance.now();
    const limit = searchLimit(req);
    const part = req.query.length > 0 ? scanBlocks(this.allBlocks(), scannerFor(req), limit) : { hits: [], total: 0 };
    return this.result(part, limit, partial, t0);
  }

  /**
   * A search of an index that was handed off in part: `remote` (given the hit limit) searches the
   * handed blocks while this thread scans the rest; their hits go in line order. The query is checked
   * (a bad regex throws BAD_REQUEST) before `remote` is asked. A failing remote fails the search.
   */
  async searchSplit(req: SearchRequest, partial: boolean, remote: (limit: number) => Promise<PartResult>): Promise<SearchResult> {
    const h = this.handed;
    if (!h) throw new Error('the text index was not handed off');
    const t0 = performance.now();
    const limit = searchLimit(req);
    if (req.query.length === 0) return this.result({ hits: [], total: 0 }, limit, partial, t0);
    const scan = scannerFor(req);
    const far = remote(limit);
    // Settled here too, so a failure while this thread scans is not an unhandled rejection meanwhile.
    far.catch(() => undefined);
    const all = this.allBlocks();
    const before = scanBlocks(all.slice(0, h.from), scan, limit);
    const after = scanBlocks(all.slice(h.to), scan, limit);
    const middle = await far;
    const hits = [...before.hits, ...middle.hits, ...after.hits];
    return this.result({ hits, total: before.total + middle.total + after.total }, limit, partial, t0);
  }

  private allBlocks(): Block[] {
    return this.tail.lineCount ? [...this.blocks, this.tailBlock()] : this.blocks;
  }

  private result(part: PartResult, limit: number, partial: boolean, t0: number): SearchResult {
    const hits: SearchHit[] = part.hits.slice(0, limit).map((h) => ({ timeMs: this.timeAt(h.lineIndex), ...h }));
    return { hits, total: part.total, truncated: part.total > hits.length, partial, tookMs: performance.now() - t0 };
  }
}

function searchLimit(req: SearchRequest): number {
  return Math.max(1, Math.min(MAX_SEARCH_LIMIT, req.limit ?? DEFAULT_SEARCH_LIMIT));
}

/** Scans `blocks` in order: the first `limit` hits and the number of all of them. */
export function scanBlocks(blocks: readonly TextBlock[], scan: Scanner, limit: number): PartResult {
  const hits: LineHit[] = [];
  let total = 0;
  for (const block of blocks) {
    total += scan(block, (offset, length) => {
      if (hits.length >= limit) return;
      const i = lineOf(block.starts, offset);
      const lineStart = block.starts[i]!;
      const end = lineEnd(block, i);
      hits.push({
        text: block.text.slice(lineStart, end),
        matchStart: offset - lineStart,
        matchLength: Math.min(length, end - offset),
        lineIndex: block.firstLine + i,
      });
    });
  }
  return { hits, total };
}

/** Lines [from, from + count) of `blocks` that lie in them (a helper thread answering for its blocks). */
export function blockLines(blocks: readonly TextBlock[], from: number, count: number): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    const last = Math.min(b.starts.length, from + count - b.firstLine);
    for (let i = Math.max(0, from - b.firstLine); i < last; i++) {
      out.push(b.text.slice(b.starts[i]!, lineEnd(b, i)));
    }
  }
  return out;
}

/** Where line `i` of `block` ends: before its "\n". */
function lineEnd(block: TextBlock, i: number): number {
  return (i + 1 < block.starts.length ? block.starts[i + 1]! : block.text.length) - 1;
}

function lineOf(starts: Uint32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Scans one block, calls `hit` per match, returns how many matches it found. */
export type Scanner = (block: Block, hit: (offset: number, length: number) => void) => number;

/** The scanner for a request (throws BAD_REQUEST for a regular expression that does not compile). */
export function scannerFor(req: SearchRequest): Scanner {
  return req.regex ? regexScanner(req) : substringScanner(req);
}

function substringScanner(req: SearchRequest): Scanner {
  const needle = req.caseSensitive ? req.query : lowerSameLength(req.query);
  if (needle.includes('\n')) return () => 0;
  if (!req.caseSensitive && /^[\x00-\x7f]*$/.test(needle)) return asciiIgnoreCaseScanner(req, needle);
  return (block, hit) => {
    // Lower-cased per search, not kept: a kept copy would double the index's memory for good.
    const hay = req.caseSensitive ? block.text : lowerSameLength(block.text);
    let n = 0;
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) {
      if (req.wholeWord && (isWordAt(hay, i - 1) || isWordAt(hay, i + needle.length))) {
        i = i + 1 - needle.length;
        continue;
      }
      n++;
      hit(i, needle.length);
    }
    return n;
  };
}

/**
 * A case-insensitive ASCII needle, found in the original text by a /i regex (as fast as indexOf on a
 * lower-cased copy, which then need not exist). Same hits as that copy would give, except for the odd
 * non-ASCII letter that lower-cases to ASCII (the Kelvin sign): JavaScript's /i does not fold those.
 */
function asciiIgnoreCaseScanner(req: SearchRequest, needle: string): Scanner {
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'gi');
  return (block, hit) => {
    const hay = block.text;
    let n = 0;
    re.lastIndex = 0;
    // test() rather than exec(): no match object per hit (a common word has hundreds of thousands; 134 ->
    // ~80 ms on the bench's 100 MB). Every match is the needle's length (non-ASCII never folds to ASCII
    // without the u flag), so lastIndex tells where it starts.
    while (re.test(hay)) {
      const i = re.lastIndex - needle.length;
      if (req.wholeWord && (isWordAt(hay, i - 1) || isWordAt(hay, i + needle.length))) {
        re.lastIndex = i + 1;
        continue;
      }
      n++;
      hit(i, needle.length);
    }
    return n;
  };
}

function regexScanner(req: SearchRequest): Scanner {
  let re: RegExp;
  try {
    re = new RegExp(req.query, req.caseSensitive ? 'gm' : 'gim');
  } catch (e) {
    throw new TrailviewError('BAD_REQUEST', `invalid regular expression ${JSON.stringify(req.query)}: ${(e as Error).message}`);
  }
  return (block, hit) => {
    let n = 0;
    re.lastIndex = 0;
    for (let m = re.exec(block.text); m; m = re.exec(block.text)) {
      const length = m[0].length;
      if (length === 0) {
        re.lastIndex++;
        continue;
      }
      // Lines are separate: a match running into the next line does not count; go on from that line.
      const nl = m[0].indexOf('\n');
      if (nl >= 0) {
        re.lastIndex = m.index + nl + 1;
        continue;
      }
      if (req.wholeWord && (isWordAt(block.text, m.index - 1) || isWordAt(block.text, m.index + length))) {
        re.lastIndex = m.index + 1;
        continue;
      }
      n++;
      hit(m.index, length);
    }
    return n;
  };
}
