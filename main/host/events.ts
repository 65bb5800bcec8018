/** Core events as contract events, for any transport (IPC broadcast, server-sent events). */
import type { EventName, Events } from '../../shared/api';
import type { Core } from '../core/types';
import type { DisplayNames } from './display-names';

export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Forward the core's progress and summary events; returns the unsubscribe function. */
export function forwardCoreEvents(core: Core, names: DisplayNames, emit: EventSink): () => void {
  const offProgress = core.on('progress', (p) => emit('progress', p));
  const offSummary = core.on('summary', (s) => emit('summary', names.apply(s)));
  const offExport = core.on('exportProgress', (p) => emit('exportProgress', p));
  const offOpen = core.on('openProgress', (p) => emit('openProgress', p));
  return () => {
    offOpen();
    offProgress();
    offSummary();
    offExport();
  };
}
