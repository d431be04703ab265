/** Units are always printed next to values (issue #7); "—" marks a missing value, never a blank. */
export const ugPerMl = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v} µg/mL`);
export const weeks = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v} wk`);
export const mg = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v} mg`);
export const kg = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v} kg`);
export const orDash = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : String(v));

/** Calendar dates are shown exactly as entered (ISO YYYY-MM-DD): no time-zone shift can move them a day. */
export const isoDate = (v: string | null | undefined): string => v ?? '—';

/** Instants (audit times) in the site's time zone, with the zone named so nobody guesses. */
export function instant(iso: string, timeZone = 'Europe/Amsterdam'): string {
  const d = new Date(iso);
  const fmt = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return `${fmt.format(d)} (${timeZone})`;
}

export const STATUS_COLORS: Record<string, string> = {
  screening: 'blue',
  'screen-failed': 'gray',
  enrolled: 'teal',
  completed: 'indigo',
  withdrawn: 'orange',
  'lost-to-follow-up': 'red',
};

export function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
