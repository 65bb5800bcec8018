/** Rendering and waiting helpers (no testing-library in this repo: react-dom + act directly). */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  root: Root;
  unmount(): void;
}

export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => root.render(ui));
  return {
    container,
    root,
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** Lets pending promises and React updates run. */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

/** Waits until `check` passes (re-checking as the app's promises settle); fails with its last error. */
export async function waitFor<T>(check: () => T, what = 'condition', timeoutMs = 3000): Promise<Exclude<T, false | null | undefined>> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const v = check();
      if (v !== false && v !== undefined && v !== null) return v as Exclude<T, false | null | undefined>;
      lastError = new Error(`${what} not met`);
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - started > timeoutMs) throw lastError;
    await act(async () => {
      await new Promise((r) => setTimeout(r, 5));
    });
  }
}

export function $(container: ParentNode, selector: string): HTMLElement {
  const el = container.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`no element ${selector}`);
  return el;
}

export async function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = window): Promise<void> {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  });
}
