/**
 * What the router adds to the summary of whatever session it opened: the archive the recording came from
 * and its session metadata, normalised. Terminal, Guacamole and video sessions stay unaware of both.
 */
import type { ContainerInfo, RecordingSummary } from '../../../shared/model';
import { looksLikeSessionMetadata, sessionFacts } from '../../../shared/formats/jumpserver/session-facts';

export interface Decoration {
  container?: ContainerInfo;
  /** Session metadata found next to the recording (e.g. `<sid>.json`), fields as found. */
  metadata?: Record<string, unknown>;
}

export function decorateSummary<S extends RecordingSummary>(summary: S, d: Decoration | undefined): S {
  const metadata = d?.metadata ? { ...summary.metadata, ...d.metadata } : summary.metadata;
  if (!metadata && !d?.container) return summary;
  const out: S = { ...summary };
  if (metadata) {
    out.metadata = metadata;
    // A part manifest's own fields (lion's replay.json) are session metadata too.
    if (looksLikeSessionMetadata(metadata)) {
      const facts = sessionFacts(metadata);
      if (Object.keys(facts).length > 0) out.session = { ...facts, ...summary.session };
    }
  }
  if (d?.container) out.container = d.container;
  return out;
}
