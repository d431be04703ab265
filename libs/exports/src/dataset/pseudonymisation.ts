import { AGE_BAND_YEARS, ageBandSql } from '@eid/trial';
import { DatasetTable, Variable } from './variable';

import type { PseudonymisationLevel } from '../export-job.entity';


/** The exact birth year's stand-in in pseudonymised exports: the same band as the API's (@eid/trial age-band.ts). */
const AGE_BAND: Variable = {
  name: 'age_band',
  label: 'Age band at screening',
  type: 'text',
  sql: ageBandSql('t.birth_year', 't.screening_date'),
  description: `screening year minus birth year, in ${AGE_BAND_YEARS}-year bands (replaces the exact birth year when pseudonymised; derived, docs/security.md)`,
};

/**
 * The variables a level lets through: identifying ones and free text are dropped when pseudonymised, and the
 * exact birth year becomes an age band (issue 16 item 2).
 */
export function visibleVariables(table: DatasetTable, level: PseudonymisationLevel): Variable[] {
  if (level === 'none') return table.variables;
  return table.variables.filter((v) => !v.identifying && !v.freeText).map((v) => (table.kind === 'participant' && v.name === 'birth_year' ? AGE_BAND : v));
}

const EXPORT_KEY = /^[0-9a-f]{64}$/;

/**
 * Record ids re-keyed per export (issue 16 item 2): in a pseudonymised export every record id and every reference
 * to one (a uuid column, `recordKey`) becomes SHA-256(export key ‖ id), truncated to 32 hex digits. The key is
 * random per export run and never stored, so ids still join WITHIN one file (a trough's precedes_infusion_id to
 * its infusion's record_id) but not ACROSS files: a plain and a date-shifted export cannot be joined on record
 * ids to recover the shift. Done in SQL, so the row path, the COPY path and ODM all write the same value.
 */
export function rekeyIds(tables: DatasetTable[], exportKeyHex: string): DatasetTable[] {
  if (!EXPORT_KEY.test(exportKeyHex)) throw new Error('the export key must be 32 random bytes in hex');
  return tables.map((t) => ({
    ...t,
    variables: t.variables.map((v) =>
      v.recordKey
        ? {
            ...v,
            sql: `left(encode(sha256(convert_to('${exportKeyHex}' || (${v.sql})::text, 'UTF8')), 'hex'), 32)`,
            description: [v.description, 're-keyed for this export: joins within this file only'].filter(Boolean).join('; '),
          }
        : v,
    ),
  }));
}
