import type { AppConfig } from '@eid/core';
import { OidcService } from './oidc.service';

/** Only the configuration is read by providers() and secureCookies(). */
function service(oidc: Partial<AppConfig['oidc']> | undefined): OidcService {
  const config = { oidc } as unknown as AppConfig;
  return new (OidcService as unknown as new (...args: unknown[]) => OidcService)(config, null, null, null, null);
}

describe('the sign-in options the login page offers (issue 17 item 2)', () => {
  it('offers no single sign-on when OIDC is not configured', () => {
    expect(service(undefined).providers()).toEqual([]);
  });

  it('names the configured provider by OIDC_LABEL', () => {
    const oidc = { issuer: 'https://idp.example', redirectUri: 'https://trial.example/api/v1/auth/oidc/callback', label: 'UMC account' };
    expect(service(oidc).providers()).toEqual([{ id: 'oidc', label: 'UMC account', loginUrl: '/api/v1/auth/oidc/login' }]);
  });

  it.each([
    ['https://trial.example/api/v1/auth/oidc/callback', true],
    ['http://127.0.0.1:3000/api/v1/auth/oidc/callback', false],
  ])('cookies for redirect URI %s are Secure: %s', (redirectUri, secure) => {
    expect(service({ redirectUri }).secureCookies()).toBe(secure);
  });
});
