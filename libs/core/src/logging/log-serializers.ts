import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a log line may carry (docs/security.md → What is logged): never SQL parameters, request bodies,
 * tokens, codes, cookies or hashes. Requests are logged as method + path (the query string can hold an OIDC
 * code or state), responses as their status; errors as type, message, code and stack — without the
 * `parameters` and `driverError.detail` a database error carries (clinical values, once a password hash).
 */
export function requestSerializer(req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }): Record<string, unknown> {
  const raw = req.raw ?? req;
  const url = typeof raw.url === 'string' ? raw.url.split('?')[0] : undefined;
  return { id: req.id, method: raw.method, path: url };
}

export function responseSerializer(res: ServerResponse & { raw?: ServerResponse }): Record<string, unknown> {
  return { statusCode: (res.raw ?? res).statusCode };
}

/**
 * Fields of an error that are safe to log; everything else (parameters, query values, detail) is dropped.
 * pino-http hands its `err` serializer pino's own rendering of the error (every enumerable field — SQL parameters
 * included — with the error itself as `raw`): the fields are taken from the error itself again.
 */
export function errorSerializer(input: unknown): Record<string, unknown> {
  const err = isRendered(input) ? input.raw : input;
  if (!(err instanceof Error)) return { type: typeof err, message: 'non-error thrown' };
  const e = err as Error & { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? 'Error',
    message: redactMessage(e.message),
    stack: e.stack ? redactMessage(e.stack) : undefined,
  };
  for (const key of ['code', 'constraint', 'table', 'column'] as const) if (typeof e[key] === 'string') out[key] = e[key];
  if (e.cause instanceof Error) out.cause = errorSerializer(e.cause);
  return out;
}

function isRendered(x: unknown): x is { raw: unknown } {
  return typeof x === 'object' && x !== null && !(x instanceof Error) && 'raw' in x;
}

/** PostgreSQL messages quote values ("Key (email)=(…)", "invalid input syntax for type uuid: "…""): cut them. */
export function redactMessage(message: string): string {
  return message.replace(/=\([^)]*\)/g, '=(…)').replace(/: "[^"]*"/g, ': "…"');
}
