/**
 * A full garbage collection of the calling thread's heap, now. V8 frees a big string that is no longer
 * used only at its next full collection, which may be long after: until then the memory is held twice
 * when it moves to another thread (the search helper taking over half of a text index). The `gc`
 * function is made available at run time (V8's --expose-gc flag, then a context that has it).
 * Returns false where that is not possible.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const fn: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof fn === 'function' ? (fn as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
  return gc !== null;
}
