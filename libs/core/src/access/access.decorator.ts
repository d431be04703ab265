import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { Action } from './permissions';

/**
 * Where a route's target lives, which decides how the global AuthGuard checks it:
 * - `authenticated`: any signed-in, active user (own profile, own study list).
 * - `admin`: platform administrators only.
 * - `study`: the actor needs a role allowing `action` in the study named by `:studyId`, `?study=`/`?studyId=`
 *   or body `studyId` (403 otherwise).
 * - `participant` (or any other per-record scope): the row named by a route parameter with a registered
 *   ScopeResolver (e.g. `:participantId`) is located first; outside the actor's sites → 404 (existence is
 *   not leaked), then the role must allow `action` (403).
 */
export type AccessScope = 'authenticated' | 'admin' | 'study' | 'participant';

export interface AccessPolicy {
  scope: AccessScope;
  action: Action | null;
}

export const ACCESS_POLICY_KEY = 'eid:access';
/** Routes that accept the short-lived MFA enrolment token instead of an access token. */
export const ALLOW_ENROLMENT_TOKEN_KEY = 'eid:allow-enrolment-token';

/** Every non-@Public route carries exactly one policy; the access-matrix e2e test fails for any that does not. */
export function Access(scope: 'authenticated' | 'admin'): MethodDecorator & ClassDecorator;
export function Access(action: Action, scope: 'study' | 'participant'): MethodDecorator & ClassDecorator;
export function Access(actionOrScope: Action | AccessScope, scope?: 'study' | 'participant'): MethodDecorator & ClassDecorator {
  const policy: AccessPolicy = scope ? { scope, action: actionOrScope as Action } : { scope: actionOrScope as AccessScope, action: null };
  return applyDecorators(SetMetadata(ACCESS_POLICY_KEY, policy), ApiBearerAuth());
}

export const AllowEnrolmentToken = () => SetMetadata(ALLOW_ENROLMENT_TOKEN_KEY, true);

/** Routes that accept the short-lived password-change token (login after an administrator's reset). */
export const ALLOW_PASSWORD_CHANGE_TOKEN_KEY = 'eid:allow-password-change-token';
export const AllowPasswordChangeToken = () => SetMetadata(ALLOW_PASSWORD_CHANGE_TOKEN_KEY, true);
