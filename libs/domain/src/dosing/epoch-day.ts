import { IsoDate } from '../dates';

/**
 * Hot-path day number for a validated `YYYY-MM-DD` (same value as dates.ts toEpochDay, without
 * the regex + Date allocation): decideInterval calls it once per infusion and trough, which keeps
 * a 5-year history well above the 2,000 decisions/s target. Algorithm: days-from-civil
 * (proleptic Gregorian), exact for all 4-digit years.
 */
export function fastEpochDay(date: IsoDate): number {
  const c = (i: number) => date.charCodeAt(i) - 48;
  let y = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  const m = c(5) * 10 + c(6);
  const d = c(8) * 10 + c(9);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
