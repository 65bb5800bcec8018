/** Small helpers around video.js's player: waiting for one of its events, and its errors in words. */
import type videojs from 'video.js/core';
import { codecsOf, type TimelineClip } from './video-timeline';
import { videoStrings } from './video-strings';

type VjsPlayer = ReturnType<typeof videojs>;

/** The first of `events` the player fires, or 'timeout' after `timeoutMs` (a player never hangs on it). */
export function firstEvent(player: VjsPlayer, events: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (name: string): void => {
      clearTimeout(timer);
      for (const [e, f] of handlers) player.off(e, f);
      resolve(name);
    };
    const handlers = events.map((e) => [e, () => done(e)] as const);
    for (const [e, f] of handlers) player.on(e, f);
    const timer = setTimeout(() => done('timeout'), timeoutMs);
  });
}

/** MEDIA_ERR_DECODE (3) and MEDIA_ERR_SRC_NOT_SUPPORTED (4) come from the decoder: name the codec then. */
export function mediaErrorMessage(err: { code: number; message?: string }, clip: TimelineClip): string {
  const codec = codecsOf(clip.mimeType)[0];
  const detail = err.message || videoStrings.mediaError(err.code);
  return codec && (err.code === 3 || err.code === 4) ? videoStrings.decodeFailed(clip.name, codec, detail) : videoStrings.loadFailed(clip.name, detail);
}
