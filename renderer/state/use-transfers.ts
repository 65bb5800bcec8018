/** The selected recording's file transfers, refreshed like its commands (see use-commands.ts). */
import type { RecordingSummary, TransferEntry } from '../../shared/model';
import type { TrailviewApi } from '../api';
import { useDerivedList, type DerivedList } from './use-commands';

function pickTransfers(v: unknown): { items: TransferEntry[]; partial: boolean } | null {
  const r = v as { transfers?: unknown; partial?: unknown } | null;
  if (!r || !Array.isArray(r.transfers)) return null;
  return { items: (r.transfers as TransferEntry[]).slice().sort((a, b) => a.timeMs - b.timeMs), partial: r.partial === true };
}

export function useTransfers(api: TrailviewApi, summary: RecordingSummary | null): DerivedList<TransferEntry> {
  return useDerivedList(api, summary, 'transfers', pickTransfers);
}
