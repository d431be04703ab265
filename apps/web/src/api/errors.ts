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

/** Validator codes in the words of the person entering data; the code itself stays visible, second. */
const PLAIN_WORDS: Record<string, string> = {
  IS_UUID: 'choose an entry from the list',
  IS_NOT_EMPTY: 'required',
  IS_DEFINED: 'required',
  REQUIRED: 'required',
  REASON_REQUIRED: 'give a reason for the change',
  INVALID_DATE: 'enter a date as YYYY-MM-DD',
  IS_DATE_STRING: 'enter a date as YYYY-MM-DD',
  IS_NUMBER: 'enter a number',
  IS_INT: 'enter a whole number',
  IS_BOOLEAN: 'answer yes or no',
  IS_IN: 'choose one of the offered answers',
  IS_ENUM: 'choose one of the offered answers',
  IS_EMAIL: 'enter an e-mail address',
  UNKNOWN_FIELD: 'not a field of this form',
};

/** "plannedVisitId must be a UUID" (a validator message naming the API field) → words, with the rule's code after. */
export function plainProblem(field: string, code: string | undefined, reason: string | undefined): string {
  const words = (code && PLAIN_WORDS[code]) ?? (reason ?? '').replace(new RegExp(`^${field.split('.').pop()}\\s+`), '') ?? code;
  return code ? `${words || code} · rule ${code}` : words;
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
      if (d && typeof d.field === 'string') {
        const text = plainProblem(d.field, d.code, d.reason);
        out[d.field] = out[d.field] ? `${out[d.field]}; ${text}` : text;
      }
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
  if (e instanceof ApiError) {
    const fields = Object.entries(e.fieldErrors()).map(([f, text]) => `${f}: ${text}`);
    const message = fields.length ? `${e.message} — ${fields.join('; ')}` : e.message;
    return e.body.correlationId ? `${message} (ref. ${e.body.correlationId})` : message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}
