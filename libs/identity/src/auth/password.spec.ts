import { passwordProblems } from './password';

describe('password policy', () => {
  const codes = (pw: string, email = 'anna.jansen@umc.nl') => passwordProblems(pw, email).map((p) => p.code);

  it.each([
    ['correct horse battery', []],
    ['short', ['PASSWORD_TOO_SHORT', 'PASSWORD_COMMON']],
    ['aaaaaaaaaaaaaaaa', ['PASSWORD_TOO_SIMPLE']],
    ['Password1234', ['PASSWORD_COMMON']],
    // Issue 16: a listed word ("welcome", in @zxcvbn-ts/language-common) with a year and a symbol stuck on.
    ['Welcome2025!', ['PASSWORD_COMMON']],
    // Exactly 12 characters, listed as is ("qwertyuiop12" → core "qwertyuiop", listed).
    ['qwertyuiop12', ['PASSWORD_COMMON']],
    ['!!natalizumab2026', ['PASSWORD_COMMON']],
    // 11 characters: one short of the minimum of 12.
    ['river-stone', ['PASSWORD_TOO_SHORT']],
    // Exactly 12 characters, no listed core: accepted.
    ['river-stones', []],
    ['demo-password', []],
    ['anna.jansen@umc.nl', ['PASSWORD_CONTAINS_EMAIL']],
    ['my-anna.jansen-secret', ['PASSWORD_CONTAINS_EMAIL']],
    ['x'.repeat(300), ['PASSWORD_TOO_LONG', 'PASSWORD_TOO_SIMPLE']],
  ])('%s → %j', (pw, expected) => {
    expect(codes(pw)).toEqual(expected);
  });

  it('names the field it was given', () => {
    expect(passwordProblems('short', 'a@b.org', 'newPassword')[0].field).toBe('newPassword');
  });
});
