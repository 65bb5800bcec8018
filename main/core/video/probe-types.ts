/** What a probe learns about one video file (one clip). */
import type { Warning } from '../../../shared/model';

export interface VideoProbe {
  format: 'mp4' | 'webm';
  width: number;
  height: number;
  durationMs: number;
  /** RFC 6381 codec strings, video track first. */
  codecs: string[];
  /** e.g. `video/mp4; codecs="avc1.64001f,mp4a.40.2"`. */
  mimeType: string;
  faststart?: boolean;
  fragmented?: boolean;
  warnings: Warning[];
}

export function mimeTypeOf(format: 'mp4' | 'webm', codecs: string[]): string {
  return codecs.length > 0 ? `video/${format}; codecs="${codecs.join(',')}"` : `video/${format}`;
}
