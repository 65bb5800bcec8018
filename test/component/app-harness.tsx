/** Renders the whole App against the fake api, with engines that draw into FakeSinks. */
import { App } from '../../renderer/components/App';
import type { TrailviewApi } from '../../renderer/api';
import { TerminalEngine } from '../../renderer/player/engines/terminal';
import { terminalChunks } from '../../renderer/player/chunk-cache';
import { createFakeApi, type FakeApi, type FakeRecording } from './fake-api';
import { FakeSink } from './fake-sink';
import { $, render, waitFor, type Rendered } from './helpers';
import { ManualScheduler } from './manual-scheduler';

export interface AppHarness extends Rendered {
  api: FakeApi;
  sinks: FakeSink[];
  sched: ManualScheduler;
  player(): HTMLElement;
  timeMs(): number;
  waitForTime(ms: number): Promise<void>;
}

export async function renderApp(
  recordings: FakeRecording[],
  opts: { library?: boolean; patch?: (api: FakeApi) => void } = {},
): Promise<AppHarness> {
  const api = createFakeApi(recordings, opts);
  opts.patch?.(api);
  const sinks: FakeSink[] = [];
  const sched = new ManualScheduler();
  const createEngine = (a: TrailviewApi) =>
    new TerminalEngine({
      fetchChunk: terminalChunks((req) => a.call('chunk', req)),
      createSink: () => {
        const s = new FakeSink();
        sinks.push(s);
        return s;
      },
      scheduler: sched,
    });
  const r = await render(<App api={api} createEngine={createEngine} />);
  const player = () => $(r.container, '[data-testid="player"]');
  const timeMs = () => Number(player().dataset.timeMs);
  return {
    ...r,
    api,
    sinks,
    sched,
    player,
    timeMs,
    waitForTime: async (ms) => {
      await waitFor(() => player().dataset.seeking === 'false' && timeMs() === ms, `player at ${ms} ms`);
    },
  };
}

/** Sets an input's value the way a user would, so React's onChange sees it. */
export function typeInto(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
