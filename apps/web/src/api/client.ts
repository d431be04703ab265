import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../auth/session';
import { ApiError, type ApiErrorBody } from './errors';
import type { paths } from './schema';

/**
 * The typed API client. Paths, parameters and bodies come from the OpenAPI document of the API
 * (`npm run openapi:generate`), so a changed DTO fails `tsc` of the web build.
 */
export const api = createClient<paths>({ baseUrl: '' });

/** Requests that must never trigger a token refresh (they are the refresh, or they have no token). */
const NO_REFRESH = ['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/logout'];

/**
 * The guard's answers for a missing, expired or revoked token (libs/identity/src/access/auth.guard.ts), and for a
 * session signed in without the second factor a study now requires: its refresh is refused too, which ends the
 * session, so the login page asks for the code.
 */
const TOKEN_REFUSED = ['UNAUTHENTICATED', 'INVALID_TOKEN', 'SESSION_MFA_REQUIRED'];

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time: parallel 401s wait for the same rotation (the old refresh token is single-use). */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = session.refreshToken();
    if (!refreshToken) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      session.clear();
      return false;
    }
    const body = (await res.json()) as { accessToken: string; refreshToken: string };
    session.set(body);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A body can be read once: keep an unread copy of each request so it can be replayed after a refresh. */
const replayable = new WeakMap<Request, Request>();

const auth: Middleware = {
  async onRequest({ request }) {
    const token = session.accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    if (!NO_REFRESH.includes(new URL(request.url).pathname)) replayable.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const copy = replayable.get(request);
    replayable.delete(request);
    if (response.status !== 401 || !copy) return response;
    // Only a token the guard refused is worth a refresh. A re-entered password or code that was wrong (account
    // changes answer 401 REAUTH_PASSWORD_INVALID, MFA_INVALID, …) must not be replayed: each try counts toward lockout.
    const { code } = ((await response
      .clone()
      .json()
      .catch(() => ({}))) ?? {}) as { code?: string };
    if (code !== undefined && !TOKEN_REFUSED.includes(code)) return response;
    // The access token expired: rotate once and replay the same request.
    if (!(await refreshTokens())) return response;
    copy.headers.set('Authorization', `Bearer ${session.accessToken()}`);
    return fetch(copy);
  },
};
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the API's `{ code, message, details }`. */
export async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await promise;
  if (response.ok) return data as T;
  const body = (
    error && typeof error === 'object'
      ? error
      : { statusCode: response.status, code: `HTTP_${response.status}`, message: response.statusText }
  ) as ApiErrorBody;
  throw new ApiError(response.status, body);
}
