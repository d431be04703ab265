/**
 * Calendar dates as `YYYY-MM-DD` strings, arithmetic in UTC (STYLE.md: dates).
 * The library never reads the clock: callers pass `asOf`.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function assertIsoDate(value: unknown, what = 'date'): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${String(value)}`);
  return value;
}

function parts(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 (UTC) — the one integer form used for all day arithmetic. */
export function toEpochDay(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  return addDays(date, weeks * 7);
}

/** `to − from` in days (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * Calendar-month shift clamped to the last day of the target month
 * (docs/science/protocols.md conventions: 31 Aug − 6 months = 28/29 Feb).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const td = Math.min(d, daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface DateWindow {
  from: IsoDate;
  to: IsoDate;
}

/** `[reference − months, reference]`, both ends inclusive (docs/science/protocols.md "Calendar windows"). */
export function monthsBackWindow(reference: IsoDate, months: number): DateWindow {
  return { from: addMonths(reference, -months), to: reference };
}

export function inWindow(date: IsoDate, window: DateWindow): boolean {
  return date >= window.from && date <= window.to;
}

/** Whole years between two dates (birthday not yet reached → one less). */
export function wholeYearsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/** Julian year (365.25 days), the denominator of patient-years (docs/science/outcomes.md ARR). */
export const DAYS_PER_YEAR = 365.25;
