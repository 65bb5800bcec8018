/** The selected recording's activity per time bucket (the seek bar's heat strip), refreshed while indexing. */
import { useEffect, useState } from 'react';
import type { Activity, RecordingSummary } from '../../shared/model';
import type { TrailviewApi } from '../api';

/** While indexing, the strip grows this often: often enough to watch, rarely enough to be free. */
const REFRESH_MS = 1500;

export function useActivity(api: TrailviewApi, summary: RecordingSummary | null): Activity | null {
  const [state, setState] = useState<{ id: string; activity: Activity } | null>(null);
  const id = summary?.id ?? null;
  const indexing = summary?.index.state === 'indexing';

  useEffect(() => {
    if (!id) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (): void => {
      void api.call('activity', { id }).then((r) => {
        if (!live) return;
        if (r.ok) setState({ id, activity: r.value });
        if (indexing) timer = setTimeout(load, REFRESH_MS);
      });
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, id, indexing]);

  return state && state.id === id ? state.activity : null;
}
