import { FieldProblem } from '@eid/core';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The most common passwords that satisfy a 12-character minimum (NIST SP 800-63B §5.1.1.2: check against
// commonly-used and compromised values).
const COMMON = new Set([
  'password1234',
  'passwordpassword',
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwerty123456',
  'iloveyou1234',
  'administrator',
  'welcome12345',
  'changeme1234',
  'letmein12345',
  'natalizumab1',
  'tysabri12345',
]);

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
  if (lower === mail || (local.length >= 4 && lower.includes(local))) p('PASSWORD_CONTAINS_EMAIL', 'password must not contain the e-mail address or its user name');
  if (new Set(password).size < 4) p('PASSWORD_TOO_SIMPLE', 'password must use at least 4 different characters');
  if (COMMON.has(lower)) p('PASSWORD_COMMON', 'password is too common');
  return problems;
}
