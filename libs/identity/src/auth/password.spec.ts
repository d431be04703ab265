import { passwordProblems } from './password';

describe('password policy', () => {
  const codes = (pw: string, email = 'anna.jansen@umc.nl') => passwordProblems(pw, email).map((p) => p.code);

  it.each([
    ['correct horse battery', []],
    ['short', ['PASSWORD_TOO_SHORT']],
    ['aaaaaaaaaaaaaaaa', ['PASSWORD_TOO_SIMPLE']],
    ['Password1234', ['PASSWORD_COMMON']],
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
