import fc from 'fast-check';
import { fromEpochDay, toEpochDay } from '../dates';
import { fastEpochDay, fastIsoDate } from './epoch-day';

describe('fastEpochDay agrees with dates.ts toEpochDay', () => {
  it.each([
    ['1970-01-01', 0],
    ['2000-02-29', 11016],
    ['2024-02-29', 19782],
    ['2025-03-31', 20178],
  ])('%s → %d', (d, n) => {
    expect(fastEpochDay(d)).toBe(n);
    expect(toEpochDay(d)).toBe(n);
  });
  it('property: every day 1900–2199', () => {
    fc.assert(fc.property(fc.integer({ min: -25567, max: 84000 }), (n) => fastEpochDay(fromEpochDay(n)) === n));
  });
});

describe('fastIsoDate agrees with dates.ts fromEpochDay', () => {
  it.each([
    [0, '1970-01-01'],
    [11016, '2000-02-29'],
    [19782, '2024-02-29'],
    [20178, '2025-03-31'],
  ])('%d → %s', (n, d) => {
    expect(fastIsoDate(n)).toBe(d);
  });
  it('property: every day 1900–2199', () => {
    fc.assert(fc.property(fc.integer({ min: -25567, max: 84000 }), (n) => fastIsoDate(n) === fromEpochDay(n)));
  });
});
