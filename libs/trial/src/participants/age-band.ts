/**
 * The age band that replaces the exact birth year wherever data is pseudonymised (statistician reads and
 * pseudonymised exports, issue 16 item 2; docs/security.md "Pseudonymisation"). Only the birth YEAR is collected,
 * so the age is the calendar-year difference at screening (screening year − birth year), which may be one year
 * above the age in completed years; the band is 10 years wide ("40-49"). A derived convention of this platform,
 * not a clinical number. JavaScript and SQL are generated from the same width and proven equal in
 * test/export-pseudonymisation.e2e-spec.ts.
 */
export const AGE_BAND_YEARS = 10;

export function ageBand(birthYear: number, screeningDate: string): string {
  const age = Number(screeningDate.slice(0, 4)) - birthYear;
  const low = Math.floor(age / AGE_BAND_YEARS) * AGE_BAND_YEARS;
  return `${low}-${low + AGE_BAND_YEARS - 1}`;
}

/** The same band as an SQL text expression over a birth-year and a screening-date column. */
export function ageBandSql(birthYearSql: string, screeningDateSql: string): string {
  const age = `(extract(year FROM ${screeningDateSql})::int - ${birthYearSql})`;
  const low = `(floor(${age}::numeric / ${AGE_BAND_YEARS})::int * ${AGE_BAND_YEARS})`;
  return `CASE WHEN ${birthYearSql} IS NULL OR ${screeningDateSql} IS NULL THEN NULL ELSE ${low}::text || '-' || (${low} + ${AGE_BAND_YEARS - 1})::text END`;
}
