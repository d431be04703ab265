import { ageBand } from './age-band';

describe('ageBand (docs/security.md "Pseudonymisation")', () => {
  it.each([
    // birth year, screening date, band — worked by hand: age = screening year − birth year, band = floor(age/10)×10 … +9
    [1984, '2026-01-05', '40-49'], // 2026 − 1984 = 42 → 40-49
    [1986, '2026-12-31', '40-49'], // 2026 − 1986 = 40: the band's first year
    [1987, '2026-06-15', '30-39'], // 2026 − 1987 = 39: the band's last year
    [2008, '2026-01-01', '10-19'], // 2026 − 2008 = 18 → 10-19
  ])('born %i, screened %s → %s', (year, date, band) => {
    expect(ageBand(year, date)).toBe(band);
  });
});
