import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

export type Enrolment = components['schemas']['EnrolmentStartDto'];
type EnrolStart = components['schemas']['EnrolStartDto'];
type ReAuth = components['schemas']['ReAuthDto'];

/**
 * The one-purpose tokens of a refused login (MFA_ENROLMENT_REQUIRED: enrolment only; PASSWORD_CHANGE_REQUIRED:
 * password change only) are sent explicitly: no session exists yet and the client's middleware adds a session's token only.
 */
export const withToken = (token: string | null | undefined) => (token ? { headers: { Authorization: `Bearer ${token}` } } : {});

/** POST /api/v1/auth/mfa/enrol/start: a new secret and its QR code (re-authentication unless with the enrolment token). */
export function startEnrolment(body: EnrolStart, enrolmentToken?: string): Promise<Enrolment> {
  return call(api.POST('/api/v1/auth/mfa/enrol/start', { body, ...withToken(enrolmentToken) }));
}

/** POST /api/v1/auth/mfa/enrol/confirm: the first code of the new secret switches it on; the recovery codes come back once. */
export async function confirmEnrolment(code: string, enrolmentToken?: string): Promise<string[]> {
  const result = await call(api.POST('/api/v1/auth/mfa/enrol/confirm', { body: { code }, ...withToken(enrolmentToken) }));
  return result.recoveryCodes;
}

/** POST /api/v1/auth/mfa/remove: password and the current code (or a recovery code). */
export async function removeSecondFactor(body: ReAuth): Promise<void> {
  await call(api.POST('/api/v1/auth/mfa/remove', { body }));
}

/**
 * Digits only are a TOTP code: a mistyped one then gets the API's 400 TOTP_FORMAT at the field instead of a wrong
 * recovery code counted toward lockout. Recovery codes (xxxx-xxxx-xxxx, mfa.service.ts) always have letters or dashes.
 */
export function secondFactor(code: string): { totp: string } | { recoveryCode: string } | Record<string, never> {
  const c = code.trim();
  if (!c) return {};
  return /^\d+$/.test(c) ? { totp: c } : { recoveryCode: c };
}
