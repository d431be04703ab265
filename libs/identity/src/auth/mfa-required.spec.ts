import { sessionHasSecondFactor } from './mfa-required';

describe('sessionHasSecondFactor (the session amr decides a study MFA requirement)', () => {
  it.each([
    [['pwd', 'mfa'], true], // password + TOTP or recovery code
    [['sso', 'mfa'], true], // the identity provider reported a second factor
    [['pwd'], false],
    [['sso'], false],
    [['pwd', 'otp'], false], // a token from before sessions kept `mfa`: counts as password only (safe side)
    [[], false],
    [undefined, false], // a token without the claim
  ])('%j → %s', (amr, expected) => {
    expect(sessionHasSecondFactor(amr as string[] | undefined)).toBe(expected);
  });
});
