import { csvCell, csvLine as coreCsvLine } from '@eid/core';
import { Cell } from './table-writer';

/**
 * Export CSV fields and lines come from THE platform CSV cell writer (@eid/core csv-cell.ts): RFC 4180 quoting
 * and OWASP CSV-injection neutralisation of text cells (numbers stay numeric). Documented in the codebook.
 */
export function csvField(v: Cell): string {
  return csvCell(v);
}

export function csvLine(row: Cell[]): string {
  return coreCsvLine(row);
}
