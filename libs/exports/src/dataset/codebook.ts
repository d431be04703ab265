import type { PseudonymisationLevel } from '../export-job.entity';
import { visibleVariables } from './pseudonymisation';
import { DatasetTable } from './variable';
import { Cell, OutputColumn } from '../writers/table-writer';

/**
 * The CSV cell writer's formula guard (@eid/core csv-cell.ts, OWASP CSV injection), stated on every text column:
 * numbers are never prefixed, so negative values stay numeric.
 */
export const CSV_FORMULA_GUARD_NOTE =
  "CSV files: a text value starting with = + - @ tab or CR is written with a leading apostrophe (') so spreadsheets do not run it as a formula; strip it to recover the value (XLSX and ODM hold the value unchanged)";

export const CODEBOOK_COLUMNS: OutputColumn[] = [
  { name: 'table', type: 'text', label: 'Table' },
  { name: 'variable', type: 'text', label: 'Variable' },
  { name: 'label', type: 'text', label: 'Label' },
  { name: 'type', type: 'text', label: 'Type' },
  { name: 'unit', type: 'text', label: 'Unit' },
  { name: 'allowed_values', type: 'text', label: 'Allowed values (code=label)' },
  { name: 'description', type: 'text', label: 'Description' },
];

/**
 * The codebook of an export (one row per output column): derived from the same tables the data is written from,
 * so it cannot drift from the files. `allowed_values` is `code=label` pairs separated by " | "; every coded
 * variable is followed by its `<name>_label` column (type text). Booleans are coded 1/0 (CSV, ODM) and are Excel
 * TRUE/FALSE in XLSX. In XLSX, a table split over several sheets gets a row of type `sheets` naming them.
 */
export function codebookRows(tables: DatasetTable[], level: PseudonymisationLevel, dateShifted: boolean, sheetsOf?: (table: string) => string[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const t of tables) {
    const sheets = sheetsOf?.(t.name) ?? [];
    if (sheets.length > 1) {
      rows.push([t.name, null, t.label, 'sheets', null, sheets.join(' | '), `More rows than an Excel sheet holds (1,048,575 + header): continued on sheets ${sheets.slice(1).join(', ')}`]);
    }
    for (const v of visibleVariables(t, level)) {
      const shifted = dateShifted && (v.type === 'date' || v.type === 'datetime') ? 'shifted by a per-participant offset (pseudonymisation)' : null;
      const coded = v.type === 'boolean' ? 'coded 1/0 (TRUE/FALSE in XLSX, true/false in Dataset-JSON)' : null;
      const guard = v.type === 'text' ? CSV_FORMULA_GUARD_NOTE : null;
      const description = [v.description, coded, shifted, guard].filter(Boolean).join('; ') || null;
      const allowed = v.codeList ? v.codeList.map((c) => `${c.code}=${c.label}`).join(' | ') : null;
      rows.push([t.name, v.name, v.label, v.type, v.unit ?? null, allowed, description]);
      if (v.codeList) rows.push([t.name, `${v.name}_label`, `${v.label} (label)`, 'text', null, null, `Label of ${v.name}; ${CSV_FORMULA_GUARD_NOTE}`]);
    }
  }
  return rows;
}
