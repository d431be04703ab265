/** One problem with one field, as the API's global ValidationPipe and edit checks report it (400 details). */
export interface FieldProblem {
  field: string;
  code: string;
  reason: string;
}

/** The API's error body: `{ statusCode, code, message, details?, correlationId }` (libs/core http-exception.filter). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  correlationId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.code;
  }

  /** Field problems of a 400, keyed by field path (e.g. `troughUgPerMl`), for showing at the field. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.body.details)) return out;
    for (const d of this.body.details as Partial<FieldProblem>[]) {
      if (d && typeof d.field === 'string') out[d.field] = out[d.field] ? `${out[d.field]}; ${d.reason ?? d.code}` : `${d.reason ?? d.code} (${d.code})`;
    }
    return out;
  }

  /** The current record sent back with a 409 stale-version answer, so the user can redo the change on it. */
  currentRecord<T>(): T | undefined {
    const d = this.body.details as { current?: T } | undefined;
    return d && typeof d === 'object' && 'current' in d ? d.current : undefined;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** A message a person can act on, with the correlation id a support desk needs. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.body.correlationId ? `${e.message} (ref. ${e.body.correlationId})` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
