/**
 * Clips placed one after another on a recording's timeline: which clip holds a time, and where in it.
 * Pure (no DOM), so the clip arithmetic is tested without a browser.
 */
import type { TimeMs } from '../../../shared/model';

export interface TimelineClip {
  url: string;
  name: string;
  mimeType: string;
  startMs: TimeMs;
  durationMs: TimeMs;
}

/** The clip holding `ms` and the time inside it; a time on a boundary belongs to the later clip. */
export function clipAt(clips: readonly TimelineClip[], ms: TimeMs): { index: number; localMs: TimeMs } {
  if (clips.length === 0) return { index: -1, localMs: 0 };
  let index = 0;
  for (let i = 0; i < clips.length; i++) if (clips[i]!.startMs <= ms) index = i;
  const clip = clips[index]!;
  return { index, localMs: Math.min(Math.max(0, ms - clip.startMs), clip.durationMs) };
}

/** The codec part of a MIME type: `video/mp4; codecs="avc1.64001f,mp4a.40.2"` -> ['avc1.64001f', 'mp4a.40.2']. */
export function codecsOf(mimeType: string): string[] {
  const m = /codecs\s*=\s*"?([^";]+)"?/i.exec(mimeType);
  return m ? m[1]!.split(',').map((c) => c.trim()).filter((c) => c !== '') : [];
}

/**
 * The first codec of a clip this browser cannot play, or undefined when it can play them all.
 * `canPlay` answers for one MIME type with one codec (MediaSource.isTypeSupported or canPlayType).
 */
export function unplayableCodec(mimeType: string, canPlay: (type: string) => boolean): string | undefined {
  const base = mimeType.split(';')[0]!.trim();
  return codecsOf(mimeType).find((codec) => !canPlay(`${base}; codecs="${codec}"`));
}
