import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

export type Enrolment = components['schemas']['EnrolmentStartDto'];
type EnrolStart = components['schemas']['EnrolStartDto'];
type ReAuth = components['schemas']['ReAuthDto'];

/**
 * The enrolment token of a login refused with MFA_ENROLMENT_REQUIRED opens the two enrolment routes only;
 * it is sent explicitly because no session exists yet (the client's middleware adds a session's token only).
 */
const withToken = (token: string | undefined) => (token ? { headers: { Authorization: `Bearer ${token}` } } : {});

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

/** A TOTP code is six digits; anything longer is taken as a recovery code (xxxx-xxxx-xxxx, mfa.service.ts). */
export function secondFactor(code: string): { totp: string } | { recoveryCode: string } | Record<string, never> {
  const c = code.trim();
  if (!c) return {};
  return /^\d{6}$/.test(c) ? { totp: c } : { recoveryCode: c };
}
