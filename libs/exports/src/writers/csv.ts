import { Cell } from './table-writer';

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quote a field containing a comma, quote or line break; double the quotes inside. Null → empty. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(row: Cell[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(row[i]);
  return line + '\r\n';
}
