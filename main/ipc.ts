/**
 * The Electron transport of the contract: one invoke channel, one event channel. Every message is
 * checked for its sender (one of our windows, showing our own origin) before it is dispatched.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { fail, IPC_EVENT, IPC_INVOKE, type EventName, type Events, type Handlers, type Result } from '../shared/api';
import { dispatch } from './host/dispatch';
import { isAppUrl } from './host/origin';

const windows = new Set<BrowserWindow>();

/** Windows whose messages we accept and which receive events. */
export function trackWindow(win: BrowserWindow): void {
  windows.add(win);
  win.on('closed', () => windows.delete(win));
}

export function trackedWindows(): BrowserWindow[] {
  return [...windows];
}

/** Why a sender is refused, or null when it is one of ours. */
export function senderProblem(event: IpcMainInvokeEvent): string | null {
  const win = BrowserWindow.fromWebContents(event.sender);
  if (!win || !windows.has(win)) return 'Refused: the request did not come from a Trailview window.';
  const frameUrl = event.senderFrame?.url;
  if (!isAppUrl(frameUrl)) return `Refused: the request came from a page that is not Trailview's own (${String(frameUrl ?? 'unknown frame').slice(0, 100)}).`;
  return null;
}

export async function handleInvoke(handlers: Handlers, event: IpcMainInvokeEvent, message: unknown): Promise<Result<unknown>> {
  const problem = senderProblem(event);
  if (problem) return fail('BAD_REQUEST', problem);
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return fail('BAD_REQUEST', 'An IPC request must be an object {method, req}.');
  }
  const { method, req } = message as { method?: unknown; req?: unknown };
  return dispatch(handlers, method, req);
}

export function registerIpc(handlers: Handlers): () => void {
  ipcMain.handle(IPC_INVOKE, (event, message: unknown) => handleInvoke(handlers, event, message));
  return () => ipcMain.removeHandler(IPC_INVOKE);
}

export function broadcast<E extends EventName>(event: E, payload: Events[E]): void {
  for (const win of windows) {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, { event, payload });
  }
}
