import { VariableType } from '../dataset/variable';
import { Cell, OutputColumn } from './table-writer';

/** Excel's sheet limit is 1,048,576 rows; the header takes one. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

export type XlsxValue = string | number | boolean | Date | null;

/**
 * Cell styles shared by every cell of a kind. exceljs looks a style up by object identity first (a WeakMap); a
 * fresh object per cell costs a full style render and hash per cell, which is what made styled streaming 3× slower.
 */
export const XLSX_STYLES = {
  date: { numFmt: 'yyyy-mm-dd' },
  datetime: { numFmt: 'yyyy-mm-dd hh:mm:ss' },
  plain: {},
  header: { font: { bold: true } },
} as const;

/** The shared style object of a column type (dates and datetimes carry a number format; everything else none). */
export function xlsxStyleOf(type: VariableType): object {
  return type === 'date' ? XLSX_STYLES.date : type === 'datetime' ? XLSX_STYLES.datetime : XLSX_STYLES.plain;
}

/**
 * Calendar dates become Excel dates at UTC midnight and instants Excel date-times in UTC (exceljs writes a Date as
 * its UTC serial number), so a cell shows exactly the `YYYY-MM-DD` / `YYYY-MM-DDTHH:MM:SSZ` of the CSV. Booleans
 * (1/0 from the row formatter, the codebook's codes) become Excel TRUE/FALSE.
 */
export function xlsxCellConverter(type: VariableType): (v: Cell) => XlsxValue {
  switch (type) {
    case 'date':
      return (v) => (typeof v === 'string' ? new Date(Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10))) : v);
    case 'datetime':
      return (v) => (typeof v === 'string' ? new Date(Date.parse(v)) : v);
    case 'boolean':
      return (v) => (v === 1 ? true : v === 0 ? false : v);
    default:
      return (v) => v;
  }
}

/** Column width in characters: wide enough for the header and the typical value of its type, at most 50. */
export function xlsxColumnWidth(c: OutputColumn): number {
  const typical = { date: 11, datetime: 20, integer: 8, float: 10, boolean: 7, text: c.name.endsWith('_label') ? 14 : 18 }[c.type];
  return Math.min(50, Math.max(typical, c.name.length + 2));
}

/** Sheet names of a table of `rows` data rows: the table's name, then `<name>_2`, `<name>_3`… (31 characters at most). */
export function xlsxSheetNames(table: string, rows: number, maxDataRows = XLSX_MAX_DATA_ROWS): string[] {
  const sheets = Math.max(1, Math.ceil(rows / maxDataRows));
  return Array.from({ length: sheets }, (_, i) => (i === 0 ? table.slice(0, 31) : continuationSheetName(table, i + 1)));
}

export function continuationSheetName(table: string, n: number): string {
  const suffix = `_${n}`;
  return `${table.slice(0, 31 - suffix.length)}${suffix}`;
}
