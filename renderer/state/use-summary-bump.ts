/** A counter that goes up each time the host pushes a new summary of recording `id`: a reason to ask again. */
import { useEffect, useState } from 'react';
import type { RecordingId } from '../../shared/model';
import type { TrailviewApi } from '../api';

export function useSummaryBump(api: TrailviewApi, id: RecordingId | null): number {
  const [bump, setBump] = useState(0);
  useEffect(() => {
    if (!id) return;
    return api.on('summary', (s) => {
      if (s.id === id) setBump((n) => n + 1);
    });
  }, [api, id]);
  return bump;
}
