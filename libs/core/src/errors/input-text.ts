import { FieldProblem } from './app-error';

/**
 * Text every string field of every request must satisfy (issue 16 item 6, issue 19 item 6), checked once for all
 * fields by the global validation pipe (validation.ts), so no DTO can forget it:
 * - no control characters other than tab, CR and LF (C0, DEL and C1): PostgreSQL refuses NUL in text (a 500
 *   before), and the others are invisible in the eCRF, the audit trail and the exports;
 * - no lone UTF-16 surrogates: they are not Unicode text and would be stored as U+FFFD, silently changed.
 * Nothing is stripped or corrected: the request is refused with 400 naming the field (never clamp clinical input).
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deepest JSON nesting a request body may have; the deepest DTO (screening evidence lists) uses 3. */
export const MAX_JSON_DEPTH = 32;

export function textProblem(field: string, value: string): FieldProblem | null {
  if (FORBIDDEN_CONTROL.test(value))
    return { field, code: 'CONTROL_CHARACTER', reason: 'control characters other than tab, CR and LF are not accepted' };
  if (LONE_SURROGATE.test(value)) return { field, code: 'INVALID_UNICODE', reason: 'the text is not valid Unicode (a lone surrogate)' };
  return null;
}

/** Every string in `value` (object keys included), with its field path (`items.0.date`); `prefix` names the root. */
export function inputTextProblems(value: unknown, prefix = '', depth = 0): FieldProblem[] {
  if (typeof value === 'string') {
    const p = textProblem(prefix || 'value', value);
    return p ? [p] : [];
  }
  if (value === null || typeof value !== 'object' || depth > MAX_JSON_DEPTH) return [];
  const out: FieldProblem[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = prefix ? `${prefix}.${key}` : key;
    const keyProblem = textProblem(field, key);
    if (keyProblem) out.push(keyProblem);
    else out.push(...inputTextProblems(v, field, depth + 1));
  }
  return out;
}

/**
 * Nesting depth of a JSON text, counted on the raw bytes (brackets outside strings) BEFORE JSON.parse: a body of
 * 100,000 nested arrays would otherwise recurse in the parser and the validators (a 500 before, also
 * unauthenticated at login). Linear in the body size, which the body limit bounds.
 */
export function jsonDepthExceeds(raw: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (inString) {
      if (b === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > max) return true;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return false;
}

/**
 * body-parser `verify` hook refusing too deep JSON before it is parsed: 400 `JSON_TOO_DEEP` through the error
 * filter (body-parser passes our status on; `expose` marks it a client error).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, raw: Buffer): void {
  if (jsonDepthExceeds(raw)) {
    throw Object.assign(new Error(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), {
      status: 400,
      statusCode: 400,
      expose: true,
      type: 'entity.too.deep',
    });
  }
}
