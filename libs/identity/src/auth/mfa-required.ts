import { EntityManager } from 'typeorm';
import { AppError } from '@eid/core';
import { User } from '../entities/user.entity';

/**
 * The `amr` value (RFC 8176 "multiple-factor authentication") a session carries when its sign-in passed a
 * second factor: password + TOTP or recovery code, or SSO whose provider reported one. The only marker of it.
 */
export const SECOND_FACTOR_AMR = 'mfa';

/** Whether a session's authentication methods include a second factor (docs/security.md → Sessions keep…). */
export function sessionHasSecondFactor(amr: readonly string[] | undefined): boolean {
  return Array.isArray(amr) && amr.includes(SECOND_FACTOR_AMR);
}

/**
 * The refusal of a session signed in without a second factor once a study requires one for the user's role (the
 * guard on each request, the refresh): 401, so the web app ends the session and the next login asks for the code.
 */
export function sessionMfaRequired(): AppError {
  return AppError.unauthorized('A study requires a second factor for your role: sign in again with it', 'SESSION_MFA_REQUIRED');
}

/**
 * SQL boolean: some study requires a second factor for a role the user holds (or for admins, if the user is
 * one). `userId` and `isAdmin` are SQL expressions (placeholders or columns). The actor loader evaluates it on
 * every request and mfaRequiredFor at sign-in, so both judge the same rule.
 */
export function mfaRequiredSql(userId: string, isAdmin: string): string {
  return `(EXISTS (SELECT 1 FROM membership m JOIN study s ON s.id = m.study_id WHERE m.user_id = ${userId} AND m.role::text = ANY (s.mfa_required_roles))
         OR (${isAdmin} AND EXISTS (SELECT 1 FROM study s WHERE 'admin' = ANY (s.mfa_required_roles))))`;
}

/** True when some study requires a second factor for a role this user holds (or for admins, if one is). */
export async function mfaRequiredFor(em: EntityManager, user: Pick<User, 'id' | 'isAdmin'>): Promise<boolean> {
  const [row] = (await em.query(`SELECT ${mfaRequiredSql('$1::uuid', '$2::boolean')} AS required`, [user.id, user.isAdmin])) as Array<{
    required: boolean;
  }>;
  return row.required;
}
