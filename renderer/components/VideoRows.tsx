import type { VideoSummary } from '../../shared/model';
import { codecFamily } from '../../shared/formats/video/codec-names';
import { formatNumber, useT } from '../i18n';

/** The info panel's facts about a video recording: picture size, codecs, clips, how the MP4 is laid out. */
export function VideoRows({ s }: { s: VideoSummary }) {
  const t = useT('video');
  const v = s.video;
  const layout = [v.faststart === undefined ? undefined : v.faststart ? t('faststart') : t('moovAtEnd'), v.fragmented ? t('fragmented') : undefined].filter(Boolean);
  return (
    <>
      <dt>{t('picture')}</dt>
      <dd data-testid="video-picture">
        {formatNumber(v.width)} × {formatNumber(v.height)}
      </dd>
      <dt>{t('codecs')}</dt>
      <dd data-testid="video-codecs">
        {v.codecs.map((c) => (
          <div key={c}>
            {codecFamily(c)} <code className="muted">{c}</code>
          </div>
        ))}
      </dd>
      {v.clips.length > 1 && (
        <>
          <dt>{t('clips')}</dt>
          {/* Each clip is listed with its start (a link) in the panel's parts section. */}
          <dd data-testid="video-clips">{t('clipCount', { count: v.clips.length })}</dd>
        </>
      )}
      {layout.length > 0 && (
        <>
          <dt>{t('layout')}</dt>
          <dd data-testid="video-layout">{layout.join(', ')}</dd>
        </>
      )}
    </>
  );
}
