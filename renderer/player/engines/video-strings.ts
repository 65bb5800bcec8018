/** The video player's messages for people, from the `video` namespace (codec names are not translated). */
import { codecFamily } from '../../../shared/formats/video/codec-names';
import { t } from '../../i18n';

export const videoStrings = {
  cannotDecode: (codec: string, browser: string) => t('video:cannotDecode', { family: codecFamily(codec), codec, browser }),
  decodeFailed: (clip: string, codec: string, detail: string) => t('video:decodeFailed', { clip, family: codecFamily(codec), codec, detail }),
  loadFailed: (clip: string, detail: string) => t('video:loadFailed', { clip, detail }),
  noClips: (file: string) => t('video:noClips', { file }),
  noAnswer: (seconds: number) => t('video:noAnswer', { seconds }),
  mediaError: (code: number) => t('video:mediaError', { code }),
};

/** What to call the browser in a message: the Electron shell is Chromium as well. */
export function browserName(userAgent: string): string {
  if (/Firefox\//.test(userAgent)) return 'Firefox';
  if (/Edg\//.test(userAgent)) return 'Edge';
  if (/Chrome\/|Chromium\//.test(userAgent)) return 'Chromium';
  if (/Safari\//.test(userAgent)) return 'Safari';
  return t('video:thisBrowser');
}
