import type { ApiError, ErrorCode } from './model';

/**
 * Thrown inside the core and the parsers for problems that stop a recording from opening at all.
 * Hosts turn it into an ApiError value at the contract boundary; people never see its stack.
 */
export class TrailviewError extends Error {
  readonly code: ErrorCode;
  readonly offsetBytes?: number;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, where: { offsetBytes?: number; line?: number } = {}) {
    super(message);
    this.name = 'TrailviewError';
    this.code = code;
    if (where.offsetBytes !== undefined) this.offsetBytes = where.offsetBytes;
    if (where.line !== undefined) this.line = where.line;
  }

  toApiError(): ApiError {
    const e: ApiError = { code: this.code, message: this.message };
    if (this.offsetBytes !== undefined) e.offsetBytes = this.offsetBytes;
    if (this.line !== undefined) e.line = this.line;
    return e;
  }
}

/** Any thrown value as an ApiError; unknown errors become INTERNAL with their message only. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof TrailviewError) return err.toApiError();
  if (isApiError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `internal error: ${message}` };
}

export function isApiError(v: unknown): v is ApiError {
  return typeof v === 'object' && v !== null && typeof (v as ApiError).code === 'string' && typeof (v as ApiError).message === 'string';
}
