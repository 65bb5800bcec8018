/**
 * The evidence bundle: members staged as files in a hidden folder next to the destination (each hashed as
 * it is written), then zipped (jszip, streamed from the staged files) under a temp name and renamed. The
 * staging folder is removed whatever happens.
 */
import { mkdtempSync, rmSync, createReadStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { TrailviewError } from '../../../shared/errors';
import {
  BUNDLE_FORMAT,
  MANIFEST_NAME,
  README_NAME,
  SUMS_NAME,
  manifestText,
  readmeText,
  sumsText,
  withSelfHash,
  type BundleManifest,
  type ManifestMember,
} from '../../../shared/formats/bundle/manifest';
import { OutputFile, type WrittenFile } from './output-file';
import { sha256Hex } from './hashing';
import type { ClipContext, ClipRange, ClipRequest } from './types';

export interface BundleMemberWriter {
  name: string;
  role: string;
  /** Share of the export's time this member takes (for progress). */
  weight: number;
  write(ctx: ClipContext, write: (text: string) => Promise<void>): Promise<unknown>;
}

/** Zip compression: level 1 keeps most of deflate's gain on terminal text at a fraction of level 6's time. */
const ZIP_OPTIONS = { type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE', compressionOptions: { level: 1 } } as const;

export async function writeBundle(ctx: ClipContext, req: ClipRequest, range: ClipRange, writers: BundleMemberWriter[], omitted: string[]): Promise<WrittenFile> {
  const staging = mkdtempSync(join(dirname(req.outPath), `.${basename(req.outPath)}.staging-`));
  try {
    const members: ManifestMember[] = [];
    const staged = new Map<string, string>();
    const totalWeight = writers.reduce((n, w) => n + w.weight, 0) + 1;
    let done = 0;
    const stage = async (name: string, role: string, weight: number, fill: (write: (text: string) => Promise<void>, sub: ClipContext) => Promise<unknown>): Promise<void> => {
      const file = new OutputFile(join(staging, name));
      const base = done;
      const sub: ClipContext = { ...ctx, progress: (f) => ctx.progress((base + f * weight) / totalWeight) };
      try {
        await fill((t) => file.write(t), sub);
        const written = await file.commit();
        members.push({ name, role, sizeBytes: written.sizeBytes, sha256: written.sha256 });
        staged.set(name, written.path);
      } finally {
        await file.discard();
      }
      done += weight;
    };
    for (const w of writers) await stage(w.name, w.role, w.weight, (write, sub) => w.write(sub, write));

    const s = ctx.summary;
    const start = ctx.wallClockStartMs;
    const body: Omit<BundleManifest, 'manifestSha256' | 'members'> = {
      format: BUNDLE_FORMAT,
      source: { fileName: s.fileName, sizeBytes: s.sizeBytes, sha256: s.sha256, format: s.format, kind: s.kind },
      ...(s.container ? { container: { kind: s.container.kind, fileName: s.container.fileName, sizeBytes: s.container.sizeBytes, sha256: s.container.sha256, memberPaths: s.container.memberPaths } } : {}),
      range: {
        fromMs: range.fromMs,
        toMs: range.toMs,
        durationMs: range.toMs - range.fromMs,
        ...(start !== undefined ? { fromIso: new Date(start + range.fromMs).toISOString(), toIso: new Date(start + range.toMs).toISOString() } : {}),
      },
      ...(s.session ? { session: s.session } : {}),
      ...(s.metadata ? { metadata: s.metadata } : {}),
      exportedBy: { app: 'Trailview', version: req.appVersion ?? '0.0.0', atIso: new Date().toISOString() },
      notes: req.notes ?? '',
      bookmarks: (req.bookmarks ?? []).filter((b) => b.timeMs >= range.fromMs && b.timeMs <= range.toMs).map((b) => ({ timeMs: b.timeMs, note: b.note })),
      ...(omitted.length > 0 ? { omitted } : {}),
    };
    // The README lists every member, itself and SHA256SUMS included (their hashes are in the manifest).
    const listed = [...members, { name: README_NAME, role: 'how to verify this bundle', sizeBytes: 0, sha256: '' }, { name: SUMS_NAME, role: 'SHA-256 of every file but itself and the manifest (sha256sum -c)', sizeBytes: 0, sha256: '' }];
    await stage(README_NAME, listed[listed.length - 2]!.role, 0, (write) => write(readmeText({ ...body, members: listed })));
    await stage(SUMS_NAME, listed[listed.length - 1]!.role, 0, (write) => write(sumsText(members)));
    const zeroed = manifestText({ ...body, members });
    const manifest = withSelfHash(zeroed, sha256Hex(Buffer.from(zeroed, 'utf8')));

    ctx.signal.throwIfAborted();
    const zip = new JSZip();
    const date = new Date();
    zip.file(MANIFEST_NAME, manifest, { date });
    for (const m of members) zip.file(m.name, createReadStream(staged.get(m.name)!), { date });
    const out = new OutputFile(req.outPath);
    try {
      // jszip hands out an old-style stream; wrapped, it is async iterable and can be destroyed.
      const stream = new Readable().wrap(zip.generateNodeStream(ZIP_OPTIONS));
      for await (const piece of stream as AsyncIterable<Buffer>) {
        if (ctx.signal.aborted) {
          stream.destroy();
          ctx.signal.throwIfAborted();
        }
        await out.write(piece);
      }
      const written = await out.commit();
      ctx.progress(1);
      return written;
    } finally {
      await out.discard();
    }
  } catch (e) {
    if (e instanceof TrailviewError || ctx.signal.aborted) throw e;
    throw new TrailviewError('INTERNAL', `the bundle could not be made: ${(e as Error).message}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
