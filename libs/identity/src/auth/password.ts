import { dictionary } from '@zxcvbn-ts/language-common';
import { FieldProblem } from '@eid/core';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Common and breached passwords: the ~49,000 of @zxcvbn-ts/language-common (a maintained package compiled
 * from public breach corpora), plus this platform's own obvious words (drug, trial names) which no general
 * list carries. NIST SP 800-63B §5.1.1.2: refuse "commonly-used, expected, or compromised" values.
 */
const COMMON = new Set<string>([
  ...dictionary['passwords-common'].map((w: string) => w.toLowerCase()),
  'natalizumab',
  'tysabri',
  'pdnms',
  'nextms',
]);

/** The word a password is built on when digits and symbols are only stuck on around it ("Welcome2025!" → "welcome"). */
function core(lower: string): string {
  return lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
}

/**
 * Password policy (NIST SP 800-63B §5.1.1.2; Part 11 §11.300(b)): length rather than composition rules,
 * refuse common values and values derived from the account, and nothing that is one repeated character.
 * Returns the problems for field `field` (empty when acceptable).
 */
export function passwordProblems(password: string, email: string, field = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const p = (code: string, reason: string) => problems.push({ field, code, reason });
  if (typeof password !== 'string') {
    p('PASSWORD_TYPE', 'password must be a string');
    return problems;
  }
  if (password.length < PASSWORD_MIN_LENGTH) p('PASSWORD_TOO_SHORT', `password must have at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) p('PASSWORD_TOO_LONG', `password must have at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = password.toLowerCase();
  const mail = email.trim().toLowerCase();
  const local = mail.split('@')[0];
  if (lower === mail || (local.length >= 4 && lower.includes(local)))
    p('PASSWORD_CONTAINS_EMAIL', 'password must not contain the e-mail address or its user name');
  if (new Set(password).size < 4) p('PASSWORD_TOO_SIMPLE', 'password must use at least 4 different characters');
  if (COMMON.has(lower) || COMMON.has(core(lower)))
    p('PASSWORD_COMMON', 'password is on a list of common or breached passwords (also with digits or symbols added around it)');
  return problems;
}
