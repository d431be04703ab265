/**
 * THE CSV cell writer (issue 16 item 8): every CSV the platform writes (export zips, report CSVs, the COPY fast
 * path of exports through `neutraliseFormulaSql`) renders its cells here.
 *
 * CSV injection (OWASP "CSV Injection"): a spreadsheet treats a cell starting with `=`, `+`, `-`, `@`, tab or
 * carriage return as a formula. A TEXT cell starting with one of them is written with a leading apostrophe (`'`),
 * which spreadsheets show as text; the codebook says so. Numbers are written as numbers and never prefixed, so a
 * negative value stays numeric (`-1.5`); only text is neutralised — also a text that looks like a number
 * (`-2+3+cmd|…` is a known payload), so the decision follows the column's type, never the cell's look.
 * Quoting is RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; null → empty field.
 */
export const FORMULA_LEADING_CHARACTERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];
export const FORMULA_NEUTRALISING_PREFIX = "'";

const NEEDS_QUOTES = /[",\r\n]/;

/** A text value made inert for spreadsheets: prefixed with an apostrophe when it starts with a formula character. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_LEADING_CHARACTERS.includes(text[0]) ? FORMULA_NEUTRALISING_PREFIX + text : text;
}

/** One CSV field: numbers as numbers, text neutralised then RFC 4180-quoted, null/undefined empty. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const s = neutraliseFormula(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (CRLF ended, RFC 4180). */
export function csvLine(row: ReadonlyArray<string | number | null | undefined>): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvCell(row[i]);
  return line + '\r\n';
}

/**
 * The same neutralisation as SQL, for CSV written by PostgreSQL's COPY (exports' fast path): generated from
 * FORMULA_LEADING_CHARACTERS so the two cannot drift; test/exports-csv-copy.e2e-spec.ts proves both paths write
 * the same bytes for values starting with each character. `textExpr` is an SQL text expression (NULL stays NULL).
 */
export function neutraliseFormulaSql(textExpr: string): string {
  const chars = FORMULA_LEADING_CHARACTERS.map((c) => (c === '\t' ? `E'\\t'` : c === '\r' ? `E'\\r'` : `'${c.replace(/'/g, "''")}'`));
  const prefix = `'${FORMULA_NEUTRALISING_PREFIX.replace(/'/g, "''")}'`;
  return `(CASE WHEN left(${textExpr}, 1) IN (${chars.join(', ')}) THEN ${prefix} || ${textExpr} ELSE ${textExpr} END)`;
}
