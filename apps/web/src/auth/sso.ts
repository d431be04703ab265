import { api, call } from '../api/client';
import { ApiError } from '../api/errors';
import { session } from './session';

/** Where the API's OIDC callback sends the browser after a login it accepted (docs/security.md → Single sign-on). */
export const SSO_RETURN_PATH = '/sso';

let pending: Promise<boolean> | null = null;
let failure: string | null = null;

/**
 * Redeems the callback's one-time HttpOnly cookie for our token pair, stored like a password login's. Once per
 * page load: React runs mount effects twice in development, and the code works only once.
 */
export function completeSso(): Promise<boolean> {
  pending ??= call(api.POST('/api/v1/auth/oidc/exchange')).then(
    (tokens) => {
      session.set(tokens);
      return true;
    },
    (e: unknown) => {
      failure = e instanceof ApiError ? e.code : 'OIDC_FAILED';
      return false;
    },
  );
  return pending;
}

/** The code of a failed SSO attempt: from the exchange, or from the API's redirect to `/?ssoError=<code>`. */
export function ssoFailure(search: string): string | null {
  const code = failure ?? new URLSearchParams(search).get('ssoError');
  if (code === null) return null;
  // Only a code is ever shown from the URL, never text someone put in a link.
  return /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'OIDC_FAILED';
}

/** Once shown: a later sign-out does not bring the old failure back. */
export function forgetSsoFailure(): void {
  failure = null;
}
