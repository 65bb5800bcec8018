/**
 * Display (Guacamole) recordings for component tests: frames of simple instructions cut into
 * DisplayChunks the way the contract describes them, served by an api that also answers transcript,
 * search (with kinds) and activity. Keyframe preludes are built independently of the engine: the
 * compacted state (`paint` per key, `size`) as a FakeGuacScreen would hold it before the chunk.
 */
import type { Method, Req, Res, Result } from '../../shared/api';
import { encodeInstruction } from '../../shared/formats/guacamole/encode';
import type { Activity, DisplayChunk, DisplaySummary, IdleStretch, SearchHit, TextLine } from '../../shared/model';
import { createFakeApi, type FakeApi, type FakeRecording } from './fake-api';

/** One instruction: [opcode, ...args]. */
export type Ins = [string, ...(string | number)[]];

export interface DisplaySpec {
  id: string;
  fileName?: string;
  /** [timeMs of the frame's sync, its instructions] in time order. */
  frames: [number, Ins[]][];
  framesPerChunk?: number;
  /** Chunks k with k % keyframeEvery === 0 carry a prelude (default 2). */
  keyframeEvery?: number;
  /** Preludes exist only for chunks below this (the keyframe pass is still running). */
  keyframesBelow?: number;
  /** Chunks that start a new part (resetsDisplay: the display starts empty there). */
  resets?: number[];
  idle?: IdleStretch[];
  lines?: TextLine[];
  activity?: Activity;
}

export interface FakeDisplayRecording {
  summary: DisplaySummary;
  chunks: DisplayChunk[];
  lines: TextLine[];
  activity: Activity;
  /** Screen state (as FakeGuacScreen.state() prints it) after every frame at or before t. */
  truthAt(t: number): string;
}

export interface ScreenModel {
  width: number;
  height: number;
  paint: Map<string, string>;
}

/** What `paint,KEY,VALUE` and `size,0,W,H` do; everything else leaves the model alone. */
export function applyIns(m: ScreenModel, opcode: string, args: readonly string[]): void {
  if (opcode === 'paint') m.paint.set(args[0]!, args[1]!);
  else if (opcode === 'size' && args[0] === '0') {
    m.width = Number(args[1]);
    m.height = Number(args[2]);
  }
}

export function modelState(m: ScreenModel): string {
  const keys = [...m.paint.keys()].sort();
  return `${m.width}x${m.height} ${keys.map((k) => `${k}=${m.paint.get(k)}`).join(' ')}`;
}

const enc = (ins: Ins): string => encodeInstruction(ins[0], ins.slice(1));

export function buildDisplayRecording(spec: DisplaySpec): FakeDisplayRecording {
  const per = spec.framesPerChunk ?? 3;
  const every = spec.keyframeEvery ?? 2;
  const frames = spec.frames;
  const durationMs = frames.length ? frames[frames.length - 1]![0] : 0;
  const model: ScreenModel = { width: 0, height: 0, paint: new Map() };
  const chunks: DisplayChunk[] = [];
  const resetFrames = new Set<number>();
  for (let start = 0; start < Math.max(1, frames.length); start += per) {
    const index = chunks.length;
    const slice = frames.slice(start, start + per);
    const next = frames[start + per];
    const resets = spec.resets?.includes(index) ?? false;
    const lastReset = Math.max(0, ...(spec.resets ?? []).filter((r) => r <= index));
    const keyframeChunk = Math.max(lastReset, index - (index % every));
    if (resets) {
      model.width = 0;
      model.height = 0;
      model.paint.clear();
      resetFrames.add(start);
    }
    let prelude: string | undefined = resets ? '' : undefined;
    if (!resets && index > 0 && index % every === 0 && index < (spec.keyframesBelow ?? Infinity)) {
      prelude = `${enc(['size', 0, model.width, model.height])}${[...model.paint].map(([k, v]) => enc(['paint', k, v])).join('')}`;
    }
    let text = '';
    const frameEnds: number[] = [];
    for (const [t, list] of slice) {
      for (const ins of list) {
        text += enc(ins);
        applyIns(model, ins[0], ins.slice(1).map(String));
      }
      text += enc(['sync', t, 0]);
      frameEnds.push(text.length);
    }
    chunks.push({
      kind: 'display',
      chunkIndex: index,
      chunkCount: 0,
      // A new part starts a little after the last one ended: the gap belongs to it (an empty screen).
      startMs: index === 0 ? 0 : resets ? frames[start - 1]![0] + 1 : slice[0]![0],
      endMs: next ? next[0] : durationMs,
      last: !next,
      keyframeChunk: resets ? index : index > 0 && index < (spec.keyframesBelow ?? Infinity) ? keyframeChunk : lastReset,
      ...(resets ? { resetsDisplay: true } : {}),
      ...(prelude !== undefined ? { prelude } : {}),
      instructions: text,
      frameTimesMs: slice.map(([t]) => t),
      frameEnds,
    });
  }
  for (const c of chunks) c.chunkCount = chunks.length;
  chunks.forEach((c, i) => {
    if (i > 0) chunks[i - 1]!.endMs = c.startMs;
  });
  const summary: DisplaySummary = {
    id: spec.id,
    kind: 'display',
    format: 'guacamole',
    compression: 'none',
    fileName: spec.fileName ?? `${spec.id}.guac`,
    sizeBytes: 4321,
    sha256: spec.id.padEnd(64, '0'),
    durationMs,
    events: frames.reduce((n, [, l]) => n + l.length + 1, 0),
    markers: [],
    idle: spec.idle ?? [],
    warnings: [],
    index: { state: 'ready', progress: 1, indexedUntilMs: durationMs, fromCache: false },
    display: {
      width: model.width,
      height: model.height,
      sizes: [{ timeMs: 0, width: model.width, height: model.height }],
      frames: frames.length,
      keyEvents: 0,
      mouseEvents: 0,
      clipboardEntries: (spec.lines ?? []).filter((l) => l.kind === 'clipboard').length,
      transfers: [],
      seekableUntilMs: durationMs,
    },
  };
  const truthAt = (t: number): string => {
    const m: ScreenModel = { width: 0, height: 0, paint: new Map() };
    frames.forEach(([ft, list], i) => {
      const part = chunks.find((c) => c.resetsDisplay && c.frameTimesMs[0] === ft && resetFrames.has(i));
      if (part && part.startMs <= t) {
        m.paint.clear();
        m.width = m.height = 0;
      }
      if (ft <= t) list.forEach((ins) => applyIns(m, ins[0], ins.slice(1).map(String)));
    });
    return modelState(m);
  };
  const activity = spec.activity ?? { bucketMs: 1000, screen: [], input: [] };
  return { summary, chunks, lines: spec.lines ?? [], activity, truthAt };
}

export interface FakeGuacApi extends FakeApi {
  displays: Map<string, FakeDisplayRecording>;
  /** Only display chunks below `n` are served; later requests wait (like unindexed data). */
  setAvailableDisplayChunks(id: string, n: number): void;
}

/** The terminal fake api, plus display recordings. */
export function createFakeGuacApi(displays: FakeDisplayRecording[], terminals: FakeRecording[] = []): FakeGuacApi {
  const base = createFakeApi(terminals);
  const recs = new Map(displays.map((d) => [d.summary.id, d]));
  const available = new Map<string, number>();
  const waiters: (() => void)[] = [];
  const notFound = (what: string): Result<never> => ({ ok: false, error: { code: 'NOT_FOUND', message: `no ${what}` } });

  async function chunk(d: FakeDisplayRecording, req: Req<'chunk'>): Promise<Result<DisplayChunk>> {
    const index = req.chunkIndex ?? Math.max(0, d.chunks.findIndex((c) => c.startMs <= req.atMs! && (req.atMs! < c.endMs || c.last)));
    if (index >= d.chunks.length) return notFound(`chunk ${index}`);
    while (index >= (available.get(d.summary.id) ?? Infinity)) await new Promise<void>((resolve) => waiters.push(resolve));
    const known = Math.min(d.chunks.length, available.get(d.summary.id) ?? Infinity);
    const c = d.chunks[index]!;
    return { ok: true, value: { ...c, chunkCount: known, last: c.last && known === d.chunks.length } };
  }

  function search(d: FakeDisplayRecording, req: Req<'search'>): Result<Res<'search'>> {
    const body = req.regex ? req.query : req.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(req.wholeWord ? `\\b${body}\\b` : body, req.caseSensitive ? '' : 'i');
    const hits: SearchHit[] = [];
    d.lines.forEach((l, lineIndex) => {
      const m = re.exec(l.text);
      if (m) hits.push({ timeMs: l.timeMs, text: l.text, matchStart: m.index, matchLength: m[0].length, lineIndex, kind: l.kind });
    });
    return { ok: true, value: { hits, total: hits.length, truncated: false, partial: d.summary.index.state === 'indexing', tookMs: 0 } };
  }

  const baseCall = base.call.bind(base);
  const api: FakeGuacApi = Object.assign(base, {
    displays: recs,
    setAvailableDisplayChunks(id: string, n: number) {
      available.set(id, n);
      waiters.splice(0).forEach((w) => w());
    },
    async call<M extends Method>(method: M, req: Req<M>): Promise<Result<Res<M>>> {
      const id = (req as { id?: string }).id;
      const d = id === undefined ? undefined : recs.get(id);
      if (method === 'library') {
        const r = (await baseCall('library', {})) as Result<Res<'library'>>;
        return { ok: true, value: [...(r.ok ? r.value : []), ...[...recs.values()].map((x) => x.summary)] } as Result<Res<M>>;
      }
      if (!d) return baseCall(method, req);
      base.calls.push({ method, req });
      const r = req as Req<'transcript'> & Req<'chunk'> & Req<'search'>;
      const answer: Result<unknown> =
        method === 'chunk'
          ? await chunk(d, r)
          : method === 'search'
            ? search(d, r)
            : method === 'summary'
              ? { ok: true, value: d.summary }
              : method === 'activity'
                ? { ok: true, value: d.activity }
                : method === 'transcript'
                  ? { ok: true, value: { lines: d.lines.slice(r.from, r.from + r.count), total: d.lines.length, done: d.summary.index.state !== 'indexing' } }
                  : await baseCall(method, req);
      return answer as Result<Res<M>>;
    },
  });
  return api;
}
