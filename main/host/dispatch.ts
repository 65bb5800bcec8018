/**
 * The contract boundary of every host: unknown methods and malformed requests never reach a handler,
 * and whatever a handler throws leaves as an ApiError value (message only, never a stack).
 */
import { fail, isMethod, ok, type Handlers, type Result } from '../../shared/api';
import { toApiError } from '../../shared/errors';
import { validateRequest } from '../../shared/validate';

export async function dispatch(handlers: Handlers, method: unknown, req: unknown): Promise<Result<unknown>> {
  if (!isMethod(method)) {
    const shown = typeof method === 'string' ? `"${method.slice(0, 64)}"` : typeof method;
    return fail('UNKNOWN_METHOD', `Unknown method ${shown}.`);
  }
  const checked = validateRequest(method, req);
  if (!checked.ok) return { ok: false, error: checked.error };
  try {
    const handler = handlers[method] as (r: unknown) => Promise<unknown>;
    return ok(await handler(checked.req));
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}
