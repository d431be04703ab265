import { ssoSecondFactor } from './oidc.service';

const AMR = ['mfa', 'otp', 'hwk'];

describe('SSO second factor from the ID token (issue 16 item 5, RFC 8176 amr)', () => {
  it.each([
    [{ amr: ['pwd'] }, undefined, false],
    [{ amr: ['pwd', 'otp'] }, undefined, true],
    [{ amr: ['mfa'] }, undefined, true],
    [{}, undefined, false],
    [{ amr: 'mfa' }, undefined, false], // not an array: not trusted
    [{ acr: 'urn:hospital:loa:high' }, 'urn:hospital:loa:high', true],
    [{ acr: 'urn:hospital:loa:low' }, 'urn:hospital:loa:high', false],
    [{ acr: 'urn:hospital:loa:high' }, undefined, false], // acr counts only when configured
  ])('%j with OIDC_MFA_ACR=%s → %s', (claims, acr, expected) => {
    expect(ssoSecondFactor(claims as Record<string, unknown>, AMR, acr as string | undefined)).toBe(expected);
  });
});
