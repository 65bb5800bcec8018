import { describe, expect, it } from 'vitest';
import { clipAt, codecsOf, unplayableCodec } from '../../../renderer/player/engines/video-timeline';
import { browserName, videoStrings } from '../../../renderer/player/engines/video-strings';

const clips = [0, 2000, 4500].map((startMs, i) => ({ url: `u${i}`, name: `c${i}`, mimeType: 'video/mp4', startMs, durationMs: i === 1 ? 2500 : 2000 }));

describe('clips on one timeline', () => {
  it('finds the clip holding a time and the time inside it; a boundary belongs to the later clip', () => {
    expect(clipAt(clips, 0)).toEqual({ index: 0, localMs: 0 });
    expect(clipAt(clips, 1999)).toEqual({ index: 0, localMs: 1999 });
    expect(clipAt(clips, 2000)).toEqual({ index: 1, localMs: 0 });
    expect(clipAt(clips, 4499)).toEqual({ index: 1, localMs: 2499 });
    expect(clipAt(clips, 4500)).toEqual({ index: 2, localMs: 0 });
    expect(clipAt(clips, 99999)).toEqual({ index: 2, localMs: 2000 });
    expect(clipAt([], 5)).toEqual({ index: -1, localMs: 0 });
  });
});

describe('codecs a browser cannot play', () => {
  it('checks each codec of a MIME type on its own and names the first refused', () => {
    expect(codecsOf('video/mp4; codecs="avc1.64001f, mp4a.40.2"')).toEqual(['avc1.64001f', 'mp4a.40.2']);
    expect(codecsOf('video/webm')).toEqual([]);
    const asked: string[] = [];
    const canPlay = (t: string) => (asked.push(t), !t.includes('hvc1'));
    expect(unplayableCodec('video/mp4; codecs="hvc1.1.6.L93.B0,mp4a.40.2"', canPlay)).toBe('hvc1.1.6.L93.B0');
    expect(asked).toEqual(['video/mp4; codecs="hvc1.1.6.L93.B0"']);
    expect(unplayableCodec('video/mp4; codecs="avc1.42c01e,mp4a.40.2"', canPlay)).toBeUndefined();
  });
  it('says which codec, by its family and string, and which browser', () => {
    expect(videoStrings.cannotDecode('hvc1.1.6.L93.B0', browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'))).toBe(
      'This recording is HEVC (hvc1.1.6.L93.B0); Chromium here cannot decode it.',
    );
    expect(videoStrings.cannotDecode('mp4v.20.1', 'Firefox')).toContain('MPEG-4 Part 2 (mp4v.20.1)');
  });
});
