/**
 * The video player's words for people, kept in one place (moved to renderer/i18n's `video` namespace when
 * the engine gets a `t`).
 */
import { codecFamily } from '../../../shared/formats/video/codec-names';

export const videoStrings = {
  cannotDecode: (codec: string, browser: string) => `This recording is ${codecFamily(codec)} (${codec}); ${browser} here cannot decode it.`,
  decodeFailed: (clip: string, codec: string, detail: string) => `${clip}: the video could not be decoded (${codecFamily(codec)}, ${codec}): ${detail}`,
  loadFailed: (clip: string, detail: string) => `${clip}: the video could not be loaded: ${detail}`,
  noClips: (file: string) => `${file}: the host returned no clips to play`,
};

/** What to call the browser in a message: the Electron shell is Chromium as well. */
export function browserName(userAgent: string): string {
  if (/Firefox\//.test(userAgent)) return 'Firefox';
  if (/Edg\//.test(userAgent)) return 'Edge';
  if (/Chrome\/|Chromium\//.test(userAgent)) return 'Chromium';
  if (/Safari\//.test(userAgent)) return 'Safari';
  return 'this browser';
}
