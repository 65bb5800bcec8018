/**
 * The only bridge between the sandboxed renderer and the host. Bundled to CommonJS (sandboxed preloads
 * cannot be ES modules); it exposes exactly `invoke`, `on` and `pathForFile` and nothing of ipcRenderer.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENTS, fail, IPC_EVENT, IPC_INVOKE, isMethod, type EventName, type Events, type Result } from '../shared/api';

export interface TrailviewBridge {
  invoke(method: string, req: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** The filesystem path of a dropped/picked File ('' when it has none). */
  pathForFile(file: File): string;
}

const bridge: TrailviewBridge = {
  async invoke(method, req) {
    if (!isMethod(method)) return fail('UNKNOWN_METHOD', `Unknown method "${String(method).slice(0, 64)}".`);
    try {
      return (await ipcRenderer.invoke(IPC_INVOKE, { method, req })) as Result<unknown>;
    } catch (err) {
      return fail('INTERNAL', `internal error: ${err instanceof Error ? err.message : String(err)}`);
    }
  },
  on(event, listener) {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`trailview.on: unknown event "${String(event)}"`);
    const relay = (_e: IpcRendererEvent, message: { event?: unknown; payload?: unknown }) => {
      if (message?.event === event) listener(message.payload as Events[typeof event]);
    };
    ipcRenderer.on(IPC_EVENT, relay);
    return () => void ipcRenderer.removeListener(IPC_EVENT, relay);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('trailview', bridge);
